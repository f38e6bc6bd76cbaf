#include "EmailAddress.h"

#include <algorithm>

namespace molar::notifyemail {

namespace {

std::string trim(const std::string& text)
{
    auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool isControl(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

} // namespace

bool isEmailAddress(const std::string& text)
{
    if (text.empty() || text.size() > 254 || std::count(text.begin(), text.end(), '@') != 1)
        return false;
    for (unsigned char c : text)
        // These would end the address early in RCPT TO or in a To: header.
        if (isControl(c) || c >= 0x80 || c == ' ' ||
            std::string("<>()[]\\,;:\"").find(c) != std::string::npos)
            return false;
    const auto at = text.find('@');
    const std::string domain = text.substr(at + 1);
    const auto dot = domain.find('.');
    return at > 0 && dot != std::string::npos && dot > 0 && domain.back() != '.' &&
           domain.find("..") == std::string::npos;
}

std::string domainOf(const std::string& address)
{
    return address.substr(address.find('@') + 1);
}

bool parseMailbox(const std::string& text, Mailbox& out)
{
    if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return isControl(c); }))
        return false;
    const auto open = text.find('<');
    if (open == std::string::npos) {
        out = {"", trim(text)};
        return isEmailAddress(out.address);
    }
    const auto close = text.find('>', open);
    if (close == std::string::npos || !trim(text.substr(close + 1)).empty())
        return false;
    std::string name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
    // Quotes and brackets inside the name would confuse the header it goes into.
    if (name.find_first_of("\"<>\\") != std::string::npos)
        return false;
    out = {name, trim(text.substr(open + 1, close - open - 1))};
    return isEmailAddress(out.address);
}

} // namespace molar::notifyemail

#include "accounts/security/PasswordPolicy.h"

#include <fstream>
#include <stdexcept>
#include <utility>

namespace molar::host {

namespace {

// ASCII only: the lists are ASCII, and this leaves every UTF-8 byte above 0x7F as it is.
std::string lower(std::string text)
{
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string trim(const std::string& text)
{
    const char* space = " \t\r\n";
    const std::size_t first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// The lower-cased words to look for in a password, from what the user told us.
std::vector<std::string> expand(const std::vector<std::string>& personalWords)
{
    std::vector<std::string> words;
    for (const std::string& raw : personalWords) {
        std::string word = lower(trim(raw));
        const std::size_t at = word.find('@');
        if (at == std::string::npos) {
            words.push_back(word);
            continue;
        }
        // An email address: its domain is shared with colleagues, the local part is personal.
        word.erase(at);
        words.push_back(word);
        std::size_t start = 0;
        while (start <= word.size()) {
            const std::size_t end = word.find_first_of("._-+", start);
            const std::size_t stop = end == std::string::npos ? word.size() : end;
            if (start > 0 || stop < word.size())
                words.push_back(word.substr(start, stop - start));
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
    }
    return words;
}

} // namespace

PasswordPolicy::PasswordPolicy(std::unordered_set<std::string> common, std::size_t minCodePoints)
    : _minCodePoints(minCodePoints)
{
    for (const std::string& entry : common)
        _common.insert(lower(entry));
}

PasswordPolicy PasswordPolicy::fromFile(const std::string& path, std::size_t minCodePoints)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read common passwords from " + path);
    std::unordered_set<std::string> common;
    std::string line;
    while (std::getline(in, line)) {
        // Only a CRLF ending is cut: a listed password may start or end with a space.
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const std::string trimmed = trim(line);
        if (trimmed.empty() || trimmed[0] == '#')
            continue;
        common.insert(line);
    }
    return PasswordPolicy(std::move(common), minCodePoints);
}

std::size_t PasswordPolicy::codePoints(const std::string& text)
{
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80)
            ++count;
    return count;
}

std::string PasswordPolicy::check(const std::string& password,
                                  const std::vector<std::string>& personalWords) const
{
    if (password.size() > MAX_BYTES)
        return "password.tooLong";
    if (codePoints(password) < _minCodePoints)
        return "password.tooShort";
    const std::string lowered = lower(password);
    if (_common.count(lowered))
        return "password.common";
    for (const std::string& word : expand(personalWords))
        if (codePoints(word) >= MIN_PERSONAL_WORD && lowered.find(word) != std::string::npos)
            return "password.personal";
    return "";
}

} // namespace molar::host

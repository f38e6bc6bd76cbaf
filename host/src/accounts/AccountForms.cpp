#include "accounts/AccountForms.h"

#include <regex>

namespace molar::host::AccountForms {

const std::vector<Country>& countries()
{
    static const std::vector<Country> list{
        {"QA", "Qatar"},          {"AE", "United Arab Emirates"},
        {"SA", "Saudi Arabia"},   {"KW", "Kuwait"},
        {"BH", "Bahrain"},        {"OM", "Oman"},
        {"IN", "India"},          {"AU", "Australia"},
        {"AT", "Austria"},        {"BE", "Belgium"},
        {"BR", "Brazil"},         {"CA", "Canada"},
        {"CN", "China"},          {"DK", "Denmark"},
        {"EG", "Egypt"},          {"FI", "Finland"},
        {"FR", "France"},         {"DE", "Germany"},
        {"GR", "Greece"},         {"IE", "Ireland"},
        {"IT", "Italy"},          {"JP", "Japan"},
        {"JO", "Jordan"},         {"LB", "Lebanon"},
        {"MY", "Malaysia"},       {"MA", "Morocco"},
        {"NL", "Netherlands"},    {"NZ", "New Zealand"},
        {"NO", "Norway"},         {"PK", "Pakistan"},
        {"PH", "Philippines"},    {"PL", "Poland"},
        {"PT", "Portugal"},       {"SG", "Singapore"},
        {"ZA", "South Africa"},   {"KR", "South Korea"},
        {"ES", "Spain"},          {"LK", "Sri Lanka"},
        {"SE", "Sweden"},         {"CH", "Switzerland"},
        {"TN", "Tunisia"},        {"TR", "Türkiye"},
        {"GB", "United Kingdom"}, {"US", "United States"},
    };
    return list;
}

bool isCountry(const std::string& code)
{
    for (const auto& c : countries())
        if (c.code == code)
            return true;
    return false;
}

bool isEmail(const std::string& email)
{
    static const std::regex pattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    return email.size() <= 254 && !hasControlCharacters(email) && std::regex_match(email, pattern);
}

bool isUsername(const std::string& username)
{
    static const std::regex pattern("^[A-Za-z0-9][A-Za-z0-9 ._'-]{2,63}$");
    return std::regex_match(username, pattern);
}

bool isText(const std::string& text, std::size_t maxBytes)
{
    return !text.empty() && text.size() <= maxBytes && !hasControlCharacters(text);
}

bool hasControlCharacters(const std::string& text)
{
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return true;
            ++i;
            continue;
        }
        // The length of a UTF-8 sequence and the smallest code point it may encode.
        std::size_t length = 0;
        char32_t code = 0, least = 0;
        if ((c & 0xe0) == 0xc0)
            length = 2, code = c & 0x1f, least = 0x80;
        else if ((c & 0xf0) == 0xe0)
            length = 3, code = c & 0x0f, least = 0x800;
        else if ((c & 0xf8) == 0xf0)
            length = 4, code = c & 0x07, least = 0x10000;
        else
            return true;
        if (i + length > n)
            return true;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80)
                return true;
            code = (code << 6) | (next & 0x3f);
        }
        if (code < least || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return true;
        if ((code >= 0x80 && code <= 0x9f) || code == 0x2028 || code == 0x2029)
            return true;
        i += length;
    }
    return false;
}

std::string textError(const std::string& text, std::size_t maxBytes, const std::string& emptyKey)
{
    if (text.empty() || text.size() > maxBytes)
        return emptyKey;
    return hasControlCharacters(text) ? "accountForm.error.control" : "";
}

sdk::Value countryOptions(const std::string& selected)
{
    sdk::Value out = sdk::Value::array();
    for (const auto& c : countries())
        out.push(sdk::Value::object({{"code", c.code}, {"name", c.name}, {"selected", c.code == selected}}));
    return out;
}

sdk::Value options(const std::vector<std::string>& values, const std::string& selected,
                   const std::string& keyPrefix, const ViewEngine& views, const std::string& language)
{
    sdk::Value out = sdk::Value::array();
    for (const auto& v : values)
        out.push(
            sdk::Value::object({{"value", v},
                                {"label", views.translate(keyPrefix + (v.empty() ? "all" : v), language)},
                                {"selected", v == selected}}));
    return out;
}

const std::vector<std::string>& roles(const std::string& side)
{
    static const std::vector<std::string> clinic{"owner", "dentist", "staff"};
    static const std::vector<std::string> lab{"admin", "technician", "lead", "billing"};
    static const std::vector<std::string> none;
    return side == "clinic" ? clinic : side == "lab" ? lab : none;
}

} // namespace molar::host::AccountForms

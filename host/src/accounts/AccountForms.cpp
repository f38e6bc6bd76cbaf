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
    return email.size() <= 254 && std::regex_match(email, pattern);
}

bool isUsername(const std::string& username)
{
    static const std::regex pattern("^[A-Za-z0-9][A-Za-z0-9 ._'-]{2,63}$");
    return std::regex_match(username, pattern);
}

bool isText(const std::string& text, std::size_t maxBytes)
{
    if (text.empty() || text.size() > maxBytes)
        return false;
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f)
            return false;
    return true;
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

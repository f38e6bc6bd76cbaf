#include "FormBody.h"

namespace molar::paystripe {

std::string formEncode(const std::string& text, bool keepBrackets)
{
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '.' || c == '_' || c == '~' ||
                           (keepBrackets && (c == '[' || c == ']'));
        if (plain) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0f];
        }
    }
    return out;
}

FormBody& FormBody::add(const std::string& key, const std::string& value)
{
    _fields.emplace_back(key, value);
    return *this;
}

FormBody& FormBody::set(const std::string& key, const std::string& value)
{
    bool found = false;
    for (auto& field : _fields)
        if (field.first == key) {
            field.second = value;
            found = true;
        }
    return found ? *this : add(key, value);
}

std::string FormBody::value(const std::string& key) const
{
    for (const auto& field : _fields)
        if (field.first == key)
            return field.second;
    return "";
}

FormBody& FormBody::add(const std::string& key, std::int64_t value)
{
    return add(key, std::to_string(value));
}

FormBody& FormBody::add(const std::string& key, bool value)
{
    return add(key, std::string(value ? "true" : "false"));
}

std::string FormBody::encoded() const
{
    std::string out;
    for (const auto& [key, value] : _fields) {
        if (!out.empty())
            out += '&';
        out += formEncode(key, true);
        out += '=';
        out += formEncode(value);
    }
    return out;
}

} // namespace molar::paystripe

#include "store/FieldCodec.h"

#include <cctype>
#include <stdexcept>

namespace molar::cases {
namespace {

void appendEncoded(std::string& out, const std::string& text)
{
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::string decoded(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() + 0 && hexDigit(text[i + 1]) >= 0 &&
            hexDigit(text[i + 2]) >= 0) {
            out += static_cast<char>(hexDigit(text[i + 1]) * 16 + hexDigit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

std::string percentEncode(const std::string& text)
{
    std::string out;
    appendEncoded(out, text);
    return out;
}

std::string encodeFields(const std::map<std::string, std::string>& fields)
{
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty())
            out += '&';
        appendEncoded(out, name);
        out += '=';
        appendEncoded(out, value);
    }
    return out;
}

std::map<std::string, std::string> decodeFields(const std::string& text)
{
    std::map<std::string, std::string> fields;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string item = text.substr(start, end - start);
        const std::size_t eq = item.find('=');
        if (eq != std::string::npos)
            fields[decoded(item.substr(0, eq))] = decoded(item.substr(eq + 1));
        start = end + 1;
    }
    return fields;
}

namespace {
const std::string kAmountPrefix = "amount:";
const std::string kDatePrefix = "date:";

// "<number> <word>": an amount's minor units and currency, a date's instant and zone.
bool splitPair(const std::string& value, std::int64_t& number, std::string& word)
{
    const auto space = value.find(' ');
    if (space == std::string::npos)
        return false;
    try {
        number = std::stoll(value.substr(0, space));
    } catch (const std::exception&) {
        return false;
    }
    word = value.substr(space + 1);
    return true;
}
} // namespace

std::string encodeSummary(const Activity& activity)
{
    std::map<std::string, std::string> all = activity.summaryFields;
    for (const auto& [name, amount] : activity.summaryAmounts)
        all[kAmountPrefix + name] = std::to_string(amount.minor) + " " + amount.currency;
    for (const auto& [name, date] : activity.summaryDates)
        all[kDatePrefix + name] = std::to_string(date.utcMillis) + " " + date.zone;
    return encodeFields(all);
}

void decodeSummary(const std::string& text, Activity& activity)
{
    for (auto& [name, value] : decodeFields(text)) {
        std::int64_t number = 0;
        std::string word;
        // A value not written by encodeSummary leaves its placeholder empty.
        if (name.rfind(kAmountPrefix, 0) == 0) {
            if (splitPair(value, number, word))
                activity.summaryAmounts[name.substr(kAmountPrefix.size())] = {number, word};
        } else if (name.rfind(kDatePrefix, 0) == 0) {
            if (splitPair(value, number, word))
                activity.summaryDates[name.substr(kDatePrefix.size())] = {number, word};
        } else {
            activity.summaryFields[name] = value;
        }
    }
}

} // namespace molar::cases

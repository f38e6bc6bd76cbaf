// Money as integer minor units: reading and writing amounts without floating point.
#include "molar/sdk/Money.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace molar::sdk {

namespace {

// ISO 4217 currencies whose minor unit is not two digits (funds codes included).
const char* const zeroDigits[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                  "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
const char* const threeDigits[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
const char* const fourDigits[] = {"CLF", "UYW"};

template <std::size_t N> bool listed(const char* const (&list)[N], const std::string& code)
{
    return std::find_if(std::begin(list), std::end(list), [&](const char* c) { return code == c; }) !=
           std::end(list);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::string trimmed(const std::string& text)
{
    auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

// The whole part's digits without its thousands commas; nothing when a comma is misplaced.
std::optional<std::string> ungrouped(const std::string& whole)
{
    if (whole.find(',') == std::string::npos)
        return whole;
    std::string digits;
    std::size_t group = 0;
    bool first = true;
    for (std::size_t i = 0; i <= whole.size(); ++i) {
        if (i == whole.size() || whole[i] == ',') {
            if (group == 0 || group > 3 || (!first && group != 3))
                return std::nullopt;
            first = false;
            group = 0;
            continue;
        }
        digits += whole[i];
        ++group;
    }
    return digits;
}

} // namespace

int currencyMinorDigits(const std::string& currency)
{
    if (currency.size() != 3 ||
        !std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        throw std::invalid_argument("'" + currency +
                                    "' is not an ISO 4217 currency code (three upper-case letters)");
    if (listed(zeroDigits, currency))
        return 0;
    if (listed(threeDigits, currency))
        return 3;
    if (listed(fourDigits, currency))
        return 4;
    return 2;
}

std::optional<std::int64_t> parseMinorUnits(const std::string& text, const std::string& currency,
                                            bool allowNegative)
{
    const int digits = currencyMinorDigits(currency);
    std::string rest = trimmed(text);
    bool negative = false;
    if (!rest.empty() && rest[0] == '-') {
        if (!allowNegative)
            return std::nullopt;
        negative = true;
        rest.erase(0, 1);
    }
    const auto point = rest.find('.');
    std::string whole = rest.substr(0, point);
    std::string fraction = point == std::string::npos ? std::string() : rest.substr(point + 1);
    if (whole.empty() || (point != std::string::npos && fraction.empty()))
        return std::nullopt; // ".5", "5." and "" are not amounts
    if (fraction.size() > static_cast<std::size_t>(digits))
        return std::nullopt;
    auto wholeDigits = ungrouped(whole);
    if (!wholeDigits || !std::all_of(wholeDigits->begin(), wholeDigits->end(), isDigit) ||
        !std::all_of(fraction.begin(), fraction.end(), isDigit))
        return std::nullopt;
    fraction.append(static_cast<std::size_t>(digits) - fraction.size(), '0');

    // Accumulate the magnitude unsigned; the negative range is one larger.
    const std::uint64_t limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1u : 0u);
    std::uint64_t magnitude = 0;
    for (char c : *wholeDigits + fraction) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (magnitude > (limit - digit) / 10)
            return std::nullopt;
        magnitude = magnitude * 10 + digit;
    }
    if (!negative)
        return static_cast<std::int64_t>(magnitude);
    if (magnitude == limit)
        return std::numeric_limits<std::int64_t>::min();
    return -static_cast<std::int64_t>(magnitude);
}

std::string formatMinorUnits(std::int64_t minor, const std::string& currency)
{
    const int digits = currencyMinorDigits(currency);
    const bool negative = minor < 0;
    // The magnitude, computed unsigned so that the smallest int64 has one too.
    const std::uint64_t magnitude =
        negative ? static_cast<std::uint64_t>(-(minor + 1)) + 1u : static_cast<std::uint64_t>(minor);
    std::string plain = std::to_string(magnitude);
    if (plain.size() <= static_cast<std::size_t>(digits))
        plain.insert(0, static_cast<std::size_t>(digits) + 1 - plain.size(), '0');
    const std::string whole = plain.substr(0, plain.size() - static_cast<std::size_t>(digits));
    const std::string fraction = plain.substr(plain.size() - static_cast<std::size_t>(digits));

    std::string out = negative ? "-" : "";
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            out += ',';
        out += whole[i];
    }
    if (digits > 0)
        out += "." + fraction;
    return out;
}

std::string formatMoney(const Money& money)
{
    return money.currency + " " + formatMinorUnits(money.minor, money.currency);
}

} // namespace molar::sdk

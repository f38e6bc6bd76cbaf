#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::sdk {

// An amount of money (since SDK 1.6): integer minor units of an ISO 4217 currency,
// never a floating-point number. 125050 QAR is 1,250.50 riyals; 1250 JPY is 1,250 yen;
// 1250 KWD is 1.250 dinars.
struct Money
{
    std::int64_t minor = 0;
    std::string currency; // ISO 4217, upper case: "QAR"
};

// How many minor digits the currency has: JPY 0, QAR 2, KWD 3 (ISO 4217). Throws
// std::invalid_argument for a code that is not three upper-case letters.
MOLAR_SDK_API int currencyMinorDigits(const std::string& currency);

// Reads an amount as a person types it: "1,250.5" QAR -> 125050, "1250" JPY -> 1250.
// Commas may group the whole part by thousands; spaces around are ignored. Answers
// nothing for an empty text, letters, more decimals than the currency has ("1.234"
// QAR, "5.0" JPY), misplaced commas, an amount beyond the int64 range, and a sign:
// "-" is accepted only when allowNegative is true, "+" never. Throws
// std::invalid_argument for a currency code that is not one (currencyMinorDigits).
MOLAR_SDK_API std::optional<std::int64_t>
parseMinorUnits(const std::string& text, const std::string& currency, bool allowNegative = false);

// Writes an amount with thousands commas and the currency's minor digits:
// 125050 QAR -> "1,250.50", 1250 JPY -> "1,250", 1250 KWD -> "1.250", -5 QAR -> "-0.05".
// parseMinorUnits reads it back to the same number.
MOLAR_SDK_API std::string formatMinorUnits(std::int64_t minor, const std::string& currency);

// "QAR 1,250.50": the currency code, a space, formatMinorUnits.
MOLAR_SDK_API std::string formatMoney(const Money& money);

} // namespace molar::sdk

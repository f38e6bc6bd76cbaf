#pragma once

#include "StatementCsv.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::paybank {

// A statement line with its values read: the date as YYYY-MM-DD, the amount in
// minor units (negative for money leaving the account), the currency in upper case.
struct StatementLine
{
    int line = 0;
    std::string date;
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string description;
    std::string transactionId;
    // SHA-256 (hex) of the bank's transaction id, date, amount, currency and
    // description: the same line in any later import has the same id, so it is
    // recorded once.
    std::string eventId;
};

// The largest amount taken, in minor units (ten billion riyals, a billion dinars): no
// invoice asks for more, and sums of such amounts stay far from overflowing.
constexpr std::int64_t maxAmountMinor = 1000000000000;

// Reads one row's values; throws StatementError naming the row's line for a date,
// currency or amount it cannot read. Dates: 2026-05-12, 12/05/2026 or 12.05.2026
// (day first). Amounts: "1,250.50", "-20.00", with no more decimals than the currency has.
StatementLine readStatementLine(const StatementRow& row);

// The whole file: StatementCsv::parse, then each row.
std::vector<StatementLine> readStatement(const std::string& csv);

// "YYYY-MM-DD" for a date written in one of the forms above, or "" when it is none
// (or no such day).
std::string isoDate(const std::string& text);

} // namespace molar::paybank

#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace molar::billing {

// Integer money arithmetic for invoices: no floating point, and every overflow refused.

// The largest amount one line or one invoice may carry, in minor units (10^12: ten
// billion riyals), so that totals and tax never overflow int64.
constexpr std::int64_t kMaxAmountMinor = 1000000000000LL;

// quantity * unit, or nothing when beyond kMaxAmountMinor.
std::optional<std::int64_t> lineAmount(std::int64_t quantity, std::int64_t unitMinor);

// The tax on `subtotal` at `basisPoints` (1/100 of a percent), rounded half away
// from zero: 1005 at 500 bp is 50.25 -> 50, 1010 at 500 bp is 50.5 -> 51, and -1010 -> -51.
// Requires |subtotal| <= kMaxAmountMinor and 0 <= basisPoints <= 10000.
std::int64_t taxOn(std::int64_t subtotalMinor, std::int64_t basisPoints);

// "INV-2026-000042". Sequences past 999999 keep every digit ("INV-2026-1000000").
std::string invoiceNumber(int year, std::int64_t sequence);

// The calendar year of `epochMillis` in the IANA zone `timeZone` (UTC for "" or an
// unknown zone): an invoice issued at 23:30 UTC on 31 December is next year's in Qatar.
int yearInZone(std::int64_t epochMillis, const std::string& timeZone);

// The calendar date of `epochMillis` in `timeZone`, "2026-05-31" (UTC for "" or an unknown zone).
std::string dateInZone(std::int64_t epochMillis, const std::string& timeZone);

} // namespace molar::billing

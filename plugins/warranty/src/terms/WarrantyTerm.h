#pragma once

#include <cstdint>
#include <string>

namespace molar::warranty {

// A warranty's dates are civil days ("2026-05-12") in the lab's time zone: the card and
// the verify page print days, and a day means the same to the lab and the clinic.

// The day in `timeZone` (IANA) at `instantMs` (epoch milliseconds, UTC).
std::string localDay(std::int64_t instantMs, const std::string& timeZone);

// `isoDay` plus `months` calendar months, the day clamped to the month's last day
// (2028-02-29 plus 12 months is 2029-02-28; 2026-01-31 plus 1 month is 2026-02-28).
// std::invalid_argument for a day that is not YYYY-MM-DD or not on the calendar.
std::string addMonths(const std::string& isoDay, int months);

// Whether `isoDay` is a YYYY-MM-DD day on the calendar.
bool isCalendarDay(const std::string& isoDay);

enum class WarrantyState
{
    Valid,
    Expired,
    Void
};

// A warranty expiring on `expiresOn` is valid on the days before it; voided is void
// whatever the day. Days compare as text: both are YYYY-MM-DD.
WarrantyState warrantyStateOn(const std::string& today, const std::string& expiresOn, bool voided);

// "valid", "expired", "void": in the catalog keys and the pages' data.
std::string stateName(WarrantyState state);

} // namespace molar::warranty

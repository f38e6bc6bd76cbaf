#pragma once

#include <cstdint>
#include <string>

namespace molar::billing {

// A calendar month in the lab's time zone, as epoch milliseconds: [start, end).
struct MonthPeriod
{
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::string label; // "2026-05"
};

// Dates that billing counts in the lab's time zone (Host::timeZone()): due dates end
// with the lab's day, and a month is the lab's month, not UTC's. Times are epoch
// milliseconds, UTC, as on invoices.
// Every function throws std::invalid_argument for an unknown zone.
class LabCalendar
{
public:
    explicit LabCalendar(std::string timeZone);

    // The last millisecond of the local day `days` days after the local day of `utc`:
    // net terms of 30 days from a delivery at 23:30 on 1 May end at 23:59:59.999 on 31 May.
    std::int64_t endOfDayAfter(std::int64_t utc, int days) const;
    // The local month that contains `utc`, and the one before it.
    MonthPeriod monthOf(std::int64_t utc) const;
    MonthPeriod monthBefore(std::int64_t utc) const;
    // The local day of the month (1-31) at `utc`.
    int dayOfMonth(std::int64_t utc) const;

    const std::string& timeZone() const { return _timeZone; }

private:
    std::string _timeZone;
    const void* _zone = nullptr; // date::time_zone, kept out of this header
};

} // namespace molar::billing

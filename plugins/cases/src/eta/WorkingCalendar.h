#pragma once

#include "molar/sdk/Config.h"

#include <cstdint>
#include <set>
#include <string>

namespace molar::cases {

// The lab's working time: defaults Sun-Thu 09:00-19:00 in Asia/Qatar, cases
// received before 11:00 on a working day count from that day.
struct WorkingHours
{
    std::set<int> days{0, 1, 2, 3, 4}; // 0 = Sunday ... 6 = Saturday
    int openMinute = 9 * 60;           // minutes after local midnight
    int closeMinute = 19 * 60;
    int cutoffMinute = 11 * 60;
    std::string timeZone = "Asia/Qatar"; // IANA name
    std::set<std::string> holidays;      // local dates, "2026-12-18"
};

// Due times from SLAs in working hours. Thread-safe after construction.
class WorkingCalendar
{
public:
    // Throws std::invalid_argument for an unknown time zone, open >= close, no
    // working day, a minute outside the day or a holiday not written YYYY-MM-DD.
    explicit WorkingCalendar(WorkingHours hours);

    // When work of `slaHours` working hours is due if received at `receivedUtc`
    // (Unix seconds). Received on a working day before the cutoff: counting
    // starts then (or at opening, if earlier); otherwise at the next working
    // day's opening. Holidays and non-working days are skipped. A due time that
    // falls exactly on closing is that closing, not the next opening. Hours are
    // elapsed time, so a window spanning a DST change is an hour shorter or longer.
    // Throws std::invalid_argument for a negative SLA and std::out_of_range when
    // the work would end more than three years on.
    std::int64_t dueAt(std::int64_t receivedUtc, int slaHours) const;

    const WorkingHours& hours() const { return _hours; }

    // Reads `eta.days` (sun, mon, ...), `eta.open`, `eta.close`, `eta.cutoff` (HH:MM),
    // `eta.timeZone`, `eta.holidays` (YYYY-MM-DD list); throws sdk::ConfigError.
    // Keys left out keep the defaults above; close may be 24:00. An empty or absent
    // `eta.timeZone` is `labTimeZone`, the host's (Host::timeZone()).
    static WorkingHours fromConfig(sdk::Config& config, const std::string& labTimeZone);

private:
    bool isWorkingDay(std::int64_t localDay) const;
    std::int64_t utcAt(std::int64_t localDay, int minute) const;

    WorkingHours _hours;
    const void* _zone = nullptr; // date::time_zone, kept out of this header
};

// Unix seconds shown in an IANA time zone with a strftime-like format of
// Howard Hinnant's date library ("%Y-%m-%d %H:%M"); an unknown zone falls back to UTC.
std::string formatInZone(std::int64_t utc, const std::string& timeZone, const std::string& format);
// The same as "%Y-%m-%d %H:%M" in `timeZone` (UTC when unknown), without the cost of
// a formatted stream: pages show dozens of times.
std::string formatMinuteInZone(std::int64_t utc, const std::string& timeZone);
bool isTimeZone(const std::string& name);
// A calendar date written YYYY-MM-DD ("2026-12-18"; not "2026-2-30").
bool isLocalDate(const std::string& text);

} // namespace molar::cases

#include "modes/LabCalendar.h"

#include <date/tz.h>

#include <cstdio>
#include <stdexcept>

namespace molar::billing {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const date::time_zone* zoneOf(const void* zone)
{
    return static_cast<const date::time_zone*>(zone);
}

date::local_days localDay(const date::time_zone* zone, std::int64_t utcMillis)
{
    const date::sys_seconds at = date::floor<seconds>(date::sys_time<milliseconds>{milliseconds{utcMillis}});
    return date::floor<date::days>(zone->to_local(at));
}

// The UTC millisecond a local day starts at; a midnight skipped by a DST change is
// the first instant that exists after it.
std::int64_t startOf(const date::time_zone* zone, date::local_days day)
{
    const date::local_seconds midnight{day};
    const date::local_info info = zone->get_info(midnight);
    const date::sys_seconds start = info.result == date::local_info::nonexistent
                                        ? info.second.begin
                                        : zone->to_sys(midnight, date::choose::earliest);
    return start.time_since_epoch().count() * 1000;
}

MonthPeriod period(const date::time_zone* zone, date::year_month month)
{
    MonthPeriod p;
    p.start = startOf(zone, date::local_days{month / 1});
    p.end = startOf(zone, date::local_days{(month + date::months{1}) / 1});
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02u", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    p.label = label;
    return p;
}

} // namespace

LabCalendar::LabCalendar(std::string timeZone) : _timeZone(std::move(timeZone))
{
    try {
        _zone = date::locate_zone(_timeZone.empty() ? "UTC" : _timeZone);
    } catch (const std::exception&) {
        throw std::invalid_argument("unknown time zone '" + _timeZone + "'");
    }
}

std::int64_t LabCalendar::endOfDayAfter(std::int64_t utc, int days) const
{
    const date::time_zone* zone = zoneOf(_zone);
    return startOf(zone, localDay(zone, utc) + date::days{days + 1}) - 1;
}

MonthPeriod LabCalendar::monthOf(std::int64_t utc) const
{
    const date::year_month_day ymd{localDay(zoneOf(_zone), utc)};
    return period(zoneOf(_zone), ymd.year() / ymd.month());
}

MonthPeriod LabCalendar::monthBefore(std::int64_t utc) const
{
    const date::year_month_day ymd{localDay(zoneOf(_zone), utc)};
    return period(zoneOf(_zone), ymd.year() / ymd.month() - date::months{1});
}

int LabCalendar::dayOfMonth(std::int64_t utc) const
{
    const date::year_month_day ymd{localDay(zoneOf(_zone), utc)};
    return static_cast<int>(static_cast<unsigned>(ymd.day()));
}

} // namespace molar::billing

#include "eta/WorkingCalendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace molar::cases {

namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// Long enough for any SLA the catalog allows, short enough to stop a bad
// calendar from looping for ever.
constexpr int kMaxDays = 3 * 366;

const date::time_zone* zoneOf(const void* zone)
{
    return static_cast<const date::time_zone*>(zone);
}

std::string dateText(date::local_days day)
{
    date::year_month_day ymd{day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

} // namespace

bool isLocalDate(const std::string& text)
{
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        return false;
    date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
    return ymd.ok() && dateText(date::local_days{ymd}) == text;
}

WorkingCalendar::WorkingCalendar(WorkingHours hours) : _hours(std::move(hours))
{
    if (_hours.days.empty() || *_hours.days.begin() < 0 || *_hours.days.rbegin() > 6)
        throw std::invalid_argument("working days must be 0 (Sunday) to 6 (Saturday), at least one");
    auto inDay = [](int minute) { return minute >= 0 && minute <= 24 * 60; };
    if (!inDay(_hours.openMinute) || !inDay(_hours.closeMinute) || !inDay(_hours.cutoffMinute))
        throw std::invalid_argument("working hours must lie within the day");
    if (_hours.openMinute >= _hours.closeMinute)
        throw std::invalid_argument("the lab must open before it closes");
    for (const auto& holiday : _hours.holidays)
        if (!isLocalDate(holiday))
            throw std::invalid_argument("holiday '" + holiday + "' is not a date YYYY-MM-DD");
    try {
        _zone = date::locate_zone(_hours.timeZone);
    } catch (const std::exception&) {
        throw std::invalid_argument("unknown time zone '" + _hours.timeZone + "'");
    }
}

bool WorkingCalendar::isWorkingDay(std::int64_t localDay) const
{
    date::local_days day{date::days{localDay}};
    int weekday = static_cast<int>(date::weekday{day}.c_encoding());
    return _hours.days.count(weekday) && !_hours.holidays.count(dateText(day));
}

std::int64_t WorkingCalendar::utcAt(std::int64_t localDay, int minute) const
{
    date::local_seconds local = date::local_days{date::days{localDay}} + minutes{minute};
    // A time skipped by a DST change maps to the change; a repeated one to its first pass.
    return zoneOf(_zone)->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

std::int64_t WorkingCalendar::dueAt(std::int64_t receivedUtc, int slaHours) const
{
    if (slaHours < 0)
        throw std::invalid_argument("an SLA cannot be negative");
    date::sys_seconds received{seconds{receivedUtc}};
    date::local_seconds local = zoneOf(_zone)->to_local(received);
    date::local_days today = date::floor<date::days>(local);
    auto minute = std::chrono::duration_cast<minutes>(local - today).count();

    std::int64_t day = today.time_since_epoch().count();
    if (!isWorkingDay(day) || minute >= _hours.cutoffMinute)
        ++day;
    std::int64_t remaining = std::int64_t(slaHours) * 3600;
    for (int step = 0; step < kMaxDays; ++step, ++day) {
        if (!isWorkingDay(day))
            continue;
        std::int64_t from = std::max(utcAt(day, _hours.openMinute), receivedUtc);
        std::int64_t close = utcAt(day, _hours.closeMinute);
        if (from >= close)
            continue;
        if (remaining <= close - from)
            return from + remaining;
        remaining -= close - from;
    }
    throw std::out_of_range("an SLA of " + std::to_string(slaHours) +
                            " working hours ends beyond three years");
}

std::string formatInZone(std::int64_t utc, const std::string& timeZone, const std::string& format)
{
    date::sys_seconds time{seconds{utc}};
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(timeZone);
    } catch (const std::exception&) {
        return date::format(format, time);
    }
    return date::format(format, date::zoned_time<seconds>(zone, time));
}

namespace {

// Zones by name, per thread: pages format dozens of times per request.
const date::time_zone* cachedZone(const std::string& name)
{
    thread_local std::map<std::string, const date::time_zone*> zones;
    auto it = zones.find(name);
    if (it != zones.end())
        return it->second;
    const date::time_zone* zone = nullptr;
    try {
        zone = name.empty() ? nullptr : date::locate_zone(name);
    } catch (const std::exception&) {
    }
    if (zones.size() > 64)
        zones.clear();
    return zones.emplace(name, zone).first->second;
}

} // namespace

std::string formatMinuteInZone(std::int64_t utc, const std::string& timeZone)
{
    std::int64_t local = utc;
    if (const date::time_zone* zone = cachedZone(timeZone))
        local += zone->get_info(date::sys_seconds{seconds{utc}}).offset.count();
    const auto day = date::floor<date::days>(date::sys_seconds{seconds{local}});
    const date::year_month_day ymd{day};
    // In seconds (64 bits): days count in an int, and a day's count times 86400 overflows
    // one from 2038-01-19.
    const std::int64_t minuteOfDay = (date::sys_seconds{seconds{local}} - day).count() / 60;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(minuteOfDay / 60), static_cast<int>(minuteOfDay % 60));
    return text;
}

bool isTimeZone(const std::string& name)
{
    if (name.empty())
        return false;
    return cachedZone(name) != nullptr;
}

} // namespace molar::cases

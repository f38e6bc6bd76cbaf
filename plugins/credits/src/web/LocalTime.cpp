#include "web/LocalTime.h"

#include <date/tz.h>

#include <chrono>
#include <cstdio>

namespace molar::credits::LocalTime {

namespace {

using Millis = std::chrono::milliseconds;

const date::time_zone* zoneOf(const std::string& timeZone)
{
    try {
        return date::locate_zone(timeZone.empty() ? "UTC" : timeZone);
    } catch (const std::exception&) {
        return date::locate_zone("UTC");
    }
}

date::local_time<Millis> local(std::int64_t utcMillis, const std::string& timeZone)
{
    return zoneOf(timeZone)->to_local(date::sys_time<Millis>{Millis{utcMillis}});
}

std::optional<date::year_month_day> parseDay(const std::string& text)
{
    // Exactly YYYY-MM-DD, as <input type="date"> sends it.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
    const date::year_month_day day{date::year{std::stoi(text.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (!day.ok() || day.year() < date::year{1970})
        return std::nullopt;
    return day;
}

std::int64_t startOf(date::local_days day, const std::string& timeZone)
{
    const auto instant = zoneOf(timeZone)->to_sys(day, date::choose::earliest);
    return std::chrono::duration_cast<Millis>(instant.time_since_epoch()).count();
}

} // namespace

std::string dateTime(std::int64_t utcMillis, const std::string& timeZone)
{
    const auto at = local(utcMillis, timeZone);
    const auto day = date::floor<date::days>(at);
    const date::year_month_day ymd{day};
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(at - day).count();
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
    return text;
}

std::string date(std::int64_t utcMillis, const std::string& timeZone)
{
    return dateTime(utcMillis, timeZone).substr(0, 10);
}

std::optional<std::int64_t> startOfDay(const std::string& day, const std::string& timeZone)
{
    const auto parsed = parseDay(day);
    if (!parsed)
        return std::nullopt;
    return startOf(date::local_days{*parsed}, timeZone);
}

std::optional<std::int64_t> endOfDay(const std::string& day, const std::string& timeZone)
{
    const auto parsed = parseDay(day);
    if (!parsed)
        return std::nullopt;
    return startOf(date::local_days{*parsed} + date::days{1}, timeZone);
}

} // namespace molar::credits::LocalTime

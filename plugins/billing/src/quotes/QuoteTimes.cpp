#include "quotes/QuoteTimes.h"

#include <date/tz.h>

#include <cstdio>

namespace molar::billing {

std::string formatQuoteTime(std::int64_t utcSeconds, const std::string& timeZone)
{
    using std::chrono::seconds;
    std::int64_t local = utcSeconds;
    try {
        if (!timeZone.empty())
            local +=
                date::locate_zone(timeZone)->get_info(date::sys_seconds{seconds{utcSeconds}}).offset.count();
    } catch (const std::exception&) {
        // An unknown zone: UTC.
    }
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

} // namespace molar::billing

// WorkingCalendar::fromConfig: the `eta.*` keys.
#include "eta/WorkingCalendar.h"

#include "config/ConfigSupport.h"

#include <algorithm>
#include <cstdio>

namespace molar::cases {

namespace {

const std::vector<std::string> kDays{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// "09:00" -> 540; -1 unless HH:MM from 00:00 to 24:00.
int parseTime(const std::string& text)
{
    if (text.size() != 5 || text[2] != ':')
        return -1;
    for (int i : {0, 1, 3, 4})
        if (text[i] < '0' || text[i] > '9')
            return -1;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0))
        return -1;
    return hours * 60 + minutes;
}

std::string timeText(int minute)
{
    char text[24];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

int readTime(sdk::Config& config, const std::string& key, int fallback)
{
    int minute = parseTime(trimmed(config.getString(key, timeText(fallback))));
    if (minute < 0)
        refuse(config, key, "a time of day HH:MM, such as " + timeText(fallback));
    return minute;
}

} // namespace

WorkingHours WorkingCalendar::fromConfig(sdk::Config& config, const std::string& labTimeZone)
{
    WorkingHours hours;
    if (config.has("eta.days")) {
        hours.days.clear();
        for (const auto& day : config.getList("eta.days", {})) {
            auto it = std::find(kDays.begin(), kDays.end(), day);
            if (it == kDays.end())
                refuse(config, "eta.days",
                       "days of the week from " + joined(kDays) + " in place of '" + day + "'");
            hours.days.insert(static_cast<int>(it - kDays.begin()));
        }
        if (hours.days.empty())
            refuse(config, "eta.days", "at least one working day (" + joined(kDays) + ")");
    }
    hours.openMinute = readTime(config, "eta.open", hours.openMinute);
    hours.closeMinute = readTime(config, "eta.close", hours.closeMinute);
    hours.cutoffMinute = readTime(config, "eta.cutoff", hours.cutoffMinute);
    if (hours.closeMinute <= hours.openMinute)
        refuse(config, "eta.close",
               "a time after " + fullKey("eta.open") + " (" + timeText(hours.openMinute) + ")");

    // Empty: the lab's zone, which the host was given (portal.timeZone).
    hours.timeZone = trimmed(config.getString("eta.timeZone", ""));
    if (hours.timeZone.empty())
        hours.timeZone = labTimeZone;
    if (!isTimeZone(hours.timeZone))
        refuse(config, "eta.timeZone", "an IANA time zone such as Asia/Qatar");
    for (const auto& holiday : config.getList("eta.holidays", {})) {
        if (!isLocalDate(holiday))
            refuse(config, "eta.holidays", "dates YYYY-MM-DD in place of '" + holiday + "'");
        hours.holidays.insert(holiday);
    }
    return hours;
}

} // namespace molar::cases

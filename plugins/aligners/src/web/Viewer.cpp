#include "web/Viewer.h"

#include "molar/sdk/Money.h"

#include <date/tz.h>

#include <chrono>
#include <exception>

namespace molar::aligners {

namespace {

// The local time of an instant in `zone`, or in UTC for a zone the system no longer has.
date::local_time<std::chrono::milliseconds> localTimeOf(std::int64_t instantMs, const std::string& zone)
{
    const auto instant = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(instantMs));
    try {
        return date::make_zoned(date::locate_zone(zone), instant).get_local_time();
    } catch (const std::exception&) {
        return date::local_time<std::chrono::milliseconds>(instant.time_since_epoch());
    }
}

std::string twoDigits(long value)
{
    return (value < 10 ? "0" : "") + std::to_string(value);
}

} // namespace

Viewer::Viewer(sdk::Host& host, const sdk::Request& request)
    : _views(host.views()), _caller(PlanCaller::of(request)), _language(request.language()),
      _timeZone(host.timeZone())
{
    if (request.principal() && !request.principal()->timeZone.empty())
        _timeZone = request.principal()->timeZone;
}

std::string Viewer::t(const std::string& key) const
{
    return _views.translate(key, _language);
}

std::string Viewer::t(const std::string& key,
                      const std::vector<std::pair<std::string, std::string>>& values) const
{
    std::string text = t(key);
    for (const auto& [name, value] : values) {
        const std::string slot = "{" + name + "}";
        for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    }
    return text;
}

std::string Viewer::day(std::int64_t instantMs) const
{
    const date::year_month_day ymd(date::floor<date::days>(localTimeOf(instantMs, _timeZone)));
    return t("aligners.day",
             {{"day", std::to_string(static_cast<unsigned>(ymd.day()))},
              {"month", t("aligners.month." + std::to_string(static_cast<unsigned>(ymd.month())))},
              {"year", std::to_string(static_cast<int>(ymd.year()))}});
}

std::string Viewer::dayAndTime(std::int64_t instantMs) const
{
    const auto local = localTimeOf(instantMs, _timeZone);
    const date::hh_mm_ss<std::chrono::minutes> clock(
        std::chrono::duration_cast<std::chrono::minutes>(local - date::floor<date::days>(local)));
    return t("aligners.dayAndTime",
             {{"day", day(instantMs)},
              {"time", twoDigits(clock.hours().count()) + ":" + twoDigits(clock.minutes().count())}});
}

std::string Viewer::money(std::int64_t minor, const std::string& currency)
{
    return sdk::formatMoney({minor, currency});
}

std::int64_t idFromPath(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

} // namespace molar::aligners

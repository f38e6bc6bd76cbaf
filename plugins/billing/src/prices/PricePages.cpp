#include "prices/PricePages.h"

#include "molar/sdk/Errors.h"

#include <date/tz.h>

#include <cstdio>
#include <map>

namespace molar::billing {

std::string PricePages::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

std::string PricePages::t(const sdk::Request& request, const std::string& key,
                          const std::vector<std::pair<std::string, std::string>>& values) const
{
    std::string text = t(request, key);
    for (const auto& [name, value] : values) {
        const std::string slot = "{" + name + "}";
        for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    }
    return text;
}

std::string PricePages::itemName(const sdk::Request& request, const sdk::CatalogItem& item) const
{
    const std::string key = "cases.productName." + item.code;
    const std::string text = t(request, key);
    return text == key ? item.name : text;
}

std::string PricePages::time(const sdk::Request& request, std::int64_t utcMillis) const
{
    const auto& principal = request.principal();
    const std::string& zone =
        principal && !principal->timeZone.empty() ? principal->timeZone : _host.timeZone();
    return minuteInZone(utcMillis, zone);
}

std::string PricePages::userName(std::int64_t userId) const
{
    const auto user = _host.accounts().user(userId);
    return user ? user->displayName : std::string();
}

std::string PricePages::amount(const sdk::Money& money)
{
    return sdk::formatMinorUnits(money.minor, money.currency);
}

void PricePages::guarded(const sdk::Request& request, const std::function<void()>& work) const
{
    try {
        work();
    } catch (const PriceRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), t(request, refusal.key()));
    }
}

namespace {

// Zones by name, per thread: date::locate_zone searches a list.
const date::time_zone* zoneNamed(const std::string& name)
{
    thread_local std::map<std::string, const date::time_zone*> zones;
    const auto found = zones.find(name);
    if (found != zones.end())
        return found->second;
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

std::string PricePages::minuteInZone(std::int64_t utcMillis, const std::string& timeZone)
{
    using std::chrono::seconds;
    std::int64_t local = utcMillis / 1000;
    if (const date::time_zone* zone = zoneNamed(timeZone))
        local += zone->get_info(date::sys_seconds{seconds{utcMillis / 1000}}).offset.count();
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

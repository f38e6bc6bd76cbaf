#include "terms/WarrantyTerm.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace molar::warranty {

namespace {

std::string iso(const date::year_month_day& day)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

bool parse(const std::string& isoDay, date::year_month_day& out)
{
    if (isoDay.size() != 10 || isoDay[4] != '-' || isoDay[7] != '-')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (isoDay[i] < '0' || isoDay[i] > '9')
            return false;
    out = date::year(std::stoi(isoDay.substr(0, 4))) / date::month(std::stoul(isoDay.substr(5, 2))) /
          date::day(std::stoul(isoDay.substr(8, 2)));
    return out.ok();
}

} // namespace

std::string localDay(std::int64_t instantMs, const std::string& timeZone)
{
    const auto instant = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(instantMs));
    const auto local = date::make_zoned(date::locate_zone(timeZone), instant).get_local_time();
    return iso(date::year_month_day(date::floor<date::days>(local)));
}

std::string addMonths(const std::string& isoDay, int months)
{
    date::year_month_day day;
    if (!parse(isoDay, day))
        throw std::invalid_argument("not a day: " + isoDay);
    const date::year_month shifted = date::year_month(day.year(), day.month()) + date::months(months);
    const date::day last =
        date::year_month_day_last(shifted.year(), date::month_day_last(shifted.month())).day();
    return iso(date::year_month_day(shifted.year(), shifted.month(), day.day() > last ? last : day.day()));
}

bool isCalendarDay(const std::string& isoDay)
{
    date::year_month_day day;
    return parse(isoDay, day);
}

WarrantyState warrantyStateOn(const std::string& today, const std::string& expiresOn, bool voided)
{
    if (voided)
        return WarrantyState::Void;
    return today < expiresOn ? WarrantyState::Valid : WarrantyState::Expired;
}

std::string stateName(WarrantyState state)
{
    switch (state) {
    case WarrantyState::Valid:
        return "valid";
    case WarrantyState::Expired:
        return "expired";
    case WarrantyState::Void:
        return "void";
    }
    return "void";
}

} // namespace molar::warranty

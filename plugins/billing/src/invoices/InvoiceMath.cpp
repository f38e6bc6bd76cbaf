#include "invoices/InvoiceMath.h"

#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace molar::billing {

std::optional<std::int64_t> lineAmount(std::int64_t quantity, std::int64_t unitMinor)
{
    if (quantity < 0 || std::llabs(unitMinor) > kMaxAmountMinor)
        return std::nullopt;
    if (quantity != 0 && std::llabs(unitMinor) > kMaxAmountMinor / quantity)
        return std::nullopt;
    return quantity * unitMinor;
}

std::int64_t taxOn(std::int64_t subtotalMinor, std::int64_t basisPoints)
{
    // |subtotal| <= 10^12 and bp <= 10^4: the product stays below 10^16.
    const std::int64_t scaled = std::llabs(subtotalMinor) * basisPoints;
    const std::int64_t rounded = (scaled + 5000) / 10000;
    return subtotalMinor < 0 ? -rounded : rounded;
}

std::string invoiceNumber(int year, std::int64_t sequence)
{
    char text[48];
    std::snprintf(text, sizeof(text), "INV-%04d-%06lld", year, static_cast<long long>(sequence));
    return text;
}

namespace {

date::year_month_day localDay(std::int64_t epochMillis, const std::string& timeZone)
{
    using namespace std::chrono;
    const date::sys_seconds utc{duration_cast<seconds>(milliseconds(epochMillis))};
    date::local_seconds local{utc.time_since_epoch()};
    try {
        if (!timeZone.empty())
            local = date::locate_zone(timeZone)->to_local(utc);
    } catch (const std::exception&) {
        // An unknown zone counts as UTC; the host checks portal.timeZone at start-up.
    }
    return date::year_month_day{date::floor<date::days>(local)};
}

} // namespace

int yearInZone(std::int64_t epochMillis, const std::string& timeZone)
{
    return static_cast<int>(localDay(epochMillis, timeZone).year());
}

std::string dateInZone(std::int64_t epochMillis, const std::string& timeZone)
{
    const auto day = localDay(epochMillis, timeZone);
    char text[16];
    std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

} // namespace molar::billing

#include "rules/PlanExpiry.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace molar::aligners {

namespace {

using Millis = date::sys_time<std::chrono::milliseconds>;

int rank(ExpiryEmphasis emphasis)
{
    return static_cast<int>(emphasis);
}

// Where `code` stands on the upgrade path, or -1.
int pathIndex(const PlanTypes& types, const std::string& code)
{
    const auto at = std::find(types.upgradePath.begin(), types.upgradePath.end(), code);
    return at == types.upgradePath.end() ? -1 : static_cast<int>(at - types.upgradePath.begin());
}

} // namespace

date::year_month_day labDay(std::int64_t instantMs, const std::string& timeZone)
{
    const auto local =
        date::make_zoned(date::locate_zone(timeZone), Millis(std::chrono::milliseconds(instantMs)))
            .get_local_time();
    return date::year_month_day(date::floor<date::days>(local));
}

std::int64_t labNoon(const date::year_month_day& day, const std::string& timeZone)
{
    const auto noon = date::local_days(day) + std::chrono::hours(12);
    const auto instant = date::make_zoned(date::locate_zone(timeZone), noon).get_sys_time();
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch()).count();
}

date::year_month_day addMonthsClamped(const date::year_month_day& day, int months)
{
    const date::year_month month = date::year_month(day.year(), day.month()) + date::months(months);
    const date::day last = date::year_month_day_last(month.year(), date::month_day_last(month.month())).day();
    return date::year_month_day(month.year(), month.month(), std::min(day.day(), last));
}

std::string isoDate(const date::year_month_day& day)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

std::optional<date::year_month_day> expiryDate(const std::optional<date::year_month_day>& firstShipmentDay,
                                               int expiryMonths)
{
    if (!firstShipmentDay || expiryMonths <= 0)
        return std::nullopt;
    return addMonthsClamped(*firstShipmentDay, expiryMonths);
}

std::optional<date::year_month_day> expiryDateOfShipment(const std::optional<std::int64_t>& firstShippedAtMs,
                                                         int expiryMonths, const std::string& timeZone)
{
    if (!firstShippedAtMs || expiryMonths <= 0)
        return std::nullopt;
    return expiryDate(labDay(*firstShippedAtMs, timeZone), expiryMonths);
}

const char* emphasisName(ExpiryEmphasis emphasis)
{
    switch (emphasis) {
    case ExpiryEmphasis::Bold:
        return "bold";
    case ExpiryEmphasis::Red:
        return "red";
    case ExpiryEmphasis::Expired:
        return "expired";
    case ExpiryEmphasis::None:
        break;
    }
    return "none";
}

ExpiryEmphasis expiryEmphasis(const std::optional<date::year_month_day>& expiry,
                              const date::year_month_day& today)
{
    if (!expiry)
        return ExpiryEmphasis::None;
    if (today >= *expiry)
        return ExpiryEmphasis::Expired;
    if (today > addMonthsClamped(*expiry, -3))
        return ExpiryEmphasis::Red;
    if (today > addMonthsClamped(*expiry, -6))
        return ExpiryEmphasis::Bold;
    return ExpiryEmphasis::None;
}

std::optional<ExpiryEmphasis> reminderCrossed(const std::optional<date::year_month_day>& expiry,
                                              const date::year_month_day& previousDay,
                                              const date::year_month_day& today)
{
    const ExpiryEmphasis now = expiryEmphasis(expiry, today);
    if (now != ExpiryEmphasis::Bold && now != ExpiryEmphasis::Red)
        return std::nullopt;
    if (rank(now) <= rank(expiryEmphasis(expiry, previousDay)))
        return std::nullopt;
    return now;
}

UpgradeDecision decideUpgrade(const PlanTypes& types, const std::string& currentCode,
                              const std::string& newCode,
                              const std::optional<date::year_month_day>& firstShipmentDay,
                              const date::year_month_day& today)
{
    UpgradeDecision out;
    const int from = pathIndex(types, currentCode);
    const int to = pathIndex(types, newCode);
    const PlanType* current = types.find(currentCode);
    const PlanType* next = types.find(newCode);
    if (from < 0 || to < 0 || !current || !next) {
        out.refusal = "aligners.upgrade.error.notOnPath";
        return out;
    }
    if (to <= from) {
        out.refusal = "aligners.upgrade.error.notHigher";
        return out;
    }
    if (expiryEmphasis(expiryDate(firstShipmentDay, current->expiryMonths), today) ==
        ExpiryEmphasis::Expired) {
        out.refusal = "aligners.upgrade.error.expired";
        return out;
    }
    // A higher type priced lower by mistake is not a refund.
    out.feeMinor = std::max<std::int64_t>(0, next->priceMinor - current->priceMinor);
    // As if the higher type had been ordered at the start: counted from the first shipment.
    out.expiry = expiryDate(firstShipmentDay, next->expiryMonths);
    return out;
}

std::vector<std::string> upgradeTargets(const PlanTypes& types, const std::string& currentCode)
{
    const int from = pathIndex(types, currentCode);
    if (from < 0)
        return {};
    return std::vector<std::string>(types.upgradePath.begin() + from + 1, types.upgradePath.end());
}

} // namespace molar::aligners

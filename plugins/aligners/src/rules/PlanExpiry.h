#pragma once

#include "rules/PlanTypes.h"

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// A plan's included revisions and retainers expire a number of months after the first
// shipment. Everything here counts in civil dates of the lab's time zone, so a shipment
// at 01:00 in Doha (22:00 UTC the day before) counts from the Doha day.

// The civil date of an instant in an IANA time zone ("Asia/Qatar"); throws
// std::runtime_error for a zone the database does not know.
date::year_month_day labDay(std::int64_t instantMs, const std::string& timeZone);

// The same day `months` later (or earlier when negative), clamped to the month's end:
// 2028-02-29 + 12 months is 2029-02-28, 2029-08-31 - 6 months is 2029-02-28.
date::year_month_day addMonthsClamped(const date::year_month_day& day, int months);

// "2029-02-28".
std::string isoDate(const date::year_month_day& day);
// Noon of a civil day in the time zone, as an instant (milliseconds since 1970 UTC): what a
// message or the timeline is given to write the day in its reader's form; noon keeps the
// day for readers in the zones near the lab's.
std::int64_t labNoon(const date::year_month_day& day, const std::string& timeZone);

// The expiry date: the first shipment's day + expiryMonths, clamped. None when the type
// never expires (expiryMonths 0) or nothing was shipped yet.
std::optional<date::year_month_day> expiryDate(const std::optional<date::year_month_day>& firstShipmentDay,
                                               int expiryMonths);
std::optional<date::year_month_day> expiryDateOfShipment(const std::optional<std::int64_t>& firstShippedAtMs,
                                                         int expiryMonths, const std::string& timeZone);

// How the expiry date is shown on the lab's today, by whole calendar months left:
//   Expired: today >= expiry (the expiry day itself is no longer covered)
//   Red:     less than 3 months left: today > addMonthsClamped(expiry, -3)
//   Bold:    less than 6 months left: today > addMonthsClamped(expiry, -6)
//   None:    6 months or more left, or no expiry at all
// So with expiry 2029-08-31: 2029-02-28 is None, 2029-03-01 Bold, 2029-05-31 Bold,
// 2029-06-01 Red, 2029-08-31 Expired.
enum class ExpiryEmphasis
{
    None,
    Bold,
    Red,
    Expired
};

// "none", "bold", "red" or "expired": the word templates use.
const char* emphasisName(ExpiryEmphasis emphasis);

ExpiryEmphasis expiryEmphasis(const std::optional<date::year_month_day>& expiry,
                              const date::year_month_day& today);

// For the daily `plan.expiring` reminder: Bold or Red when that threshold was crossed
// after `previousDay` and by `today` (the emphasis rose to it), nothing otherwise. A job
// that passes the last day it ran sends each reminder once; after missing days it sends
// only the most urgent (Red), and none once the plan has expired.
std::optional<ExpiryEmphasis> reminderCrossed(const std::optional<date::year_month_day>& expiry,
                                              const date::year_month_day& previousDay,
                                              const date::year_month_day& today);

// An upgrade of the plan type (e.g. ONE to TWO). `refusal` is a catalog key:
//   aligners.upgrade.error.notOnPath  either type is not on aligners.upgradePath
//   aligners.upgrade.error.notHigher  the new type is not higher up the path
//   aligners.upgrade.error.expired    the current plan expired (today >= its expiry)
struct UpgradeDecision
{
    std::string refusal;                        // empty when allowed
    std::int64_t feeMinor = 0;                  // new price - current price, never negative
    std::optional<date::year_month_day> expiry; // first shipment + the new type's months

    bool allowed() const { return refusal.empty(); }
};

// Prices are the types' upfront prices (the path's types have no per-aligner price).
// Before the first shipment nothing has expired and the new expiry is none yet.
UpgradeDecision decideUpgrade(const PlanTypes& types, const std::string& currentCode,
                              const std::string& newCode,
                              const std::optional<date::year_month_day>& firstShipmentDay,
                              const date::year_month_day& today);

// The codes a plan of `currentCode` may be upgraded to, lowest first (empty when the
// type is not on the path or is its top).
std::vector<std::string> upgradeTargets(const PlanTypes& types, const std::string& currentCode);

} // namespace molar::aligners

#pragma once

#include "AlignersSettings.h"
#include "plans/Plan.h"
#include "plans/PlanCaller.h"
#include "rules/PlanExpiry.h"
#include "store/ExpiryStore.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// A case's expiry as the lab's today sees it.
struct CaseExpiry
{
    date::year_month_day expiry;
    ExpiryEmphasis emphasis = ExpiryEmphasis::None;
};

// A plan type the case may be upgraded to today: its fee and the expiry it gives.
struct UpgradeOffer
{
    std::string type;
    std::string name;
    std::int64_t feeMinor = 0;
    std::optional<date::year_month_day> expiry; // none before the first shipment
};

// The plan's expiry in the lab's civil dates, its upgrades and the plan.expiring
// reminders. An upgrade commits with its row, the case's new type, its audit entry, its
// timeline entry and its charge, or not at all.
class ExpiryService
{
public:
    ExpiryService(sdk::Host& host, const AlignersSettings& settings);

    // The lab's today, in its time zone.
    date::year_month_day today() const;
    std::optional<date::year_month_day> firstShipmentDay(const AlignerCase& c) const;
    // None when the case has no plan type yet, its type never expires, or nothing was
    // shipped yet.
    std::optional<CaseExpiry> expiryOf(const AlignerCase& c) const;
    // The upgrades open to the case today, lowest first (none once expired).
    std::vector<UpgradeOffer> upgradeOffers(const AlignerCase& c) const;
    std::vector<PlanUpgrade> upgrades(std::int64_t caseId);

    // Upgrades the case's plan type to `planType`. `shownFrom` is the type the form was
    // shown for ("" when unknown): when another upgrade won meanwhile, PlanRefusal(409).
    // Refusals: 404 (no such case, or another organization's), 403 (not a decider),
    // 409 (no accepted plan yet, changed meanwhile), 400 (decideUpgrade's refusal keys).
    PlanUpgrade upgrade(const PlanCaller& caller, std::int64_t caseId, const std::string& planType,
                        const std::string& shownFrom);

    // The periodic job: one plan.expiring per threshold (bold, red) each case crosses,
    // each case in its own transaction; answers how many were sent.
    int sendReminders();

private:
    bool remind(std::int64_t caseId, const date::year_month_day& today);
    std::int64_t now() const;

    sdk::Host& _host;
    const AlignersSettings& _settings;
};

} // namespace molar::aligners

#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::aligners {

// An upgrade of a case's plan type, as aligner_upgrades keeps it.
struct PlanUpgrade
{
    std::int64_t caseId = 0;
    std::string fromType;
    std::string toType;
    std::int64_t feeMinor = 0;
    std::string currency;
    std::int64_t upgradedBy = 0;
    std::int64_t upgradedAt = 0;
};

// The expiry's columns of aligner_cases (expiry_reminded) and aligner_upgrades.
struct ExpiryStore
{
    // Cases whose expiry may still call for a reminder: a plan type, a first shipment,
    // and a reminder level below red.
    static std::vector<std::int64_t> remindable(sdk::SqlRunner& db);
    // The last reminder level sent: none, bold, red or expired.
    static std::string reminded(sdk::SqlRunner& db, std::int64_t caseId);
    // Moves the level from `from` to `to`; false when another host moved it first.
    static bool markReminded(sdk::Transaction& tx, std::int64_t caseId, const std::string& from,
                             const std::string& to);
    // The case's new plan type after an upgrade, with the reminder level its new expiry
    // starts from.
    static void setPlanType(sdk::Transaction& tx, std::int64_t caseId, const std::string& planType,
                            const std::string& reminded, std::int64_t at);
    static void insertUpgrade(sdk::Transaction& tx, const PlanUpgrade& upgrade);
    // Oldest first.
    static std::vector<PlanUpgrade> upgradesOf(sdk::SqlRunner& db, std::int64_t caseId);
};

} // namespace molar::aligners

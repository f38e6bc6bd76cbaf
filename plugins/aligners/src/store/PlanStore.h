#pragma once

#include "plans/Plan.h"

#include "molar/sdk/Database.h"

#include <optional>
#include <vector>

namespace molar::aligners {

// aligner_plans with their options and files: every version kept.
struct PlanStore
{
    // Stores a new version with its options and files; fills the ids.
    static void insert(sdk::Transaction& tx, Plan& plan);
    static std::optional<Plan> find(sdk::SqlRunner& db, std::int64_t planId);
    // Every version of a case's plan, newest first, with options and files.
    static std::vector<Plan> ofCase(sdk::SqlRunner& db, std::int64_t caseId);
    static int lastVersion(sdk::SqlRunner& db, std::int64_t caseId);
    // Records the clinic's decision on a proposed plan; false when it was no longer
    // proposed (another decision came first).
    static bool decide(sdk::Transaction& tx, const Plan& decided);
    static std::optional<PlanFile> file(sdk::SqlRunner& db, std::int64_t fileId);
};

} // namespace molar::aligners

#pragma once

#include "rules/PracticeInsights.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <vector>

namespace molar::aligners {

// What the insights count, with the practice (clinic) each belongs to.
struct ClinicInsightRecords
{
    struct Case
    {
        std::int64_t clinicId = 0;
        InsightCase record;
    };
    struct Decision
    {
        std::int64_t clinicId = 0;
        InsightPlan record;
    };
    std::vector<Case> cases;
    std::vector<Decision> decisions;
};

struct InsightsStore
{
    // The organization's aligner cases submitted, and plan versions decided, at or after
    // `sinceMs`; each decision with its case's first upload (MIN(uploaded_at)).
    static ClinicInsightRecords since(sdk::SqlRunner& db, std::int64_t organizationId, std::int64_t sinceMs);
    // Whether the organization has any aligner case at all.
    static bool hasCases(sdk::SqlRunner& db, std::int64_t organizationId);
};

} // namespace molar::aligners

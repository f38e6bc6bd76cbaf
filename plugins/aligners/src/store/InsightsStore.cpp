#include "store/InsightsStore.h"

#include "store/Columns.h"

namespace molar::aligners {

ClinicInsightRecords InsightsStore::since(sdk::SqlRunner& db, std::int64_t organizationId,
                                          std::int64_t sinceMs)
{
    ClinicInsightRecords out;
    const auto cases =
        // New treatments only: later orders (refinements, retainers, replacements) are cases
        // too, but not submissions of the practice.
        db.query("SELECT clinic_id, submitted_at FROM aligner_cases WHERE organization_id = ? AND "
                 "parent_case_id = 0 AND submitted_at >= ?",
                 {organizationId, sinceMs});
    for (std::size_t i = 0; i < cases.size(); ++i)
        out.cases.push_back({intAt(cases, i, "clinic_id"), InsightCase{intAt(cases, i, "submitted_at")}});
    const auto plans = db.query(
        "SELECT c.clinic_id, p.state, p.decided_at, "
        "(SELECT MIN(f.uploaded_at) FROM aligner_plans f WHERE f.case_id = p.case_id) AS first_uploaded_at "
        "FROM aligner_plans p JOIN aligner_cases c ON c.case_id = p.case_id "
        "WHERE c.organization_id = ? AND p.decided_at IS NOT NULL AND p.decided_at >= ?",
        {organizationId, sinceMs});
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const auto decision = planDecisionFromState(textAt(plans, i, "state"));
        if (!decision)
            continue;
        InsightPlan plan;
        plan.firstUploadedAtMs = intAt(plans, i, "first_uploaded_at");
        plan.decidedAtMs = intAt(plans, i, "decided_at");
        plan.decision = *decision;
        out.decisions.push_back({intAt(plans, i, "clinic_id"), plan});
    }
    return out;
}

bool InsightsStore::hasCases(sdk::SqlRunner& db, std::int64_t organizationId)
{
    return !db.query("SELECT case_id FROM aligner_cases WHERE organization_id = ? LIMIT 1", {organizationId})
                .empty();
}

} // namespace molar::aligners

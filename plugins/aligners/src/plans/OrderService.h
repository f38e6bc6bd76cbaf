#pragma once

#include "AlignersSettings.h"
#include "plans/Plan.h"
#include "plans/PlanCaller.h"
#include "rules/OrderForm.h"
#include "store/OrderStore.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <vector>

namespace molar::aligners {

// Later orders on an aligner case with an accepted plan. Each order becomes a case of its
// own through the cases plugin ("case.open_order"): a refinement or the next phase enters
// planning (a plan of its own follows); a retainer and replacement aligners go straight
// into production. Refinements and retainers are included (no charge) while the plan
// type's revisions last and before its expiry; replacement aligners follow the plan
// type's rules (the per-arch cap, the interval, free or charged per aligner, engager
// templates of the current phase included) and their charge goes to billing as
// "case.charged". The order, its case, its scans, the audit entry and the charge commit
// together or not at all.
class OrderService
{
public:
    OrderService(sdk::Host& host, const AlignersSettings& settings);

    // Places an order on `caseId`; its scans are already stored (the caller removes them
    // when this throws or fills `errors`). Answers the new case's id, or 0 with `errors`
    // filled (problems beside their fields). PlanRefusal: 404 for a case the caller does
    // not read, 403 for one they do not decide on, 409 without an accepted plan.
    std::int64_t place(const PlanCaller& caller, std::int64_t caseId, const OrderFormInput& input,
                       const std::vector<OrderFile>& scans, OrderErrors& errors);

    // The orders placed on a case (and on its orders), newest first.
    std::vector<Order> ordersOf(std::int64_t caseId);
    // Whether the next refinement or retainer of this case would be included.
    bool nextIncluded(const AlignerCase& c);

private:
    std::int64_t now() const;
    AlignerCase rootOf(sdk::SqlRunner& db, const AlignerCase& c);
    std::vector<std::int64_t> treeOf(sdk::SqlRunner& db, const AlignerCase& root);
    bool included(sdk::SqlRunner& db, const AlignerCase& root);

    sdk::Host& _host;
    const AlignersSettings& _settings;
};

} // namespace molar::aligners

#include "web/CasePanel.h"

#include "store/OrderStore.h"
#include "web/Viewer.h"

namespace molar::aligners {

std::vector<sdk::Panel> casePanel(sdk::Host& host, PlanService& service, sdk::Request& request)
{
    const Viewer viewer(host, request);
    AlignerCase c;
    try {
        c = service.readableCase(viewer.caller(), idFromPath(request.param("id")));
    } catch (const PlanRefusal&) {
        return {};
    }
    const auto plans = service.plans(c.caseId);
    sdk::Panel panel;
    panel.heading = viewer.t("aligners.panel.heading");
    if (plans.empty()) {
        panel.text = viewer.t("aligners.panel.none");
    } else {
        const Plan& plan = plans.front();
        const bool decides = viewer.caller().decides(c) && plan.state == "proposed";
        panel.text = viewer.t(decides ? "aligners.panel.yourDecision" : "aligners.panel." + plan.state,
                              {{"version", std::to_string(plan.version)}});
    }
    panel.linkText = viewer.t("aligners.panel.link");
    panel.linkPath = c.path();
    panel.order = 10;
    std::vector<sdk::Panel> panels{panel};
    // Later orders: once a plan is accepted, or when this case is itself an order.
    const auto placed = OrderStore::ofCases(host.database(), {c.caseId});
    if (!c.planType.empty() || !placed.empty() || c.parentCaseId != 0) {
        sdk::Panel orders;
        orders.heading = viewer.t("aligners.panel.ordersHeading");
        orders.text = c.parentCaseId != 0
                          ? viewer.t("aligners.panel.isOrder." + c.orderKind)
                          : viewer.t("aligners.panel.orders", {{"count", std::to_string(placed.size())}});
        orders.linkText =
            viewer.t(c.parentCaseId != 0 ? "aligners.panel.ordersOfOriginal" : "aligners.panel.ordersLink");
        orders.linkPath =
            "/aligners/cases/" + std::to_string(c.parentCaseId != 0 ? c.parentCaseId : c.caseId) + "/orders";
        orders.order = 11;
        panels.push_back(orders);
    }
    return panels;
}

} // namespace molar::aligners

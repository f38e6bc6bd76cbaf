#include "web/CasePanel.h"

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
    return {panel};
}

} // namespace molar::aligners

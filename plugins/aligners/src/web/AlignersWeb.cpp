#include "web/AlignersWeb.h"

#include "web/CasePanel.h"
#include "web/InsightsRoutes.h"
#include "web/PlanRoutes.h"
#include "web/SharedRoutes.h"
#include "web/UpgradeRoutes.h"

#include "molar/sdk/Views.h"

namespace molar::aligners {

AlignersWeb::AlignersWeb(sdk::Host& host, PlanService& service, ExpiryService& expiry,
                         InsightsService& insights)
    : _pages(host, service, expiry)
{
    std::make_shared<PlanRoutes>(host, service, _pages)->registerRoutes(host.routes());
    std::make_shared<SharedRoutes>(host, service, _pages)->registerRoutes(host.routes());
    std::make_shared<UpgradeRoutes>(host, service, expiry, _pages)->registerRoutes(host.routes());
    std::make_shared<InsightsRoutes>(host, insights)->registerRoutes(host.routes());
    host.views().addPanel("clinic.dashboard", [&host, &insights](sdk::Request& request) {
        return insightsPanel(host, insights, request);
    });
    host.views().addPanel(
        "case.page", [&host, &service](sdk::Request& request) { return casePanel(host, service, request); });
}

} // namespace molar::aligners

#include "web/AlignersWeb.h"

#include "web/CasePanel.h"
#include "web/PlanRoutes.h"
#include "web/SharedRoutes.h"

#include "molar/sdk/Views.h"

namespace molar::aligners {

AlignersWeb::AlignersWeb(sdk::Host& host, PlanService& service) : _pages(host, service)
{
    std::make_shared<PlanRoutes>(host, service, _pages)->registerRoutes(host.routes());
    std::make_shared<SharedRoutes>(host, service, _pages)->registerRoutes(host.routes());
    host.views().addPanel(
        "case.page", [&host, &service](sdk::Request& request) { return casePanel(host, service, request); });
}

} // namespace molar::aligners

#include "web/CasePanel.h"

#include "store/WarrantyStore.h"
#include "web/Viewer.h"

namespace molar::warranty {

std::vector<sdk::Panel> casePanel(sdk::Host& host, WarrantyService& service, sdk::Request& request)
{
    const Viewer viewer(host, request);
    const std::int64_t caseId = idFrom(request.param("id"));
    if (caseId == 0)
        return {};
    const auto warranty = WarrantyStore::forCase(host.database(), caseId);
    if (!warranty || !viewer.mayRead(*warranty))
        return {};
    const std::string state = stateName(service.stateOf(*warranty));
    sdk::Panel panel;
    panel.heading = viewer.t("warranty.panel.heading");
    panel.text = viewer.t("warranty.panel." + state,
                          {{"number", warranty->number}, {"expiresOn", viewer.day(warranty->expiresOn)}});
    panel.linkText = viewer.t("warranty.panel.link");
    panel.linkPath = warranty->path();
    panel.order = 20;
    return {panel};
}

} // namespace molar::warranty

#include "web/LabPages.h"

#include "web/LabAccountRoutes.h"
#include "web/LabBalancesRoutes.h"
#include "web/LabViewer.h"

#include <memory>

namespace molar::credits {

void registerLabPages(CreditsServices& services)
{
    sdk::Routes& routes = services.host.routes();
    // The routes own the pages: the host drops both when the plugin stops.
    auto balances = std::make_shared<LabBalancesRoutes>(services);
    auto account = std::make_shared<LabAccountRoutes>(services);
    using Action = void (LabAccountRoutes::*)(sdk::Request&, sdk::Response&);
    const auto bind = [&](Action action) {
        return [account, action, &services](sdk::Request& request, sdk::Response& response) {
            LabViewer(services.host, request).guarded([&] { ((*account).*action)(request, response); });
        };
    };
    const std::string one = std::string(LabBalancesRoutes::path) + "/{organizationId}";
    routes.add(
        "GET", LabBalancesRoutes::path, sdk::Access::Lab,
        [balances](sdk::Request& request, sdk::Response& response) { balances->index(request, response); });
    routes.add("GET", one, sdk::Access::Lab, bind(&LabAccountRoutes::show));
    // Forms of a few fields: a reason of 500 characters at most.
    sdk::RouteOptions form;
    form.maxBodyBytes = 16 * 1024;
    routes.add("POST", one + "/adjustments", sdk::Access::Lab, bind(&LabAccountRoutes::adjust), form);
    routes.add("POST", one + "/discount", sdk::Access::Lab, bind(&LabAccountRoutes::discount), form);
    routes.add("POST", one + "/returns", sdk::Access::Lab, bind(&LabAccountRoutes::giveBack), form);

    services.host.views().addMenuItemFor({"credits.menu.lab", LabBalancesRoutes::path, sdk::Access::Lab, 65},
                                         {"admin", "billing"});
}

} // namespace molar::credits

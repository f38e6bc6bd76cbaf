#include "web/ClinicPages.h"

#include "web/ActivityRoutes.h"
#include "web/CardRoutes.h"
#include "web/CreditsPageRoutes.h"
#include "web/DashboardPanel.h"
#include "web/PricingRoutes.h"
#include "web/TopUpRoutes.h"

#include <memory>

namespace molar::credits {

void registerClinicPages(CreditsServices& services)
{
    sdk::Host& host = services.host;
    // Each route table is held by its own handlers, which the host drops before stop().
    std::make_shared<CreditsPageRoutes>(services)->registerRoutes(host.routes());
    std::make_shared<CardRoutes>(services)->registerRoutes(host.routes());
    std::make_shared<TopUpRoutes>(services)->registerRoutes(host.routes());
    std::make_shared<ActivityRoutes>(services)->registerRoutes(host.routes());
    std::make_shared<PricingRoutes>(services)->registerRoutes(host.routes());

    // The clinic's dashboard tells the balance; the host drops the source when the plugin stops.
    host.views().addPanel("clinic.dashboard",
                          [&services](sdk::Request& request) { return creditsPanel(services, request); });

    host.views().addMenuItem({"credits.menu", CreditsPage::path, sdk::Access::Clinic, 40});
    host.views().addMenuItem({"credits.menu.pricing", PricingRoutes::path, sdk::Access::Public, 90});
}

} // namespace molar::credits

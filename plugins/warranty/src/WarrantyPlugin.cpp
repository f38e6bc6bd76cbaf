#include "WarrantyPlugin.h"

#include "web/CasePanel.h"
#include "web/VerifyRoutes.h"
#include "web/WarrantyRoutes.h"

#include "molar/sdk/Events.h"
#include "molar/sdk/Views.h"

namespace molar::warranty {

void WarrantyPlugin::configure(sdk::Host& host)
{
    _settings = readWarrantySettings(host.config());
}

void WarrantyPlugin::start(sdk::Host& host)
{
    _service = std::make_unique<WarrantyService>(host);
    // Issued in the transaction that delivers the case.
    host.events().on("case.delivered", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _service->onDelivered(tx, e.payload);
    });
    // Each route table is held by its own handlers, which the host drops before stop().
    std::make_shared<VerifyRoutes>(host, _settings, *_service)->registerRoutes(host.routes());
    std::make_shared<WarrantyRoutes>(host, _settings, *_service)->registerRoutes(host.routes());
    host.views().addPanel(
        "case.page", [&host, this](sdk::Request& request) { return casePanel(host, *_service, request); });
    host.views().addMenuItem({"warranty.menu", WarrantyRoutes::path, sdk::Access::SignedIn, 45});
    host.views().addMenuItem({"warranty.menu.verify", "/verify", sdk::Access::Public, 95});
}

void WarrantyPlugin::stop()
{
    // The host removed the routes, subscriptions and panels before calling stop().
    _service.reset();
}

} // namespace molar::warranty

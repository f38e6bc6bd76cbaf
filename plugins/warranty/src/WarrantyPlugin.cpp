#include "WarrantyPlugin.h"

#include "web/CasePanel.h"
#include "web/ClaimRoutes.h"
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
    _claims = std::make_unique<ClaimService>(host, _settings, *_service);
    _page = std::make_unique<WarrantyPage>(host, _settings, *_service, *_claims);
    // Issued in the transaction that delivers the case.
    host.events().on("case.delivered", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _service->onDelivered(tx, e.payload);
    });
    // An approved claim's remake, opened by the cases plugin in the approving transaction.
    host.events().on("case.submitted", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _claims->onCaseSubmitted(tx, e.payload);
    });
    // Each route table is held by its own handlers, which the host drops before stop().
    std::make_shared<VerifyRoutes>(host, _settings, *_service)->registerRoutes(host.routes());
    std::make_shared<WarrantyRoutes>(host, _settings, *_service, *_page)->registerRoutes(host.routes());
    std::make_shared<ClaimRoutes>(host, _settings, *_claims, *_page)->registerRoutes(host.routes());
    host.views().addPanel(
        "case.page", [&host, this](sdk::Request& request) { return casePanel(host, *_service, request); });
    host.views().addMenuItem({"warranty.menu", WarrantyRoutes::path, sdk::Access::SignedIn, 45});
    host.views().addMenuItem({"warranty.menu.verify", "/verify", sdk::Access::Public, 95});
}

void WarrantyPlugin::stop()
{
    // The host removed the routes, subscriptions and panels before calling stop().
    _page.reset();
    _claims.reset();
    _service.reset();
}

} // namespace molar::warranty

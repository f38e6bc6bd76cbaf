#include "web/PricingRoutes.h"

#include "ledger/CreditLedger.h"
#include "web/ClinicViewer.h"
#include "web/CreditsPage.h"
#include "web/PackWords.h"

namespace molar::credits {

void PricingRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Public,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->show(request, response);
               });
}

void PricingRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    int discount = 0;
    if (viewer.organizationOrZero() != 0)
        discount = _services.ledger.account(_services.host.database(), viewer.organizationOrZero())
                       .discountBasisPoints;
    const PackWords words(_services.settings, viewer);
    sdk::Value packs = sdk::Value::array();
    for (const Pack& pack : _services.settings.packs)
        packs.push(words.pack(pack, discount));

    // What the lab sells, at its default prices, in the order the catalog gives.
    sdk::Value items = sdk::Value::array();
    for (const sdk::CatalogItem& item : _services.host.catalog()) {
        // The catalog's owner (cases) translates the names it configures.
        const std::string key = "cases.productName." + item.code;
        const std::string name = viewer.t(key);
        items.push(sdk::Value::object({{"name", name == key ? item.name : name},
                                       {"price", viewer.money(item.priceMinor, item.currency)}}));
    }

    sdk::Value data = sdk::Value::object();
    data.set("packs", packs);
    data.set("items", items);
    data.set("hasItems", items.size() > 0);
    data.set("shippingNote", _services.settings.shippingNote);
    data.set("customDiscount",
             discount > 0 ? viewer.t("credits.pricing.yourDiscount", {{"percent", viewer.percent(discount)}})
                          : std::string());
    data.set("isClinic", viewer.organizationOrZero() != 0);
    data.set("creditsHref", CreditsPage::path);
    _services.host.views().page(request, response, "credits/pricing", "credits.pricing.title", data);
}

} // namespace molar::credits

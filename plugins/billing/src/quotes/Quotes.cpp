#include "quotes/Quotes.h"

namespace molar::billing {

void Quotes::start()
{
    // Synchronous: the quote opens in the transaction that moved the case, so a case in
    // invoicing always has one.
    _host.events().on("case.status_changed", [this](sdk::Transaction& tx, const sdk::Event& event) {
        _service.onCaseStatusChanged(tx, event.payload);
    });
    _routes.registerRoutes(_host.routes());
    _host.views().addMenuItemFor({"billing.quote.menu", QuoteRoutes::labPath, sdk::Access::Lab, 30},
                                 {"admin", "lead", "billing"});
}

} // namespace molar::billing

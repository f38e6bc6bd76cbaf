#include "AlignersPlugin.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Events.h"

namespace molar::aligners {

void AlignersPlugin::configure(sdk::Host& host)
{
    _settings = readAlignersSettings(host.config());
}

void AlignersPlugin::start(sdk::Host& host)
{
    // Plans are priced in the catalog's currency, or billing could not invoice them.
    for (const auto& item : host.catalog())
        if (item.family == "aligner" && item.currency != _settings.plans.currency)
            throw sdk::ConfigError("aligners.currency", _settings.plans.currency,
                                   "the currency of the cases catalog (" + item.currency + ")");
    _plans = std::make_unique<PlanService>(host, _settings);
    // Aligner cases are followed from their submission, in the cases plugin's transactions.
    host.events().on("case.submitted", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _plans->onCaseSubmitted(tx, e.payload);
    });
    host.events().on("case.status_changed", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _plans->onStatusChanged(tx, e.payload);
    });
    _web = std::make_unique<AlignersWeb>(host, *_plans);
}

void AlignersPlugin::stop()
{
    // The host removed the routes, handlers and panels before calling stop().
    _web.reset();
    _plans.reset();
}

} // namespace molar::aligners

#include "AlignersPlugin.h"

#include "demo/AlignersDemo.h"
#include "web/OrderRoutes.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Events.h"
#include "molar/sdk/Jobs.h"
#include "molar/sdk/Logger.h"

#include <chrono>

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
    _orders = std::make_unique<OrderService>(host, _settings);
    // Aligner cases are followed from their submission, in the cases plugin's transactions.
    host.events().on("case.submitted", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _plans->onCaseSubmitted(tx, e.payload);
    });
    host.events().on("case.status_changed", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _plans->onStatusChanged(tx, e.payload);
    });
    _expiry = std::make_unique<ExpiryService>(host, _settings);
    _insights = std::make_unique<InsightsService>(host);
    // Each hour: a plan.expiring reminder per threshold crossed (under 6, under 3 months).
    host.jobs().every("aligners.expiry-reminders", std::chrono::hours(1), [this, &host] {
        const int sent = _expiry->sendReminders();
        if (sent > 0)
            host.logger().info("aligners: " + std::to_string(sent) + " plan expiry reminder(s) sent");
    });
    _web = std::make_unique<AlignersWeb>(host, *_plans, *_expiry, *_insights);
    std::make_shared<OrderRoutes>(host, *_plans, *_orders)->registerRoutes(host.routes());
}

void AlignersPlugin::seedDemoData(sdk::Host& host)
{
    seedAlignersDemo(host, *_plans, *_orders);
}

void AlignersPlugin::stop()
{
    // The host removed the routes, handlers and panels before calling stop().
    _web.reset();
    _orders.reset();
    _insights.reset();
    _expiry.reset();
    _plans.reset();
}

} // namespace molar::aligners

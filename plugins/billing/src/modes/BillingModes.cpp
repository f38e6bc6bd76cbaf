#include "modes/BillingModes.h"

#include "modes/NoCharge.h"

#include <chrono>

namespace molar::billing {

int BillingModes::readNetTermsDays(sdk::Config& config)
{
    return static_cast<int>(config.getInt("netTermsDays", 30, 1, BillingAccounts::kMaxNetTermsDays));
}

BillingModes::BillingModes(sdk::Host& host, int netTermsDays, InvoiceService& invoices, PriceLookup prices)
    : _host(host), _accounts(netTermsDays), _calendar(host.timeZone()),
      _invoicer(invoices, std::move(prices)), _credits(host, invoices, _invoicer, _accounts),
      _charges(host, invoices, _accounts, _calendar), _casePrices(host, _charges, _credits),
      _netTerms(host, _accounts, _invoicer, _calendar), _rollup(host, _accounts, _invoicer, _calendar),
      _overdue(host, invoices), _routes(host, _accounts)
{
}

std::int64_t BillingModes::nowMillis() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

void BillingModes::start()
{
    _routes.registerRoutes(_host.routes());
    // Links for those who may open the pages: the lab's admins and billing clerks, and
    // clinic organizations' owners.
    _host.views().addMenuItemFor({"billing.mode.menu.lab", "/lab/billing/accounts", sdk::Access::Lab, 45},
                                 {"admin", "billing"});
    _host.views().addMenuItemFor({"billing.mode.menu.clinic", "/billing/account", sdk::Access::Clinic, 45},
                                 {"owner"});
    // When and under which mode: in the delivering transaction, so the month a case
    // counts for is the one it was delivered in, however late the job runs.
    _host.events().on("case.delivered", [this](sdk::Transaction& tx, const sdk::Event& event) {
        if (!isNoChargeCase(event.payload))
            _netTerms.recordDelivery(tx, event.payload);
    });
    _host.jobs().define(kDeliveredJob, [this](const sdk::Job& job) {
        // Not even as a delivery from before deliveries were recorded.
        if (!isNoChargeCase(job.payload))
            _netTerms.invoiceDelivered(job.payload);
    });
    _host.events().onDurable("case.delivered", kDeliveredJob);
    _host.jobs().every(kOverdueSchedule, std::chrono::hours(1), [this] {
        const int marked = _overdue.run(nowMillis());
        if (marked > 0)
            _host.logger().info("billing: " + std::to_string(marked) + " invoice(s) turned overdue");
    });
    auto rollUp = [this] {
        const int made = _rollup.run(nowMillis());
        if (made > 0)
            _host.logger().info("billing: the monthly roll-up made " + std::to_string(made) + " invoice(s)");
    };
    _host.jobs().every(kRollupSchedule, std::chrono::hours(1), rollUp);
    _host.jobs().define(kRollupJob, [rollUp](const sdk::Job&) { rollUp(); });
    // Credits: case.submitted, quote.accepted, case.cancelled and the credits plugin's
    // events, each in its publisher's transaction.
    _credits.start();
    // Prices agreed and extra charges on a case (the aligners plugin's), in the publisher's transaction.
    _casePrices.start();
}

} // namespace molar::billing

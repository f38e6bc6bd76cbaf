#include "cards/CardChargesJobs.h"

#include "modes/NoCharge.h"

namespace molar::billing {

int CardChargesJobs::readReauthorizeAfterHours(sdk::Config& config)
{
    // A Stripe hold lasts 7 days (168 hours): renewed before, with a day to spare by default.
    return static_cast<int>(config.getInt("prepay.reauthorizeAfterHours", 144, 1, 160));
}

CardChargesJobs::CardChargesJobs(sdk::Host& host, InvoiceService& invoices, PriceLookup prices,
                                 const BillingAccounts& accounts, int reauthorizeAfterHours)
    : _host(host), _context(host, invoices, std::move(prices), accounts), _reports(_context),
      _prepay(_context, _reports, reauthorizeAfterHours), _autopay(_context, _reports)
{
}

void CardChargesJobs::start()
{
    // Which mode takes the case, in the transaction of its event: the mode of the
    // organization then, however late the jobs run.
    _host.events().on("case.submitted", [this](sdk::Transaction& tx, const sdk::Event& event) {
        if (!isNoChargeCase(event.payload))
            _prepay.recordSubmitted(tx, event.payload);
    });
    _host.events().on("case.shipped", [this](sdk::Transaction& tx, const sdk::Event& event) {
        if (isNoChargeCase(event.payload))
            return;
        _prepay.recordShipped(tx, event.payload);
        _autopay.recordShipped(tx, event.payload);
    });

    // The provider is asked after the case's change committed, by jobs that may run twice.
    sdk::JobOptions options;
    options.maxAttempts = 10; // a busy row (another run's call in flight) is looked at again, backing off
    _host.jobs().define(
        kSubmittedJob, [this](const sdk::Job& job) { _prepay.authorize(job.payload); }, options);
    _host.jobs().define(
        kShippedJob,
        [this](const sdk::Job& job) {
            _prepay.capture(job.payload);
            _autopay.charge(job.payload);
        },
        options);
    _host.jobs().define(
        kCancelledJob, [this](const sdk::Job& job) { _prepay.cancel(job.payload); }, options);
    _host.events().onDurable("case.submitted", kSubmittedJob);
    _host.events().onDurable("case.shipped", kShippedJob);
    _host.events().onDurable("case.cancelled", kCancelledJob);

    auto renew = [this] {
        const int renewed = _prepay.renewAgingHolds();
        if (renewed > 0)
            _host.logger().info("billing: renewed " + std::to_string(renewed) + " prepay card hold(s)");
    };
    _host.jobs().every(kRenewSchedule, std::chrono::hours(1), renew);
    _host.jobs().define(kRenewJob, [renew](const sdk::Job&) { renew(); });
}

} // namespace molar::billing

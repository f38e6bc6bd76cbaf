#pragma once

#include "cards/AutopayCharges.h"
#include "cards/CardChargesContext.h"
#include "cards/CardChargesReports.h"
#include "cards/PrepayCharges.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// The billing modes that charge a saved card, prepay and autopay, wired to the cases'
// events: synchronous handlers record which mode takes a case in the transaction of
// its event (case.submitted for prepay, case.shipped for autopay), durable jobs do
// the charging after it committed, and an hourly job renews prepay holds that age.
class CardChargesJobs
{
public:
    // Job and schedule names (the tests enqueue the jobs themselves).
    static constexpr const char* kSubmittedJob = "billing.prepay-authorize";
    static constexpr const char* kShippedJob = "billing.card-shipped";
    static constexpr const char* kCancelledJob = "billing.prepay-cancel";
    static constexpr const char* kRenewSchedule = "billing.prepay-renew";
    static constexpr const char* kRenewJob = "billing.prepay-renew.run";

    // Reads billing.prepay.reauthorizeAfterHours (1..160); throws sdk::ConfigError.
    static int readReauthorizeAfterHours(sdk::Config& config);

    CardChargesJobs(sdk::Host& host, InvoiceService& invoices, PriceLookup prices,
                    const BillingAccounts& accounts, int reauthorizeAfterHours);

    // Registers the handlers, the jobs and the hourly renewal.
    void start();

private:
    sdk::Host& _host;
    CardChargesContext _context;
    CardChargesReports _reports;
    PrepayCharges _prepay;
    AutopayCharges _autopay;
};

} // namespace molar::billing

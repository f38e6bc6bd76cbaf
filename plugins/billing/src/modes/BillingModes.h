#pragma once

#include "charges/CaseChargeInvoicer.h"
#include "charges/CasePriceEvents.h"
#include "invoices/InvoiceService.h"
#include "modes/BillingAccountRoutes.h"
#include "modes/BillingAccounts.h"
#include "modes/CreditsInvoicing.h"
#include "modes/DeliveryInvoicer.h"
#include "modes/LabCalendar.h"
#include "modes/MonthlyRollup.h"
#include "modes/NetTermsInvoicing.h"
#include "modes/OverdueSweep.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::billing {

// Each organization's billing mode and the work it sets off: the lab's accounts page,
// a net-terms invoice per delivered case, the hourly overdue sweep, the monthly
// roll-up, the cases the credits plugin settles, and the prices and charges other
// plugins set on cases (case.priced, case.charged). What BillingPlugin wires for the
// modes, in one place (the card modes: CardChargesJobs).
class BillingModes
{
public:
    // Job and schedule names (the tests enqueue the jobs themselves).
    static constexpr const char* kDeliveredJob = "billing.invoice-delivered";
    static constexpr const char* kOverdueSchedule = "billing.overdue";
    static constexpr const char* kRollupSchedule = "billing.monthly-rollup";
    static constexpr const char* kRollupJob = "billing.monthly-rollup.run";

    // Reads billing.netTermsDays (1..365); throws sdk::ConfigError.
    static int readNetTermsDays(sdk::Config& config);

    BillingModes(sdk::Host& host, int netTermsDays, InvoiceService& invoices, PriceLookup prices);

    // Registers the page, the case.delivered handlers, the jobs, the credits mode's handlers
    // and case.priced / case.charged.
    void start();

    const BillingAccounts& accounts() const { return _accounts; }

private:
    std::int64_t nowMillis() const;

    sdk::Host& _host;
    BillingAccounts _accounts;
    LabCalendar _calendar;
    DeliveryInvoicer _invoicer;
    CreditsInvoicing _credits;
    CaseChargeInvoicer _charges;
    CasePriceEvents _casePrices;
    NetTermsInvoicing _netTerms;
    MonthlyRollup _rollup;
    OverdueSweep _overdue;
    BillingAccountRoutes _routes;
};

} // namespace molar::billing

#pragma once

#include "modes/BillingAccounts.h"
#include "modes/DeliveryInvoicer.h"
#include "modes/LabCalendar.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>

namespace molar::billing {

// Monthly mode: no invoice per case; once the lab's month is over, one invoice per
// organization for the cases delivered in it on monthly terms and not yet invoiced.
// Run hourly: the first run after midnight on the 1st (lab's time) makes the previous
// month's invoices, later runs find them made (billing_rollups' key) and add nothing,
// and a host that was down on the 1st catches up when it runs again.
class MonthlyRollup
{
public:
    MonthlyRollup(sdk::Host& host, const BillingAccounts& accounts, DeliveryInvoicer& invoicer,
                  const LabCalendar& calendar)
        : _host(host), _accounts(accounts), _invoicer(invoicer), _calendar(calendar)
    {
    }

    // Rolls up the lab's month before the one containing `nowMillis`; answers how many
    // invoices this run made. Each organization's invoice is its own transaction.
    int run(std::int64_t nowMillis);

private:
    // One organization's invoice, or 0 when another run already made it.
    std::int64_t rollUp(const std::vector<Delivery>& deliveries, const MonthPeriod& period, std::int64_t now);

    sdk::Host& _host;
    const BillingAccounts& _accounts;
    DeliveryInvoicer& _invoicer;
    const LabCalendar& _calendar;
};

} // namespace molar::billing

#pragma once

#include "modes/BillingAccounts.h"
#include "modes/DeliveryInvoicer.h"
#include "modes/LabCalendar.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// Net terms: a delivered case gets its own invoice, issued at once and due at the end
// of the lab's day N days later. Runs as a job after the delivery committed; the job
// may run twice (a lost lease, a retry) and the case is still invoiced once, because
// the invoice is made only in the transaction that claims the delivery.
class NetTermsInvoicing
{
public:
    NetTermsInvoicing(sdk::Host& host, const BillingAccounts& accounts, DeliveryInvoicer& invoicer,
                      const LabCalendar& calendar)
        : _host(host), _accounts(accounts), _invoicer(invoicer), _calendar(calendar)
    {
    }

    // case.delivered, in the delivering transaction: remembers when, and under which
    // mode, the case was delivered (the first time only).
    void recordDelivery(sdk::Transaction& tx, const sdk::Value& payload) const;
    // The job: invoices the case if it was delivered on net terms and nothing invoiced
    // it yet. Answers the invoice's id, or 0 when there was nothing to do.
    std::int64_t invoiceDelivered(const sdk::Value& payload);

    // The mode a delivered case is billed in: the card mode or credits that took it, else
    // the organization's mode now (net terms for prepay, autopay or credits, which took it not).
    static std::string deliveryMode(sdk::SqlRunner& db, const Delivery& delivery);

private:
    std::int64_t nowMillis() const;

    sdk::Host& _host;
    const BillingAccounts& _accounts;
    DeliveryInvoicer& _invoicer;
    const LabCalendar& _calendar;
};

} // namespace molar::billing

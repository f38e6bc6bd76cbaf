#pragma once

#include "charges/CaseChargeRules.h"
#include "invoices/InvoiceService.h"
#include "modes/BillingAccounts.h"
#include "modes/LabCalendar.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// An extra charge on a case (case.charged, or an agreed price above a credits invoice)
// as an invoice of its own: the organization's (and clinic's), linked to the case, one
// line with the charge's text, issued at once and due on the organization's net terms
// (the end of the lab's day netTermsDays later) whatever its billing mode: prepay and
// autopay charge cards for deliveries and credits pays the case's submission, neither for
// a charge that comes later; the clinic pays it as any issued invoice.
class CaseChargeInvoicer
{
public:
    CaseChargeInvoicer(sdk::Host& host, InvoiceService& invoices, const BillingAccounts& accounts,
                       const LabCalendar& calendar)
        : _host(host), _invoices(invoices), _accounts(accounts), _calendar(calendar)
    {
    }

    // In the caller's transaction, once per charge key. Answers the invoice's id, or 0
    // when nothing was charged (an amount of 0, a key charged before).
    std::int64_t charge(sdk::Transaction& tx, const CaseCharge& charge);

private:
    std::int64_t now() const;

    sdk::Host& _host;
    InvoiceService& _invoices;
    const BillingAccounts& _accounts;
    const LabCalendar& _calendar;
};

} // namespace molar::billing

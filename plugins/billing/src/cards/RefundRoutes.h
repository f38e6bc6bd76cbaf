#pragma once

#include "cards/RefundForms.h"
#include "invoices/InvoiceService.h"
#include "web/InvoiceRoutes.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// POST /lab/billing/invoices/<id>/refunds, for the lab's admins and billing clerks (others
// 403): gives back part or all of a payment taken online for the invoice (the form's
// attempt; one of another invoice is not found, 404) through the payment service, keyed by
// the form's refund key, so the same form sent twice is one refund. Never more than the
// payment captured less its refunds: beyond it, or an amount that is not one, the lab's
// invoice page again with the refusal beside the amount and the amount as typed. The
// refund reaches the invoice by payment.refunded, as every refund does.
class RefundRoutes
{
public:
    RefundRoutes(sdk::Host& host, InvoiceService& invoices, InvoiceRoutes& pages)
        : _host(host), _invoices(invoices), _pages(pages)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void refund(sdk::Request& request, sdk::Response& response);
    std::string t(const sdk::Request& request, const std::string& key) const;

    sdk::Host& _host;
    InvoiceService& _invoices;
    InvoiceRoutes& _pages;
};

} // namespace molar::billing

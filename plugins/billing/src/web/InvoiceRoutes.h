#pragma once

#include "cards/CheckoutReturn.h"
#include "cards/ProviderHandoff.h"
#include "cards/RefundForms.h"
#include "disputes/Disputes.h"
#include "invoices/InvoiceService.h"
#include "pdf/InvoicePdf.h"
#include "web/InvoicePageSettings.h"
#include "web/InvoiceView.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>

namespace molar::billing {

// The invoice pages and PDFs. Clinics: /billing/invoices (their organization's, newest
// first, by state, keyset paging), /billing/invoices/<id> and <id>.pdf (another
// organization's or a draft: 404), and POST /billing/invoices/<id>/pay, which starts a
// payment with one of the providers the host offers (a provider's own page is reached
// through ProviderHandoff; the payer comes back to the invoice with ?checkout=, which asks
// the provider about the open attempts at once). The lab's admins and billing clerks:
// /lab/billing/invoices (every organization's, by state and organization) and
// /lab/billing/invoices/<id>[.pdf], with a refund form per payment taken online
// (RefundForms; RefundRoutes takes them); other lab roles are refused (403).
class InvoiceRoutes
{
public:
    static constexpr const char* clinicPath = "/billing/invoices";
    static constexpr const char* labPath = "/lab/billing/invoices";

    InvoiceRoutes(sdk::Host& host, InvoiceService& invoices, const InvoicePageSettings& settings,
                  const Disputes& disputes);

    void registerRoutes(sdk::Routes& routes);

    // The viewer's words, zone and direction; or another language's, in the viewer's zone.
    InvoiceView viewFor(const sdk::Request& request) const;
    InvoiceView viewFor(const sdk::Request& request, const std::string& language) const;
    // Refuses (403) a lab user who is neither an admin nor a billing clerk.
    void requireLabBilling(const sdk::Request& request) const;
    // The invoice's page (lab: with its refund forms, `entered` the one sent back refused).
    void render(sdk::Request& request, sdk::Response& response, const Invoice& invoice, bool lab,
                const RefundEntry* entered = nullptr);
    // A provider as payers know it: the catalog's payment.provider.<name> in `language`,
    // else the provider's displayName.
    std::string providerName(const sdk::PaymentCapabilities& provider, const std::string& language);

private:
    void list(sdk::Request& request, sdk::Response& response, bool lab);
    void show(sdk::Request& request, sdk::Response& response, bool lab);
    void pay(sdk::Request& request, sdk::Response& response);

    // The invoice the caller may see, else 404: a clinic only its organization's issued ones.
    Invoice visible(const sdk::Request& request, std::int64_t id, bool lab);
    InvoiceParties partiesOf(const Invoice& invoice);
    // How to pay with an offline provider (the bank's IBAN and the reference), from the
    // invoice's latest attempt with it, in the reader's `language`; nothing before the
    // payer asked for it.
    PaymentDetails paymentDetails(const Invoice& invoice, const std::string& language);
    void sendPdf(sdk::Request& request, sdk::Response& response, const Invoice& invoice);

    sdk::Host& _host;
    InvoiceService& _invoices;
    const InvoicePageSettings& _settings;
    const Disputes& _disputes; // the lab's page tells of a disputed payment
    InvoicePdf _pdf;
    CheckoutReturn _checkoutReturn;
    RefundForms _refundForms;
    ProviderHandoff _handoff;
};

} // namespace molar::billing

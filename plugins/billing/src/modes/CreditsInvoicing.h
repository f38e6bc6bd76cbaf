#pragma once

#include "charges/CaseChargeRules.h"
#include "invoices/InvoiceService.h"
#include "modes/BillingAccounts.h"
#include "modes/CreditCases.h"
#include "modes/DeliveryInvoicer.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// Billing mode credits: the credits plugin settles a case from the organization's
// prepaid balance. Every handler is synchronous, in the transaction of its event:
// - case.submitted (organization in credits then): the case is priced as the delivery
//   invoicer prices it, gets a draft invoice and a billing_credit_cases row, and
//   invoice.credits_due asks the credits plugin for the draft's total. A product
//   without a price waits for its quote: quote.accepted makes the draft at the quote's
//   price, then asks.
// - credits.debited: the draft is issued, paid from credits (InvoiceService::payFromCredits).
// - credits.debit_returned: a refund on the invoice.
// - case.cancelled: the case's draft, still a draft, is voided.
// - credits.topped_up: an organization whose mode the lab never set moves to credits.
// - case.priced (through CasePriceEvents): a case drafted at submission keeps the draft the
//   credits plugin was asked for, since the plugin debits exactly that (held or not); the
//   agreed price's part above it is charged on its own (agreedPriceAbove).
// A credits event naming an invoice of another organization than its organizationId,
// or no invoice of this mode, changes nothing (logged, never thrown: throwing would undo
// the credits plugin's work with it).
class CreditsInvoicing
{
public:
    static constexpr const char* kCreditsDue = "invoice.credits_due";

    CreditsInvoicing(sdk::Host& host, InvoiceService& invoices, DeliveryInvoicer& invoicer,
                     const BillingAccounts& accounts)
        : _host(host), _invoices(invoices), _invoicer(invoicer), _accounts(accounts)
    {
    }

    // Registers the handlers.
    void start();

    void onCaseSubmitted(sdk::Transaction& tx, const sdk::Value& payload);
    void onQuoteAccepted(sdk::Transaction& tx, const sdk::Value& payload);
    void onDebited(sdk::Transaction& tx, const sdk::Value& payload);
    void onDebitReturned(sdk::Transaction& tx, const sdk::Value& payload);
    void onCaseCancelled(sdk::Transaction& tx, const sdk::Value& payload);
    void onToppedUp(sdk::Transaction& tx, const sdk::Value& payload);

    // The charge for the part of the case's agreed price above what its credits invoice
    // charges (the price list's, asked for at submission), keyed agreedDifferenceKey; nothing
    // when the agreed price is not above it, for a case credits did not draft (an unpriced one
    // is invoiced at the agreed price on net terms when delivered), a voided one, one whose
    // quote was accepted, or an agreed price in another currency (logged). A lower agreed
    // price is not given back here: the lab returns the difference by hand.
    std::optional<CaseCharge> agreedPriceAbove(sdk::Transaction& tx, const PricedCase& priced);

private:
    std::int64_t now() const;
    // The case's draft at its price; nothing when nothing prices it yet.
    std::optional<Invoice> draftFor(sdk::Transaction& tx, const sdk::Value& casePayload);
    // Asks the credits plugin to pay the draft (invoice.credits_due); a draft of 0 is issued at once.
    void ask(sdk::Transaction& tx, const CreditCase& row, const Invoice& draft,
             const sdk::Value& casePayload);
    // The row of the invoice a credits event names, if it is the event's organization's.
    std::optional<CreditCase> rowOf(sdk::Transaction& tx, const sdk::Value& payload, const char* event);

    sdk::Host& _host;
    InvoiceService& _invoices;
    DeliveryInvoicer& _invoicer;
    const BillingAccounts& _accounts;
};

} // namespace molar::billing

#pragma once

#include "invoices/Invoice.h"
#include "invoices/InvoiceCaller.h"
#include "invoices/InvoiceSettings.h"
#include "invoices/InvoiceStore.h"

#include "molar/sdk/Money.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// The price of one unit of a catalog item for an organization, as its price list says.
struct ItemPrice
{
    std::int64_t unitMinor = 0;
    std::string currency; // ISO 4217
    std::string name;     // the item's name for the line ("Zirconia crown")
};
// Where item lines get their prices (the prices module's PriceBook, wired in
// BillingPlugin): nothing when the item has no price for the organization.
using PriceLookup = std::function<std::optional<ItemPrice>(sdk::SqlRunner& db, std::int64_t organizationId,
                                                           const std::string& itemCode)>;

// What a new draft is for.
struct DraftRequest
{
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0; // 0: the whole organization
    std::int64_t caseId = 0;   // a per-case invoice (net terms); 0 otherwise
    std::string period;        // "YYYY-MM" for a monthly roll-up; "" otherwise
    std::string currency;      // ISO 4217, upper case
};

// An item line: a case's product at the organization's price.
struct ItemRequest
{
    std::int64_t caseId = 0;
    std::string caseNumber;
    std::string itemCode;
    std::int64_t quantity = 1; // 1..1000
    std::string description;   // "" takes the price's name
    // Set: this price instead of the price list's (an accepted quote's, say).
    std::optional<ItemPrice> price;
    // The variant the price is for ("TWO", the agreed plan option), kept in the line's
    // reason: the page shows it after the product's name in the reader's language.
    std::string variant;
};

// An adjustment: remake credit (negative), expedite fee (positive) or manual
// credit (either sign, not 0), each with a reason.
struct AdjustmentRequest
{
    LineKind kind = LineKind::ManualCredit;
    std::int64_t amountMinor = 0;
    std::string reason; // 1..500 characters
    std::int64_t caseId = 0;
    std::string caseNumber;
};

// Invoices: drafts and their lines, issue with a gapless number, void, payments and
// overdue. Every change runs in one transaction with its audit entry and its events
// (invoice.issued, invoice.overdue, invoice.paid, case.activity); each call that
// takes a Transaction runs in the caller's instead (a job's, an event handler's).
// Refusals throw InvoiceRefusal. Thread-safe.
class InvoiceService
{
public:
    InvoiceService(sdk::Host& host, InvoiceSettings settings, PriceLookup prices);

    const InvoiceSettings& settings() const { return _settings; }

    // Reads. find(id, organizationId) answers nothing for another organization's
    // invoice or a draft (a clinic's view, so the route answers 404); find(id) is the lab's.
    std::optional<Invoice> find(std::int64_t id, std::int64_t organizationId);
    std::optional<Invoice> find(std::int64_t id);
    // The invoice if `caller` may see it; InvoiceRefusal(404) otherwise.
    Invoice visible(const InvoiceCaller& caller, std::int64_t id);
    InvoicePage list(const InvoiceQuery& query);
    // A clinic's list: its organization's issued invoices (drafts never), whatever the query says.
    InvoicePage listFor(const InvoiceCaller& caller, InvoiceQuery query);
    std::map<InvoiceState, std::int64_t> countByState(std::int64_t organizationId);
    std::vector<InvoicePayment> payments(std::int64_t invoiceId);

    // Drafts (lab billing or the system). The first checks that the organization and
    // the clinic exist; the one in a caller's transaction trusts the caller's ids (from
    // its own records), since the accounts are read on a connection of their own.
    Invoice createDraft(const InvoiceCaller& caller, const DraftRequest& request);
    Invoice createDraft(sdk::Transaction& tx, const InvoiceCaller& caller, const DraftRequest& request);
    InvoiceLine addItem(const InvoiceCaller& caller, std::int64_t invoiceId, const ItemRequest& item);
    InvoiceLine addItem(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                        const ItemRequest& item);
    InvoiceLine addAdjustment(const InvoiceCaller& caller, std::int64_t invoiceId,
                              const AdjustmentRequest& adjustment);
    InvoiceLine addAdjustment(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                              const AdjustmentRequest& adjustment);
    void removeLine(const InvoiceCaller& caller, std::int64_t invoiceId, std::int64_t lineId);

    // Numbers the draft (INV-<year>-<6 digits>, the year in the lab's time zone), fixes
    // the tax rate, and publishes invoice.issued and case.activity. `dueAt` (epoch ms)
    // 0 means due at issue. A total of 0 is paid at once; a negative total is refused.
    Invoice issue(const InvoiceCaller& caller, std::int64_t invoiceId, std::int64_t dueAt);
    Invoice issue(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                  std::int64_t dueAt);

    // A draft the credits plugin pays when its case is received (a credits case still due):
    // read-only to the lab; InvoiceRefusal(409, billing.invoice.error.creditsDraft) for any
    // change, issue or void that is not the system's. Its case's cancellation voids it.
    static bool isCreditsDraft(sdk::SqlRunner& db, std::int64_t invoiceId);
    // A credits draft of total 0: issued (paid at once) with settledBy "credits", so no one
    // is asked to pay it.
    Invoice issueSettledByCredits(sdk::Transaction& tx, std::int64_t invoiceId);

    // Voids anything but a paid invoice (lab billing), with a reason of 1..500 characters.
    Invoice voidInvoice(const InvoiceCaller& caller, std::int64_t invoiceId, const std::string& reason);
    Invoice voidInvoice(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                        const std::string& reason);

    // Turns an issued or partly paid invoice overdue and publishes invoice.overdue;
    // false (and nothing changes) in any other state. For the net-terms job.
    bool markOverdue(sdk::Transaction& tx, std::int64_t invoiceId);

    // The transfer reference a payer quotes (pay-bank's, or the attempt's); kept on the invoice.
    void setTransferReference(sdk::Transaction& tx, std::int64_t invoiceId, const std::string& reference);

    // payment.succeeded / payment.refunded of the host's payment service, in its
    // transaction. Payloads of another purpose, an unknown invoice or a currency that
    // is not the invoice's change nothing; each (attemptId, providerPaymentId) counts
    // once. Answers whether this delivery changed anything.
    bool applyPayment(sdk::Transaction& tx, const sdk::Value& payload);
    bool applyRefund(sdk::Transaction& tx, const sdk::Value& payload);

    // credits.debited (billing mode credits), in the credits plugin's transaction: the
    // organization's prepaid balance paid `amount` for the invoice. Recorded once per
    // ledger entry (a payment of kind "credits"); a draft is then issued, paid, and its
    // invoice.issued and invoice.paid carry settledBy "credits" (the clinic is not asked
    // to pay it). Another currency, an unknown invoice or a replay change nothing.
    // Answers the invoice when this delivery changed it.
    std::optional<Invoice> payFromCredits(sdk::Transaction& tx, std::int64_t invoiceId,
                                          const std::string& entryId, const sdk::Money& amount);
    // credits.debit_returned: the lab gave the case's debit back to the balance; a refund
    // on the invoice (refunded_minor), once per ledger entry. Answers whether it changed anything.
    bool refundToCredits(sdk::Transaction& tx, std::int64_t invoiceId, const std::string& entryId,
                         const sdk::Money& amount);

    // invoice.issued / invoice.overdue's payload.
    sdk::Value eventPayload(const Invoice& invoice) const;

private:
    std::int64_t now() const;
    void requireLabBilling(const InvoiceCaller& caller) const;
    // The invoice, locked, if it is still a draft; InvoiceRefusal(404 or 409) otherwise.
    Invoice draftForChange(sdk::Transaction& tx, std::int64_t invoiceId);
    // Refuses a user's change to a credits draft (isCreditsDraft); the system's pass.
    static void refuseCreditsDraft(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId);
    void addLine(sdk::Transaction& tx, const InvoiceCaller& caller, Invoice& invoice, InvoiceLine& line);
    // Issues the draft (locked by the caller): numbered, published; `settledBy` ("" or
    // "credits") goes into invoice.issued's and invoice.paid's payloads.
    Invoice issueDraft(sdk::Transaction& tx, const InvoiceCaller& caller, Invoice invoice, std::int64_t dueAt,
                       const std::string& settledBy);
    // Subtotal, tax and total from the lines at `taxRateBasisPoints`.
    static void recompute(Invoice& invoice, std::int64_t taxRateBasisPoints);
    // The invoice a payment event is for, locked; nothing for another purpose, an
    // unknown invoice or another currency (logged, never thrown: the money stays recorded).
    std::optional<Invoice> paymentTarget(sdk::Transaction& tx, const sdk::Value& payload, const char* event);
    void audit(sdk::Transaction& tx, const InvoiceCaller& caller, const Invoice& invoice,
               const std::string& action, const std::string& detail);
    // case.activity for every case on the invoice: its summary as a catalog key, the values
    // of its {{name}} fields, and the amounts among them, written in each reader's form.
    void timeline(sdk::Transaction& tx, const InvoiceCaller& caller, const Invoice& invoice,
                  const std::string& kind, const std::string& summaryKey,
                  const std::vector<std::pair<std::string, std::string>>& fields,
                  const std::map<std::string, sdk::Money>& amounts = {});

    sdk::Host& _host;
    InvoiceSettings _settings;
    PriceLookup _prices;
};

} // namespace molar::billing

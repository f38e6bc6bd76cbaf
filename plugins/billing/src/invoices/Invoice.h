#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// Where an invoice is in its life. draft -> issued -> partly_paid -> paid;
// issued and partly_paid may turn overdue (the net-terms job), and an overdue
// invoice still takes payments until paid; anything but paid may be voided.
// Nothing ever leaves paid or void.
enum class InvoiceState
{
    Draft,
    Issued,
    PartlyPaid,
    Paid,
    Void,
    Overdue
};

// "draft", "issued", "partly_paid", "paid", "void", "overdue": the stored code,
// also the end of the catalog key billing.invoice.state.<code>.
std::string stateCode(InvoiceState state);
std::optional<InvoiceState> stateFromCode(const std::string& code);
// Issued, partly paid or overdue: money is still owed.
bool isOpen(InvoiceState state);

// What a line is: a catalog item (from the price list), or an adjustment with a reason.
enum class LineKind
{
    Item,         // a product for a case, priced from the organization's price list
    RemakeCredit, // money given back for a remake (negative)
    ExpediteFee,  // a rush charge (positive)
    ManualCredit  // the clerk's own adjustment: negative (a credit) or positive
};

// "item", "remake_credit", "expedite_fee", "manual_credit" (billing.invoice.line.<code>).
std::string lineKindCode(LineKind kind);
std::optional<LineKind> lineKindFromCode(const std::string& code);

// One line of an invoice. Amounts are integer minor units of the invoice's currency.
struct InvoiceLine
{
    std::int64_t id = 0;
    std::int64_t invoiceId = 0;
    int position = 0; // order on the invoice, from 1
    LineKind kind = LineKind::Item;
    std::int64_t caseId = 0; // the case it bills or adjusts; 0 for none
    std::string caseNumber;  // "TR-260512-1A4F", as the case was numbered; "" for none
    std::string itemCode;    // the catalog item of an item line ("zirconia_crown"); "" otherwise
    std::string
        description; // the product's name; "" for adjustments (pages show billing.invoice.line.<kind>)
    std::int64_t quantity = 1;    // units (teeth, arches); adjustments are 1
    std::int64_t unitMinor = 0;   // price of one unit; negative for credits
    std::int64_t amountMinor = 0; // quantity * unitMinor
    std::string reason;           // why an adjustment was made; "" for items
    std::int64_t createdBy = 0;   // user id; 0 for the system
    std::int64_t createdAt = 0;   // epoch milliseconds, UTC
};

// An invoice to one clinic organization. Times are epoch milliseconds, UTC; 0 means "not yet".
struct Invoice
{
    std::int64_t id = 0;
    std::string number; // "INV-2026-000042", given at issue; "" while a draft
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0; // the clinic billed; 0 for the whole organization (monthly)
    std::int64_t caseId = 0;   // the case of a per-case (net terms) invoice; 0 otherwise
    std::string period;        // "2026-05" for a monthly roll-up; "" otherwise
    std::string currency;      // ISO 4217, upper case ("QAR")
    InvoiceState state = InvoiceState::Draft;

    std::int64_t subtotalMinor = 0;      // sum of the lines
    std::int64_t taxRateBasisPoints = 0; // 500 = 5 %; from billing.taxRateBasisPoints, fixed at issue
    std::int64_t taxMinor = 0;           // subtotal * rate / 10000, half away from zero
    std::int64_t totalMinor = 0;         // subtotal + tax
    std::int64_t paidMinor = 0;          // received so far (refunds not subtracted)
    std::int64_t refundedMinor = 0;      // given back so far
    std::string
        transferReference; // what the payer quotes on a bank transfer ("MB-..."); "" until one is made

    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::int64_t issuedAt = 0;
    std::int64_t dueAt = 0;
    std::int64_t paidAt = 0;    // when it became paid
    std::int64_t overdueAt = 0; // when it was marked overdue
    std::int64_t voidedAt = 0;
    std::string voidReason;
    std::int64_t createdBy = 0; // user id; 0 for the system (net terms, monthly job)
    int version = 0;            // bumped by every change

    std::vector<InvoiceLine> lines; // filled by loads of one invoice; empty in lists

    // What is still owed: total - paid (never below 0 for display; may be negative on overpayment).
    std::int64_t balanceMinor() const { return totalMinor - paidMinor; }
    // The invoice page, for clinics: "/billing/invoices/<id>".
    std::string path() const { return "/billing/invoices/" + std::to_string(id); }
    // The cases the lines name, each once, in line order (plus caseId).
    std::vector<std::int64_t> caseIds() const;
};

// One payment or refund applied to an invoice, recorded once per (attempt, provider payment, kind, refund
// id).
struct InvoicePayment
{
    std::int64_t id = 0;
    std::int64_t invoiceId = 0;
    std::string kind; // "payment" or "refund"
    std::string attemptId;
    std::string provider; // "bank", "stripe"
    std::string providerPaymentId;
    std::string providerRefundId; // refunds only
    std::int64_t amountMinor = 0; // always positive
    std::string currency;
    std::int64_t recordedAt = 0;
};

} // namespace molar::billing

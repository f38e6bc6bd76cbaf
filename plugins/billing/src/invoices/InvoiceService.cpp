#include "invoices/InvoiceService.h"

#include "invoices/InvoiceMath.h"
#include "modes/CreditCases.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace molar::billing {

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool isPeriod(const std::string& text)
{
    if (text.size() != 7 || text[4] != '-')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (text[i] < '0' || text[i] > '9')
            return false;
    const int month = (text[5] - '0') * 10 + (text[6] - '0');
    return month >= 1 && month <= 12;
}

bool isCurrency(const std::string& code)
{
    try {
        sdk::currencyMinorDigits(code);
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

// The state an open invoice reaches with `paidMinor` received. Overdue stays overdue
// until paid: a partial payment does not make it less late.
InvoiceState afterPayment(const Invoice& invoice)
{
    if (invoice.paidMinor >= invoice.totalMinor)
        return InvoiceState::Paid;
    if (invoice.state == InvoiceState::Overdue)
        return InvoiceState::Overdue;
    return invoice.paidMinor > 0 ? InvoiceState::PartlyPaid : InvoiceState::Issued;
}

} // namespace

InvoiceService::InvoiceService(sdk::Host& host, InvoiceSettings settings, PriceLookup prices)
    : _host(host), _settings(settings), _prices(std::move(prices))
{
}

std::int64_t InvoiceService::now() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(_host.clock().now().time_since_epoch()).count();
}

// ---- reads

std::optional<Invoice> InvoiceService::find(std::int64_t id, std::int64_t organizationId)
{
    auto invoice = InvoiceStore::load(_host.database(), id);
    if (!invoice || organizationId == 0 || invoice->organizationId != organizationId ||
        invoice->state == InvoiceState::Draft)
        return std::nullopt;
    return invoice;
}

std::optional<Invoice> InvoiceService::find(std::int64_t id)
{
    return InvoiceStore::load(_host.database(), id);
}

Invoice InvoiceService::visible(const InvoiceCaller& caller, std::int64_t id)
{
    auto invoice = InvoiceStore::load(_host.database(), id);
    if (!invoice || !caller.canSee(*invoice))
        throw InvoiceRefusal(404, "billing.invoice.error.notFound");
    return *invoice;
}

InvoicePage InvoiceService::list(const InvoiceQuery& query)
{
    return InvoiceStore::list(_host.database(), query);
}

InvoicePage InvoiceService::listFor(const InvoiceCaller& caller, InvoiceQuery query)
{
    if (caller.side == "lab" || caller.isSystem())
        return list(query);
    if (caller.organizationId == 0)
        return {};
    query.organizationId = caller.organizationId;
    if (query.states.empty())
        query.states = {InvoiceState::Issued, InvoiceState::PartlyPaid, InvoiceState::Paid,
                        InvoiceState::Overdue, InvoiceState::Void};
    else
        query.states.erase(std::remove(query.states.begin(), query.states.end(), InvoiceState::Draft),
                           query.states.end());
    if (query.states.empty())
        return {};
    return list(query);
}

std::map<InvoiceState, std::int64_t> InvoiceService::countByState(std::int64_t organizationId)
{
    return InvoiceStore::countByState(_host.database(), organizationId);
}

std::vector<InvoicePayment> InvoiceService::payments(std::int64_t invoiceId)
{
    return InvoiceStore::payments(_host.database(), invoiceId);
}

// ---- drafts

Invoice InvoiceService::createDraft(const InvoiceCaller& caller, const DraftRequest& request)
{
    requireLabBilling(caller);
    // Asked before the transaction: the accounts read on a connection of their own, which
    // a transaction holding one already must not wait for.
    if (request.organizationId <= 0 || !_host.accounts().organization(request.organizationId))
        throw InvoiceRefusal(404, "billing.invoice.error.organization");
    if (request.clinicId != 0) {
        auto clinic = _host.accounts().clinic(request.clinicId);
        if (!clinic || clinic->organizationId != request.organizationId)
            throw InvoiceRefusal(404, "billing.invoice.error.clinic");
    }
    Invoice out;
    _host.database().transaction([&](sdk::Transaction& tx) { out = createDraft(tx, caller, request); });
    return out;
}

Invoice InvoiceService::createDraft(sdk::Transaction& tx, const InvoiceCaller& caller,
                                    const DraftRequest& request)
{
    requireLabBilling(caller);
    if (request.organizationId <= 0)
        throw InvoiceRefusal(404, "billing.invoice.error.organization");
    if (!isCurrency(request.currency))
        throw InvoiceRefusal(400, "billing.invoice.error.currency");
    if (!request.period.empty() && !isPeriod(request.period))
        throw InvoiceRefusal(400, "billing.invoice.error.period");
    Invoice invoice;
    invoice.organizationId = request.organizationId;
    invoice.clinicId = request.clinicId;
    invoice.caseId = request.caseId;
    invoice.period = request.period;
    invoice.currency = request.currency;
    invoice.state = InvoiceState::Draft;
    invoice.taxRateBasisPoints = _settings.taxRateBasisPoints;
    invoice.createdAt = invoice.updatedAt = now();
    invoice.createdBy = caller.actor.userId;
    invoice.id = InvoiceStore::insert(tx, invoice);
    audit(tx, caller, invoice, "invoice.created", request.period.empty() ? "" : "period " + request.period);
    return invoice;
}

InvoiceLine InvoiceService::addItem(const InvoiceCaller& caller, std::int64_t invoiceId,
                                    const ItemRequest& item)
{
    InvoiceLine out;
    _host.database().transaction([&](sdk::Transaction& tx) { out = addItem(tx, caller, invoiceId, item); });
    return out;
}

InvoiceLine InvoiceService::addItem(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                                    const ItemRequest& item)
{
    requireLabBilling(caller);
    Invoice invoice = draftForChange(tx, invoiceId);
    refuseCreditsDraft(tx, caller, invoiceId);
    if (item.quantity < 1 || item.quantity > 1000)
        throw InvoiceRefusal(400, "billing.invoice.error.quantity");
    std::optional<ItemPrice> price = item.price;
    if (!price && _prices)
        price = _prices(tx, invoice.organizationId, item.itemCode);
    if (!price)
        throw InvoiceRefusal(409, "billing.invoice.error.noPrice");
    if (price->currency != invoice.currency)
        throw InvoiceRefusal(409, "billing.invoice.error.currencyMismatch");
    auto amount = lineAmount(item.quantity, price->unitMinor);
    if (!amount || price->unitMinor < 0)
        throw InvoiceRefusal(400, "billing.invoice.error.amount");
    InvoiceLine line;
    line.kind = LineKind::Item;
    line.caseId = item.caseId;
    line.caseNumber = item.caseNumber;
    line.itemCode = item.itemCode;
    line.description = item.description.empty() ? price->name : item.description;
    line.quantity = item.quantity;
    line.reason = item.variant;
    line.unitMinor = price->unitMinor;
    line.amountMinor = *amount;
    addLine(tx, caller, invoice, line);
    audit(tx, caller, invoice, "invoice.line_added",
          item.itemCode + " x" + std::to_string(item.quantity) + " " +
              sdk::formatMoney({line.amountMinor, invoice.currency}));
    return line;
}

InvoiceLine InvoiceService::addAdjustment(const InvoiceCaller& caller, std::int64_t invoiceId,
                                          const AdjustmentRequest& adjustment)
{
    InvoiceLine out;
    _host.database().transaction(
        [&](sdk::Transaction& tx) { out = addAdjustment(tx, caller, invoiceId, adjustment); });
    return out;
}

InvoiceLine InvoiceService::addAdjustment(sdk::Transaction& tx, const InvoiceCaller& caller,
                                          std::int64_t invoiceId, const AdjustmentRequest& adjustment)
{
    requireLabBilling(caller);
    const std::string reason = trimmed(adjustment.reason);
    if (reason.empty() || reason.size() > 500)
        throw InvoiceRefusal(400, "billing.invoice.error.reason");
    const std::int64_t amount = adjustment.amountMinor;
    bool signOk = false;
    switch (adjustment.kind) {
    case LineKind::RemakeCredit:
        signOk = amount < 0;
        break;
    case LineKind::ExpediteFee:
        signOk = amount > 0;
        break;
    case LineKind::ManualCredit:
        signOk = amount != 0;
        break;
    case LineKind::Item:
        throw InvoiceRefusal(400, "billing.invoice.error.kind");
    }
    if (!signOk || !lineAmount(1, amount))
        throw InvoiceRefusal(400, "billing.invoice.error.amount");
    Invoice invoice = draftForChange(tx, invoiceId);
    refuseCreditsDraft(tx, caller, invoiceId);
    InvoiceLine line;
    line.kind = adjustment.kind;
    line.caseId = adjustment.caseId;
    line.caseNumber = adjustment.caseNumber;
    line.quantity = 1;
    line.unitMinor = amount;
    line.amountMinor = amount;
    line.reason = reason;
    addLine(tx, caller, invoice, line);
    audit(tx, caller, invoice, "invoice.adjusted",
          lineKindCode(adjustment.kind) + " " + sdk::formatMoney({amount, invoice.currency}) + ": " + reason);
    return line;
}

void InvoiceService::removeLine(const InvoiceCaller& caller, std::int64_t invoiceId, std::int64_t lineId)
{
    _host.database().transaction([&](sdk::Transaction& tx) {
        requireLabBilling(caller);
        Invoice invoice = draftForChange(tx, invoiceId);
        refuseCreditsDraft(tx, caller, invoiceId);
        if (!InvoiceStore::removeLine(tx, invoiceId, lineId))
            throw InvoiceRefusal(404, "billing.invoice.error.line");
        invoice.lines = InvoiceStore::lines(tx, invoiceId);
        recompute(invoice, invoice.taxRateBasisPoints);
        invoice.updatedAt = now();
        InvoiceStore::update(tx, invoice);
        audit(tx, caller, invoice, "invoice.line_removed", "line " + std::to_string(lineId));
    });
}

// ---- issue, void, overdue

Invoice InvoiceService::issue(const InvoiceCaller& caller, std::int64_t invoiceId, std::int64_t dueAt)
{
    // The year's counter row exists before the transaction that takes a number from it,
    // so concurrent issuers of a new year queue on one row instead of racing to make it.
    InvoiceStore::ensureCounter(_host.database(), yearInZone(now(), _host.timeZone()));
    Invoice out;
    _host.database().transaction([&](sdk::Transaction& tx) { out = issue(tx, caller, invoiceId, dueAt); });
    return out;
}

Invoice InvoiceService::issue(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                              std::int64_t dueAt)
{
    requireLabBilling(caller);
    Invoice draft = draftForChange(tx, invoiceId);
    refuseCreditsDraft(tx, caller, invoiceId);
    return issueDraft(tx, caller, std::move(draft), dueAt, "");
}

Invoice InvoiceService::issueSettledByCredits(sdk::Transaction& tx, std::int64_t invoiceId)
{
    return issueDraft(tx, InvoiceCaller::system("credits"), draftForChange(tx, invoiceId), 0, "credits");
}

bool InvoiceService::isCreditsDraft(sdk::SqlRunner& db, std::int64_t invoiceId)
{
    const auto row = CreditCases::byInvoice(db, invoiceId);
    return row && (row->state == "due" || row->state == "unpriced");
}

void InvoiceService::refuseCreditsDraft(sdk::Transaction& tx, const InvoiceCaller& caller,
                                        std::int64_t invoiceId)
{
    // The credits plugin debits the amount the draft asked for, maybe later (a held case):
    // a changed or hand-issued draft would be part-paid, overpaid or paid twice.
    if (!caller.isSystem() && isCreditsDraft(tx, invoiceId))
        throw InvoiceRefusal(409, "billing.invoice.error.creditsDraft");
}

Invoice InvoiceService::issueDraft(sdk::Transaction& tx, const InvoiceCaller& caller, Invoice invoice,
                                   std::int64_t dueAt, const std::string& settledBy)
{
    if (invoice.lines.empty())
        throw InvoiceRefusal(409, "billing.invoice.error.empty");
    recompute(invoice, _settings.taxRateBasisPoints);
    if (invoice.totalMinor < 0)
        throw InvoiceRefusal(409, "billing.invoice.error.negativeTotal");
    const std::int64_t at = now();
    if (dueAt != 0 && dueAt < at)
        throw InvoiceRefusal(400, "billing.invoice.error.dueAt");
    const int year = yearInZone(at, _host.timeZone());
    invoice.number = invoiceNumber(year, InvoiceStore::nextNumber(tx, year));
    invoice.issuedAt = at;
    invoice.dueAt = dueAt != 0 ? dueAt : at;
    invoice.updatedAt = at;
    invoice.state = InvoiceState::Issued;
    invoice.state = afterPayment(invoice); // a total of 0, or money received while a draft
    if (invoice.state == InvoiceState::Paid)
        invoice.paidAt = at;
    InvoiceStore::update(tx, invoice);
    audit(tx, caller, invoice, "invoice.issued", sdk::formatMoney({invoice.totalMinor, invoice.currency}));
    sdk::Value payload = eventPayload(invoice);
    if (!settledBy.empty())
        payload.set("settledBy", settledBy); // the notification rules tell no one to pay it
    _host.events().publish(tx, "invoice.issued", payload);
    timeline(tx, caller, invoice, "invoice", "billing.invoice.activity.issued", {{"number", invoice.number}},
             {{"total", {invoice.totalMinor, invoice.currency}}});
    if (invoice.state == InvoiceState::Paid)
        _host.events().publish(tx, "invoice.paid", payload);
    return invoice;
}

Invoice InvoiceService::voidInvoice(const InvoiceCaller& caller, std::int64_t invoiceId,
                                    const std::string& reason)
{
    Invoice out;
    _host.database().transaction(
        [&](sdk::Transaction& tx) { out = voidInvoice(tx, caller, invoiceId, reason); });
    return out;
}

Invoice InvoiceService::voidInvoice(sdk::Transaction& tx, const InvoiceCaller& caller, std::int64_t invoiceId,
                                    const std::string& reason)
{
    requireLabBilling(caller);
    const std::string why = trimmed(reason);
    if (why.empty() || why.size() > 500)
        throw InvoiceRefusal(400, "billing.invoice.error.reason");
    auto invoice = InvoiceStore::loadForUpdate(tx, invoiceId);
    if (!invoice)
        throw InvoiceRefusal(404, "billing.invoice.error.notFound");
    if (invoice->state == InvoiceState::Paid)
        throw InvoiceRefusal(409, "billing.invoice.error.paid");
    if (invoice->state == InvoiceState::Void)
        throw InvoiceRefusal(409, "billing.invoice.error.void");
    refuseCreditsDraft(tx, caller, invoiceId);
    const bool wasIssued = invoice->state != InvoiceState::Draft;
    invoice->state = InvoiceState::Void;
    invoice->voidedAt = invoice->updatedAt = now();
    invoice->voidReason = why;
    InvoiceStore::update(tx, *invoice);
    audit(tx, caller, *invoice, "invoice.voided", why);
    if (wasIssued)
        timeline(tx, caller, *invoice, "invoice", "billing.invoice.activity.voided",
                 {{"number", invoice->number}, {"reason", why}});
    return *invoice;
}

bool InvoiceService::markOverdue(sdk::Transaction& tx, std::int64_t invoiceId)
{
    auto invoice = InvoiceStore::loadForUpdate(tx, invoiceId);
    const std::int64_t at = now();
    if (!invoice || (invoice->state != InvoiceState::Issued && invoice->state != InvoiceState::PartlyPaid) ||
        invoice->dueAt > at)
        return false;
    invoice->state = InvoiceState::Overdue;
    invoice->overdueAt = invoice->updatedAt = at;
    InvoiceStore::update(tx, *invoice);
    const InvoiceCaller system = InvoiceCaller::system("billing overdue");
    audit(tx, system, *invoice, "invoice.overdue",
          "due " + std::to_string(invoice->dueAt) + ", owed " +
              sdk::formatMoney({invoice->balanceMinor(), invoice->currency}));
    _host.events().publish(tx, "invoice.overdue", eventPayload(*invoice));
    return true;
}

void InvoiceService::setTransferReference(sdk::Transaction& tx, std::int64_t invoiceId,
                                          const std::string& reference)
{
    auto invoice = InvoiceStore::loadForUpdate(tx, invoiceId);
    if (!invoice)
        throw InvoiceRefusal(404, "billing.invoice.error.notFound");
    if (invoice->transferReference == reference)
        return;
    invoice->transferReference = reference;
    invoice->updatedAt = now();
    InvoiceStore::update(tx, *invoice);
    audit(tx, InvoiceCaller::system("payments"), *invoice, "invoice.transfer_reference", reference);
}

// ---- payments

std::optional<Invoice> InvoiceService::paymentTarget(sdk::Transaction& tx, const sdk::Value& payload,
                                                     const char* event)
{
    if (payload.getString("purposeKind") != "invoice")
        return std::nullopt;
    std::int64_t id = 0;
    try {
        std::size_t used = 0;
        const std::string text = payload.getString("purposeId");
        id = std::stoll(text, &used);
        if (used != text.size())
            id = 0;
    } catch (const std::exception&) {
        id = 0;
    }
    auto invoice = id > 0 ? InvoiceStore::loadForUpdate(tx, id) : std::nullopt;
    if (!invoice) {
        // Throwing would roll back the payment service's record of the money: keep it, and say so.
        _host.logger().log(sdk::LogLevel::Warning,
                           std::string(event) + " for invoice '" + payload.getString("purposeId") +
                               "', which does not exist; attempt " + payload.getString("attemptId"));
        return std::nullopt;
    }
    if (payload.getString("currency") != invoice->currency) {
        _host.logger().log(sdk::LogLevel::Warning,
                           std::string(event) + " in " + payload.getString("currency") + " for " +
                               invoice->number + " in " + invoice->currency + ", not applied; attempt " +
                               payload.getString("attemptId"));
        audit(tx, InvoiceCaller::system("payments"), *invoice, "invoice.payment_refused",
              "currency " + payload.getString("currency") + ", attempt " + payload.getString("attemptId"));
        return std::nullopt;
    }
    return invoice;
}

bool InvoiceService::applyPayment(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto invoice = paymentTarget(tx, payload, "payment.succeeded");
    const std::int64_t amount = payload.getInt("amountMinor");
    if (!invoice || amount <= 0 || payload.getString("attemptId").empty())
        return false;
    InvoicePayment payment;
    payment.invoiceId = invoice->id;
    payment.kind = "payment";
    payment.attemptId = payload.getString("attemptId");
    payment.provider = payload.getString("provider");
    payment.providerPaymentId = payload.getString("providerPaymentId");
    payment.amountMinor = amount;
    payment.currency = invoice->currency;
    payment.recordedAt = now();
    if (!InvoiceStore::recordPayment(tx, payment))
        return false;
    const InvoiceState before = invoice->state;
    invoice->paidMinor += amount;
    if (isOpen(before))
        invoice->state = afterPayment(*invoice);
    if (invoice->state == InvoiceState::Paid && before != InvoiceState::Paid)
        invoice->paidAt = payment.recordedAt;
    invoice->updatedAt = payment.recordedAt;
    InvoiceStore::update(tx, *invoice);
    const InvoiceCaller system = InvoiceCaller::system("payments");
    const std::string amountText = sdk::formatMoney({amount, invoice->currency});
    audit(tx, system, *invoice, "invoice.payment_received",
          amountText + " by " + payment.provider + ", attempt " + payment.attemptId +
              (isOpen(before) || before == InvoiceState::Paid ? "" : ", invoice " + stateCode(before)));
    if (before != InvoiceState::Draft)
        timeline(tx, system, *invoice, "payment", "billing.invoice.activity.payment",
                 {{"number", invoice->number}}, {{"amount", {amount, invoice->currency}}});
    if (invoice->state == InvoiceState::Paid && before != InvoiceState::Paid)
        _host.events().publish(tx, "invoice.paid", eventPayload(*invoice));
    return true;
}

bool InvoiceService::applyRefund(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto invoice = paymentTarget(tx, payload, "payment.refunded");
    const std::int64_t amount =
        payload.has("refundMinor") ? payload.getInt("refundMinor") : payload.getInt("amountMinor");
    if (!invoice || amount <= 0 || payload.getString("attemptId").empty())
        return false;
    InvoicePayment refund;
    refund.invoiceId = invoice->id;
    refund.kind = "refund";
    refund.attemptId = payload.getString("attemptId");
    refund.provider = payload.getString("provider");
    refund.providerPaymentId = payload.getString("providerPaymentId");
    // Without the provider's refund id, two refunds of one amount on one payment are one.
    refund.providerRefundId = payload.has("providerRefundId") ? payload.getString("providerRefundId")
                                                              : "amount:" + std::to_string(amount);
    refund.amountMinor = amount;
    refund.currency = invoice->currency;
    refund.recordedAt = now();
    if (!InvoiceStore::recordPayment(tx, refund))
        return false;
    // Refunds are amounts, not a state: a paid invoice stays paid (never backwards).
    invoice->refundedMinor += amount;
    invoice->updatedAt = refund.recordedAt;
    InvoiceStore::update(tx, *invoice);
    const InvoiceCaller system = InvoiceCaller::system("payments");
    const std::string amountText = sdk::formatMoney({amount, invoice->currency});
    audit(tx, system, *invoice, "invoice.refunded",
          amountText + " by " + refund.provider + ", attempt " + refund.attemptId);
    if (invoice->state != InvoiceState::Draft)
        timeline(tx, system, *invoice, "payment", "billing.invoice.activity.refund",
                 {{"number", invoice->number}}, {{"amount", {amount, invoice->currency}}});
    return true;
}

// ---- prepaid credits (billing mode credits)

std::optional<Invoice> InvoiceService::payFromCredits(sdk::Transaction& tx, std::int64_t invoiceId,
                                                      const std::string& entryId, const sdk::Money& amount)
{
    auto invoice = InvoiceStore::loadForUpdate(tx, invoiceId);
    if (!invoice || amount.minor <= 0 || entryId.empty())
        return std::nullopt;
    const InvoiceCaller system = InvoiceCaller::system("credits");
    if (amount.currency != invoice->currency) {
        // Never thrown: it would undo the credits plugin's debit with it. Kept and said.
        _host.logger().log(sdk::LogLevel::Warning, "credits.debited in " + amount.currency + " for invoice " +
                                                       std::to_string(invoice->id) + " in " +
                                                       invoice->currency + ", not applied; entry " + entryId);
        audit(tx, system, *invoice, "invoice.payment_refused",
              "currency " + amount.currency + ", credits entry " + entryId);
        return std::nullopt;
    }
    InvoicePayment payment;
    payment.invoiceId = invoice->id;
    payment.kind = "credits";
    payment.attemptId = "credits:" + entryId; // one payment per ledger entry
    payment.provider = "credits";
    payment.providerPaymentId = entryId;
    payment.amountMinor = amount.minor;
    payment.currency = invoice->currency;
    payment.recordedAt = now();
    if (!InvoiceStore::recordPayment(tx, payment))
        return std::nullopt;
    const InvoiceState before = invoice->state;
    invoice->paidMinor += amount.minor;
    invoice->updatedAt = payment.recordedAt;
    const std::string amountText = sdk::formatMoney(amount);
    audit(tx, system, *invoice, "invoice.payment_received",
          amountText + " from credits, entry " + entryId +
              (before == InvoiceState::Draft || isOpen(before) ? "" : ", invoice " + stateCode(before)));
    Invoice out = *invoice;
    bool issued = false;
    if (before == InvoiceState::Draft) {
        // The checks that refuse an issue (no lines, a negative total) come before any write:
        // a draft the lab emptied keeps the money and waits for the lab.
        try {
            out = issueDraft(tx, system, *invoice, 0, "credits");
            issued = true;
        } catch (const InvoiceRefusal& e) {
            _host.logger().log(sdk::LogLevel::Warning, "billing: invoice " + std::to_string(invoice->id) +
                                                           " paid from credits stays a draft: " + e.key());
        }
    }
    if (!issued) {
        if (isOpen(before))
            out.state = afterPayment(out);
        if (out.state == InvoiceState::Paid && before != InvoiceState::Paid)
            out.paidAt = payment.recordedAt;
        InvoiceStore::update(tx, out);
        if (out.state == InvoiceState::Paid && before != InvoiceState::Paid) {
            sdk::Value payload = eventPayload(out);
            payload.set("settledBy", "credits");
            _host.events().publish(tx, "invoice.paid", payload);
        }
    }
    if (out.state != InvoiceState::Draft)
        timeline(tx, system, out, "payment", "billing.invoice.activity.paidFromCredits",
                 {{"number", out.number}}, {{"amount", amount}});
    return out;
}

bool InvoiceService::refundToCredits(sdk::Transaction& tx, std::int64_t invoiceId, const std::string& entryId,
                                     const sdk::Money& amount)
{
    auto invoice = InvoiceStore::loadForUpdate(tx, invoiceId);
    if (!invoice || amount.minor <= 0 || entryId.empty() || amount.currency != invoice->currency)
        return false;
    InvoicePayment refund;
    refund.invoiceId = invoice->id;
    refund.kind = "refund";
    refund.attemptId = "credits:" + entryId;
    refund.provider = "credits";
    refund.providerPaymentId = entryId;
    refund.providerRefundId = entryId;
    refund.amountMinor = amount.minor;
    refund.currency = invoice->currency;
    refund.recordedAt = now();
    if (!InvoiceStore::recordPayment(tx, refund))
        return false;
    // As a provider's refund: an amount, the state stays (a paid invoice stays paid).
    invoice->refundedMinor += amount.minor;
    invoice->updatedAt = refund.recordedAt;
    InvoiceStore::update(tx, *invoice);
    const InvoiceCaller system = InvoiceCaller::system("credits");
    const std::string amountText = sdk::formatMoney(amount);
    audit(tx, system, *invoice, "invoice.refunded", amountText + " to credits, entry " + entryId);
    if (invoice->state != InvoiceState::Draft)
        timeline(tx, system, *invoice, "payment", "billing.invoice.activity.returnedToCredits",
                 {{"number", invoice->number}}, {{"amount", amount}});
    return true;
}

sdk::Value InvoiceService::eventPayload(const Invoice& invoice) const
{
    sdk::Value payload = sdk::Value::object({{"invoiceId", invoice.id},
                                             {"number", invoice.number},
                                             {"organizationId", invoice.organizationId},
                                             {"clinicId", invoice.clinicId},
                                             {"totalMinor", invoice.totalMinor},
                                             {"currency", invoice.currency},
                                             {"dueAt", invoice.dueAt},
                                             {"dueDate", dateInZone(invoice.dueAt, _host.timeZone())},
                                             {"invoicePath", invoice.path()}});
    sdk::setMessageAmount(payload, "totalText", {invoice.totalMinor, invoice.currency});
    sdk::setMessageAmount(payload, "balanceText", {invoice.balanceMinor(), invoice.currency});
    if (invoice.dueAt != 0)
        payload.set("dates",
                    sdk::Value::object({{"dueDate", sdk::messageDate(invoice.dueAt, _host.timeZone())}}));
    if (invoice.caseId != 0)
        payload.set("caseId", invoice.caseId);
    if (!invoice.period.empty())
        payload.set("period", invoice.period);
    return payload;
}

// ---- helpers

void InvoiceService::requireLabBilling(const InvoiceCaller& caller) const
{
    if (!caller.isLabBilling())
        throw InvoiceRefusal(403, "billing.invoice.error.forbidden");
}

Invoice InvoiceService::draftForChange(sdk::Transaction& tx, std::int64_t invoiceId)
{
    auto invoice = InvoiceStore::loadForUpdate(tx, invoiceId);
    if (!invoice)
        throw InvoiceRefusal(404, "billing.invoice.error.notFound");
    if (invoice->state != InvoiceState::Draft)
        throw InvoiceRefusal(409, "billing.invoice.error.notDraft");
    return *invoice;
}

void InvoiceService::addLine(sdk::Transaction& tx, const InvoiceCaller& caller, Invoice& invoice,
                             InvoiceLine& line)
{
    line.invoiceId = invoice.id;
    line.position = invoice.lines.empty() ? 1 : invoice.lines.back().position + 1;
    line.createdBy = caller.actor.userId;
    line.createdAt = now();
    invoice.lines.push_back(line);
    recompute(invoice, invoice.taxRateBasisPoints);
    line.id = InvoiceStore::insertLine(tx, line);
    invoice.lines.back().id = line.id;
    invoice.updatedAt = line.createdAt;
    InvoiceStore::update(tx, invoice);
}

void InvoiceService::recompute(Invoice& invoice, std::int64_t taxRateBasisPoints)
{
    std::int64_t subtotal = 0;
    for (const auto& line : invoice.lines) {
        subtotal += line.amountMinor;
        // Each line is at most 10^12, so the sum cannot overflow before this check fails.
        if (subtotal > kMaxAmountMinor || subtotal < -kMaxAmountMinor)
            throw InvoiceRefusal(400, "billing.invoice.error.tooLarge");
    }
    invoice.subtotalMinor = subtotal;
    invoice.taxRateBasisPoints = taxRateBasisPoints;
    // Tax on the total, never on lines, so the lines' roundings cannot add up.
    invoice.taxMinor = taxOn(subtotal, taxRateBasisPoints);
    invoice.totalMinor = subtotal + invoice.taxMinor;
}

void InvoiceService::audit(sdk::Transaction& tx, const InvoiceCaller& caller, const Invoice& invoice,
                           const std::string& action, const std::string& detail)
{
    _host.audit().record(tx, caller.actor,
                         {action, "invoice",
                          invoice.number.empty() ? std::to_string(invoice.id) : invoice.number,
                          invoice.organizationId, detail});
}

void InvoiceService::timeline(sdk::Transaction& tx, const InvoiceCaller& caller, const Invoice& invoice,
                              const std::string& kind, const std::string& summaryKey,
                              const std::vector<std::pair<std::string, std::string>>& fields,
                              const std::map<std::string, sdk::Money>& amounts)
{
    // The key and its fields, not words: each reader of the timeline gets their own language
    // and the amount in its form.
    sdk::Value summaryFields = sdk::Value::object();
    for (const auto& [name, value] : fields)
        summaryFields.set(name, value);
    for (const auto& [name, amount] : amounts)
        summaryFields.set(name, sdk::messageAmount(amount));
    for (std::int64_t caseId : invoice.caseIds())
        _host.events().publish(tx, "case.activity",
                               sdk::Value::object({{"caseId", caseId},
                                                   {"kind", kind},
                                                   {"summaryKey", summaryKey},
                                                   {"summaryFields", summaryFields},
                                                   {"link", invoice.path()},
                                                   {"actor", caller.actor.label}}));
}

} // namespace molar::billing

#include "modes/CreditsInvoicing.h"

#include "modes/NoCharge.h"

#include "invoices/InvoiceStore.h"
#include "quotes/QuoteBook.h"

#include "molar/sdk/Errors.h"

#include <chrono>

namespace molar::billing {

namespace {

const char* kWhat = "credits";

Delivery caseOf(const sdk::Value& payload)
{
    Delivery d;
    d.caseId = payload.getInt("caseId");
    d.organizationId = payload.getInt("organizationId");
    d.clinicId = payload.getInt("clinicId");
    d.caseNumber = payload.getString("number");
    d.product = payload.getString("product");
    d.productName = payload.getString("productName");
    return d;
}

} // namespace

void CreditsInvoicing::start()
{
    auto on = [this](const char* event,
                     void (CreditsInvoicing::*handler)(sdk::Transaction&, const sdk::Value&)) {
        _host.events().on(event, [this, handler](sdk::Transaction& tx, const sdk::Event& e) {
            if (!isNoChargeCase(e.payload))
                (this->*handler)(tx, e.payload);
        });
    };
    on("case.submitted", &CreditsInvoicing::onCaseSubmitted);
    on("quote.accepted", &CreditsInvoicing::onQuoteAccepted);
    on("case.cancelled", &CreditsInvoicing::onCaseCancelled);
    on("credits.debited", &CreditsInvoicing::onDebited);
    on("credits.debit_returned", &CreditsInvoicing::onDebitReturned);
    on("credits.topped_up", &CreditsInvoicing::onToppedUp);
}

std::int64_t CreditsInvoicing::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

std::optional<Invoice> CreditsInvoicing::draftFor(sdk::Transaction& tx, const sdk::Value& casePayload)
{
    const Delivery kase = caseOf(casePayload);
    std::string currency;
    try {
        currency = _invoicer.currencyOf(tx, kase);
    } catch (const sdk::PermanentError&) {
        return std::nullopt; // outside the price list: its quote prices it
    }
    const std::int64_t id = _invoicer.draft(tx, {kase}, "", currency, kWhat);
    return InvoiceStore::load(tx, id);
}

void CreditsInvoicing::ask(sdk::Transaction& tx, const CreditCase& row, const Invoice& draft,
                           const sdk::Value& casePayload)
{
    if (draft.totalMinor <= 0) {
        // Nothing to take from the balance: issued now, paid at once, settled by credits
        // (the clinic is not asked to pay it).
        _invoices.issueSettledByCredits(tx, draft.id);
        CreditCases::move(tx, row.caseId, "due", "settled", draft.id, "", now());
        return;
    }
    _host.events().publish(tx, kCreditsDue,
                           sdk::Value::object({{"invoiceId", draft.id},
                                               {"caseId", row.caseId},
                                               {"number", row.caseNumber},
                                               {"organizationId", row.organizationId},
                                               {"ownerUserId", casePayload.getInt("ownerUserId")},
                                               {"amountMinor", draft.totalMinor},
                                               {"currency", draft.currency},
                                               {"productName", casePayload.getString("productName")},
                                               {"actorUserId", casePayload.getInt("actorUserId")}}));
}

void CreditsInvoicing::onCaseSubmitted(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    const std::int64_t organizationId = payload.getInt("organizationId");
    // The organization's mode when the case is submitted decides, whatever it is later.
    if (caseId <= 0 || organizationId <= 0 || BillingAccounts::modeOf(tx, organizationId) != "credits" ||
        CreditCases::find(tx, caseId))
        return;
    CreditCase row;
    row.caseId = caseId;
    row.organizationId = organizationId;
    row.caseNumber = payload.getString("number");
    row.createdAt = now();
    const auto draft = draftFor(tx, payload);
    row.state = draft ? "due" : "unpriced";
    row.invoiceId = draft ? draft->id : 0;
    CreditCases::open(tx, row);
    if (draft)
        ask(tx, row, *draft, payload);
}

void CreditsInvoicing::onQuoteAccepted(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto row = CreditCases::find(tx, payload.getInt("caseId"));
    if (!row || row->state != "unpriced" || row->organizationId != payload.getInt("organizationId"))
        return;
    const auto draft = draftFor(tx, payload); // the accepted quote prices it now
    if (!draft || !CreditCases::move(tx, row->caseId, "unpriced", "due", draft->id, "", now()))
        return;
    row->state = "due";
    row->invoiceId = draft->id;
    ask(tx, *row, *draft, payload);
}

std::optional<CreditCase> CreditsInvoicing::rowOf(sdk::Transaction& tx, const sdk::Value& payload,
                                                  const char* event)
{
    const std::int64_t invoiceId = payload.getInt("invoiceId");
    const std::int64_t organizationId = payload.getInt("organizationId");
    auto row = CreditCases::byInvoice(tx, invoiceId);
    auto invoice = row ? InvoiceStore::load(tx, invoiceId, false) : std::nullopt;
    const std::int64_t caseId = payload.getInt("caseId");
    if (!row || !invoice || row->organizationId != organizationId ||
        invoice->organizationId != organizationId || (caseId != 0 && caseId != row->caseId)) {
        _host.logger().log(sdk::LogLevel::Warning,
                           std::string("billing: ") + event + " for invoice " + std::to_string(invoiceId) +
                               " of organization " + std::to_string(organizationId) +
                               ", which is no credits case of that organization; ignored");
        return std::nullopt;
    }
    return row;
}

void CreditsInvoicing::onDebited(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto row = rowOf(tx, payload, "credits.debited");
    if (!row)
        return;
    const std::string entryId = payload.getString("entryId");
    const sdk::Money amount{payload.getInt("amountMinor"), payload.getString("currency")};
    if (!_invoices.payFromCredits(tx, row->invoiceId, entryId, amount))
        return; // a replay, or refused (logged)
    CreditCases::move(tx, row->caseId, "due", "settled", row->invoiceId, entryId, now());
}

void CreditsInvoicing::onDebitReturned(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto row = rowOf(tx, payload, "credits.debit_returned");
    if (!row)
        return;
    _invoices.refundToCredits(tx, row->invoiceId, payload.getString("entryId"),
                              {payload.getInt("amountMinor"), payload.getString("currency")});
}

void CreditsInvoicing::onCaseCancelled(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto row = CreditCases::find(tx, payload.getInt("caseId"));
    if (!row)
        return;
    if (row->state == "unpriced") {
        CreditCases::move(tx, row->caseId, "unpriced", "voided", 0, "", now());
        return;
    }
    if (row->state != "due" ||
        !CreditCases::move(tx, row->caseId, "due", "voided", row->invoiceId, "", now()))
        return; // settled: the lab gives the debit back through the credits plugin
    auto invoice = InvoiceStore::loadForUpdate(tx, row->invoiceId);
    if (invoice && invoice->state == InvoiceState::Draft)
        _invoices.voidInvoice(tx, InvoiceCaller::system(kWhat), row->invoiceId, "Case cancelled");
}

void CreditsInvoicing::onToppedUp(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t organizationId = payload.getInt("organizationId");
    if (organizationId <= 0)
        return;
    BillingAccount account = _accounts.accountOf(tx, organizationId);
    // A clinic that buys credits pays its cases from them, unless the lab chose its mode.
    if (account.updatedBy != 0 || account.mode == "credits")
        return;
    account.mode = "credits";
    account.updatedAt = now();
    _accounts.set(tx, _host.audit(), sdk::Actor::system("credits top-up"), account);
}

std::optional<CaseCharge> CreditsInvoicing::agreedPriceAbove(sdk::Transaction& tx, const PricedCase& priced)
{
    auto row = CreditCases::find(tx, priced.caseId);
    if (!row || row->organizationId != priced.organizationId ||
        (row->state != "due" && row->state != "settled") || QuoteBook::acceptedPriceFor(tx, priced.caseId))
        return std::nullopt;
    auto invoice = InvoiceStore::load(tx, row->invoiceId);
    if (!invoice || invoice->state == InvoiceState::Void)
        return std::nullopt;
    if (invoice->currency != priced.price.currency) {
        _host.logger().log(sdk::LogLevel::Warning,
                           "billing: case " + row->caseNumber + " agreed in " + priced.price.currency +
                               ", its credits invoice is in " + invoice->currency + "; nothing more charged");
        return std::nullopt;
    }
    std::int64_t listed = 0;
    std::string name;
    for (const InvoiceLine& line : invoice->lines)
        if (line.kind == LineKind::Item && line.caseId == priced.caseId) {
            listed += line.amountMinor;
            if (name.empty())
                name = line.description;
        }
    if (priced.price.minor <= listed)
        return std::nullopt;
    CaseCharge above;
    above.chargeKey = agreedDifferenceKey(priced.caseId);
    above.caseId = priced.caseId;
    above.number = priced.number.empty() ? row->caseNumber : priced.number;
    above.organizationId = priced.organizationId;
    above.clinicId = priced.clinicId;
    above.amount = {priced.price.minor - listed, priced.price.currency};
    above.label = agreedLineName(name, priced.label) + ": agreed price above the price list";
    above.itemKey = "billing.charge.agreedAbove";
    above.detail = priced.label;
    return above;
}

} // namespace molar::billing

#include "cards/AutopayCharges.h"

#include "invoices/InvoiceStore.h"
#include "modes/CreditCases.h"

#include "molar/sdk/Errors.h"

#include <tuple>

namespace molar::billing {

namespace {

const char* kWhat = "autopay";

} // namespace

void AutopayCharges::recordShipped(sdk::Transaction& tx, const sdk::Value& payload) const
{
    const Delivery kase = CardChargesContext::caseOf(payload);
    if (kase.caseId <= 0 || kase.organizationId <= 0 ||
        BillingAccounts::modeOf(tx, kase.organizationId) != "autopay" || CreditCases::took(tx, kase.caseId))
        return; // a case credits drafted for at submission is theirs to settle
    CardCharge charge;
    charge.caseId = kase.caseId;
    charge.organizationId = kase.organizationId;
    charge.caseNumber = kase.caseNumber;
    charge.mode = "autopay";
    charge.state = "shipped";
    charge.createdAt = charge.shippedAt = _context.now();
    // A case submitted in prepay keeps its row (and its mode): open() adds nothing then.
    CardCharges::open(tx, charge);
}

void AutopayCharges::charge(const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    auto row = CardCharges::find(_context.host.database(), caseId);
    if (!row || row->mode != "autopay")
        return;
    if (row->state == "charging") {
        auto attempt = payments().attempt(row->attemptId);
        const sdk::PaymentState state = attempt ? attempt->state : sdk::PaymentState::Failed;
        if (state != sdk::PaymentState::Pending && state != sdk::PaymentState::Unknown) {
            settle(*row, state, attempt ? attempt->failureCode : "generic");
            return;
        }
        if (state == sdk::PaymentState::Pending &&
            _context.now() - row->updatedAt >= CardChargesContext::kInFlightStaleMillis) {
            bool taken = false;
            _context.host.database().transaction(
                [&](sdk::Transaction& tx) { taken = CardCharges::touch(tx, *row, _context.now()); });
            if (taken) {
                ask(*row); // the same attempt: its key makes it the same payment at the provider
                return;
            }
        }
        throw CardChargeBusy("billing: the autopay charge of case " + row->caseNumber + " is under way");
    }
    if (row->state != "shipped")
        return;

    const auto method = payments().defaultMethod(row->organizationId);
    CardCharge charge;
    bool ask = false;
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, caseId);
        if (!locked || locked->state != "shipped")
            return;
        charge = *locked;
        const Delivery kase = CardChargesContext::caseOf(payload);
        // No price and no accepted quote: PermanentError parks the job, as net terms' does.
        charge.invoiceId = _context.invoicer.invoice(tx, {kase}, "", _context.invoicer.currencyOf(tx, kase),
                                                     _context.dueAt(tx, charge.organizationId), kWhat);
        const auto invoice = InvoiceStore::load(tx, charge.invoiceId, false);
        charge.updatedAt = _context.now();
        if (invoice->state == InvoiceState::Paid) { // a total of 0
            charge.state = "charged";
            CardCharges::update(tx, charge);
            return;
        }
        if (!method) {
            failed(tx, charge, "no_default_method");
            return;
        }
        try {
            const sdk::PaymentAttempt attempt =
                payments().begin(tx,
                                 {"invoice", std::to_string(invoice->id), invoice->organizationId,
                                  invoice->number, "Invoice " + invoice->number},
                                 method->provider, {invoice->balanceMinor(), invoice->currency});
            charge.attemptId = attempt.id;
        } catch (const std::invalid_argument& e) {
            _context.host.logger().log(sdk::LogLevel::Warning, std::string("billing: autopay: ") + e.what());
            failed(tx, charge, "method_unusable");
            return;
        }
        charge.methodId = method->id;
        charge.state = "charging";
        CardCharges::update(tx, charge);
        ask = true;
    });
    if (ask)
        this->ask(charge);
}

void AutopayCharges::ask(const CardCharge& charge)
{
    sdk::PaymentState state;
    std::string code;
    auto refused = [&](const std::string& fallback, const std::exception& e) {
        _context.host.logger().log(sdk::LogLevel::Warning, "billing: the payment service refused attempt " +
                                                               charge.attemptId + ": " + e.what());
        auto attempt = payments().attempt(charge.attemptId);
        if (attempt && attempt->state != sdk::PaymentState::Pending &&
            attempt->state != sdk::PaymentState::Unknown)
            return std::make_pair(attempt->state, attempt->failureCode);
        return std::make_pair(sdk::PaymentState::Failed, fallback);
    };
    try {
        const sdk::PaymentResult result =
            payments().chargeSavedMethod(charge.attemptId, charge.methodId, false);
        state = result.state;
        code = result.failureCode;
    } catch (const std::invalid_argument& e) {
        std::tie(state, code) = refused("method_unusable", e);
    } catch (const sdk::PaymentUnsupported& e) {
        std::tie(state, code) = refused("method_unusable", e);
    } catch (const sdk::PermanentError& e) {
        std::tie(state, code) = refused("provider_error", e);
    }
    settle(charge, state, code);
}

void AutopayCharges::settle(const CardCharge& seen, sdk::PaymentState state, const std::string& failureCode)
{
    if (state == sdk::PaymentState::Pending || state == sdk::PaymentState::Unknown ||
        state == sdk::PaymentState::Authorized)
        // Not known yet: the payment service's re-sync settles the attempt; look again later.
        throw CardChargeBusy("billing: the autopay charge of case " + seen.caseNumber +
                             " is not settled yet");
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, seen.caseId);
        if (!locked || locked->state != "charging" || locked->attemptId != seen.attemptId)
            return;
        CardCharge charge = *locked;
        charge.updatedAt = _context.now();
        if (state == sdk::PaymentState::Succeeded) {
            // payment.succeeded, in the payment service's transaction, marked the invoice paid.
            charge.state = "charged";
            charge.failureCode.clear();
            CardCharges::update(tx, charge);
        } else {
            failed(tx, charge, CardChargesReports::failureCodeOf(state, failureCode));
        }
    });
}

void AutopayCharges::failed(sdk::Transaction& tx, CardCharge& charge, const std::string& failureCode)
{
    charge.state = "failed";
    charge.failureCode = failureCode;
    charge.updatedAt = _context.now();
    CardCharges::update(tx, charge);
    const auto invoice = InvoiceStore::load(tx, charge.invoiceId, false);
    if (invoice)
        _reports.failed(tx, charge, *invoice, "charge");
}

} // namespace molar::billing

#include "cards/PrepayCharges.h"

#include "charges/CaseChargeRules.h"
#include "invoices/InvoiceStore.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <algorithm>
#include <tuple>

namespace molar::billing {

namespace {

const char* kWhat = "prepay";

sdk::PaymentPurpose purposeOf(const Invoice& invoice, const std::string& caseNumber)
{
    // A draft has no number yet: the payer's statement names the case.
    return {"invoice", std::to_string(invoice.id), invoice.organizationId, caseNumber,
            "Dental lab case " + caseNumber};
}

} // namespace

void PrepayCharges::recordSubmitted(sdk::Transaction& tx, const sdk::Value& payload) const
{
    const Delivery kase = CardChargesContext::caseOf(payload);
    if (kase.caseId <= 0 || kase.organizationId <= 0 ||
        BillingAccounts::modeOf(tx, kase.organizationId) != "prepay")
        return;
    CardCharge charge;
    charge.caseId = kase.caseId;
    charge.organizationId = kase.organizationId;
    charge.caseNumber = kase.caseNumber;
    charge.mode = "prepay";
    charge.state = "submitted";
    charge.createdAt = _context.now();
    CardCharges::open(tx, charge);
}

void PrepayCharges::recordShipped(sdk::Transaction& tx, const sdk::Value& payload) const
{
    tx.execute("UPDATE billing_card_charges SET shipped_at = ? WHERE case_id = ? AND mode = 'prepay' AND "
               "shipped_at = 0",
               {_context.now(), payload.getInt("caseId")});
}

Invoice PrepayCharges::invoiceOf(sdk::SqlRunner& db, std::int64_t invoiceId)
{
    auto invoice = InvoiceStore::load(db, invoiceId, false);
    if (!invoice)
        throw sdk::PermanentError("billing: invoice " + std::to_string(invoiceId) +
                                  " of a prepaid case is gone");
    return *invoice;
}

Invoice PrepayCharges::issueIfDraft(sdk::Transaction& tx, std::int64_t invoiceId, std::int64_t organizationId)
{
    Invoice invoice = invoiceOf(tx, invoiceId);
    if (invoice.state != InvoiceState::Draft)
        return invoice;
    return _context.invoices.issue(tx, InvoiceCaller::system(kWhat), invoiceId,
                                   _context.dueAt(tx, organizationId));
}

std::pair<sdk::PaymentState, std::string>
PrepayCharges::afterRefusal(const std::string& attemptId, const std::string& code, const std::exception& e)
{
    _context.host.logger().log(sdk::LogLevel::Warning,
                               "billing: the payment service refused attempt " + attemptId + ": " + e.what());
    auto attempt = payments().attempt(attemptId);
    if (attempt && attempt->state != sdk::PaymentState::Pending &&
        attempt->state != sdk::PaymentState::Unknown)
        return {attempt->state, attempt->failureCode};
    return {sdk::PaymentState::Failed, code};
}

bool PrepayCharges::takeOver(const CardCharge& charge)
{
    if (_context.now() - charge.updatedAt < CardChargesContext::kInFlightStaleMillis)
        return false;
    bool taken = false;
    _context.host.database().transaction(
        [&](sdk::Transaction& tx) { taken = CardCharges::touch(tx, charge, _context.now()); });
    return taken;
}

// ---- the hold, at submission

void PrepayCharges::authorize(const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    auto row = CardCharges::find(_context.host.database(), caseId);
    if (!row || row->mode != "prepay")
        return;
    if (row->state == "authorizing") {
        // Another run asked, or died asking: its answer, or the same ask again.
        auto attempt = payments().attempt(row->attemptId);
        const sdk::PaymentState state = attempt ? attempt->state : sdk::PaymentState::Failed;
        if (state != sdk::PaymentState::Pending && state != sdk::PaymentState::Unknown) {
            settleHold(*row, state, attempt ? attempt->failureCode : "generic");
            return;
        }
        if (state == sdk::PaymentState::Pending && takeOver(*row)) {
            askHold(*row);
            return;
        }
        throw CardChargeBusy("billing: the hold of case " + row->caseNumber + " is being asked for");
    }
    if (row->state != "submitted")
        return;

    // Read before the transaction: the host reads saved methods on a connection of its own.
    const auto method = payments().defaultMethod(row->organizationId);
    CardCharge charge;
    bool ask = false;
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, caseId);
        if (!locked || locked->state != "submitted")
            return;
        charge = *locked;
        charge.updatedAt = _context.now();
        const Delivery kase = CardChargesContext::caseOf(payload);
        std::string currency;
        try {
            currency = _context.invoicer.currencyOf(tx, kase);
        } catch (const sdk::PermanentError&) {
            // A product without a price waits for its quote: invoiced when it ships.
            charge.state = "unpriced";
            CardCharges::update(tx, charge);
            return;
        }
        charge.invoiceId = _context.invoicer.draft(tx, {kase}, "", currency, kWhat);
        const Invoice invoice = invoiceOf(tx, charge.invoiceId);
        if (invoice.totalMinor <= 0) {
            issueIfDraft(tx, invoice.id, charge.organizationId); // nothing to hold: paid at once
            charge.state = "captured";
            CardCharges::update(tx, charge);
            return;
        }
        if (!method) {
            holdFailed(tx, charge, "no_default_method", "hold");
            return;
        }
        try {
            const sdk::PaymentAttempt attempt =
                payments().begin(tx, purposeOf(invoice, charge.caseNumber), method->provider,
                                 {invoice.totalMinor, invoice.currency});
            charge.attemptId = attempt.id;
        } catch (const std::invalid_argument& e) {
            // The card's provider is gone, or does not take the invoice's currency.
            _context.host.logger().log(sdk::LogLevel::Warning,
                                       std::string("billing: prepay hold: ") + e.what());
            holdFailed(tx, charge, "method_unusable", "hold");
            return;
        }
        charge.methodId = method->id;
        charge.state = "authorizing";
        CardCharges::update(tx, charge);
        ask = true;
    });
    if (ask)
        askHold(charge);
}

std::pair<sdk::PaymentState, std::string> PrepayCharges::askToHold(const CardCharge& charge)
{
    try {
        const sdk::PaymentResult result =
            payments().chargeSavedMethod(charge.attemptId, charge.methodId, true);
        return {result.state, result.failureCode};
    } catch (const std::invalid_argument& e) {
        return afterRefusal(charge.attemptId, "method_unusable", e);
    } catch (const sdk::PaymentUnsupported& e) {
        return afterRefusal(charge.attemptId, "method_unusable", e);
    } catch (const sdk::PermanentError& e) {
        return afterRefusal(charge.attemptId, "provider_error", e);
    }
}

void PrepayCharges::askHold(CardCharge charge)
{
    const auto [state, code] = askToHold(charge);
    settleHold(charge, state, code);
}

void PrepayCharges::settleHold(const CardCharge& seen, sdk::PaymentState state,
                               const std::string& failureCode)
{
    if (state == sdk::PaymentState::Pending || state == sdk::PaymentState::Unknown)
        // Not known yet: the payment service's re-sync settles the attempt; look again later.
        throw CardChargeBusy("billing: the hold of case " + seen.caseNumber + " is not settled yet");
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, seen.caseId);
        if (!locked || locked->state != "authorizing" || locked->attemptId != seen.attemptId)
            return; // another run settled it
        CardCharge charge = *locked;
        charge.updatedAt = _context.now();
        const Invoice invoice = invoiceOf(tx, charge.invoiceId);
        if (state == sdk::PaymentState::Authorized) {
            charge.state = "authorized";
            charge.authorizedAt = charge.updatedAt;
            charge.failureCode.clear();
            CardCharges::update(tx, charge);
            _reports.timeline(tx, charge, "held", {invoice.totalMinor, invoice.currency});
        } else if (state == sdk::PaymentState::Succeeded) {
            // Charged at once by the provider: the invoice is issued (paid) when the case ships.
            charge.state = "captured";
            CardCharges::update(tx, charge);
        } else {
            holdFailed(tx, charge, CardChargesReports::failureCodeOf(state, failureCode), "hold");
        }
    });
}

void PrepayCharges::holdFailed(sdk::Transaction& tx, CardCharge& charge, const std::string& failureCode,
                               const std::string& stage)
{
    const Invoice invoice = issueIfDraft(tx, charge.invoiceId, charge.organizationId);
    charge.state = stage == "capture" ? "capture_failed" : "failed";
    charge.failureCode = failureCode;
    charge.updatedAt = _context.now();
    CardCharges::update(tx, charge);
    _reports.failed(tx, charge, invoice, stage);
}

// ---- the capture, when the case ships

void PrepayCharges::capture(const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    auto row = CardCharges::find(_context.host.database(), caseId);
    if (!row || row->mode != "prepay")
        return;
    const std::string& state = row->state;
    if (state == "submitted" || state == "authorizing" || state == "reauthorizing" || state == "cancelling")
        throw CardChargeBusy("billing: case " + row->caseNumber + " shipped while its hold is being made");
    if (state == "capturing") {
        auto attempt = payments().attempt(row->attemptId);
        const sdk::PaymentState now = attempt ? attempt->state : sdk::PaymentState::Failed;
        if (now != sdk::PaymentState::Authorized && now != sdk::PaymentState::Unknown)
            settleCapture(*row, now, attempt ? attempt->failureCode : "generic");
        else if (now == sdk::PaymentState::Authorized && takeOver(*row))
            askCapture(*row); // capturing again changes nothing at the provider
        else
            throw CardChargeBusy("billing: the capture of case " + row->caseNumber + " is under way");
        return;
    }
    if (state == "captured") {
        // Charged before the case shipped: the invoice is issued now, paid.
        _context.host.database().transaction(
            [&](sdk::Transaction& tx) { issueIfDraft(tx, row->invoiceId, row->organizationId); });
        return;
    }
    if (state == "unpriced") {
        _context.host.database().transaction([&](sdk::Transaction& tx) {
            auto locked = CardCharges::findForUpdate(tx, caseId);
            if (!locked || locked->state != "unpriced")
                return;
            CardCharge charge = *locked;
            const Delivery kase = CardChargesContext::caseOf(payload);
            // Its accepted quote prices it now; still nothing: the job parks, as net terms' does.
            charge.invoiceId =
                _context.invoicer.invoice(tx, {kase}, "", _context.invoicer.currencyOf(tx, kase),
                                          _context.dueAt(tx, charge.organizationId), kWhat);
            charge.state = "invoiced";
            charge.updatedAt = _context.now();
            CardCharges::update(tx, charge);
        });
        return;
    }
    if (state != "authorized" && state != "reauth_failed")
        return; // failed (the invoice is the clinic's to pay), cancelled, done
    CardCharge charge = *row;
    bool claimed = false;
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        claimed = CardCharges::move(tx, caseId, charge.state, "capturing", _context.now());
        if (claimed)
            priceAsQuoted(tx, charge);
    });
    if (!claimed)
        throw CardChargeBusy("billing: case " + charge.caseNumber + " moved while its capture began");
    charge.state = "capturing";
    askCapture(charge);
}

void PrepayCharges::priceAsQuoted(sdk::Transaction& tx, const CardCharge& charge)
{
    Delivery kase;
    kase.caseId = charge.caseId;
    const auto own = DeliveryInvoicer::casePrice(tx, kase); // an accepted quote's, else an agreed price
    auto invoice = own ? InvoiceStore::load(tx, charge.invoiceId) : std::nullopt;
    if (!invoice || invoice->state != InvoiceState::Draft || invoice->currency != own->price.currency)
        return;
    std::int64_t listed = 0;
    for (const InvoiceLine& line : invoice->lines)
        if (line.kind == LineKind::Item && line.caseId == charge.caseId)
            listed += line.amountMinor;
    if (listed == own->price.unitMinor)
        return;
    // Runs once, in the transaction that claims the capture. The lab's own adjustments stay.
    AdjustmentRequest adjustment;
    adjustment.kind = LineKind::ManualCredit;
    adjustment.amountMinor = own->price.unitMinor - listed;
    adjustment.reason =
        own->quoted ? "Price of the accepted quote" : agreedLineName("Agreed price", own->label);
    adjustment.caseId = charge.caseId;
    adjustment.caseNumber = charge.caseNumber;
    _context.invoices.addAdjustment(tx, InvoiceCaller::system(kWhat), invoice->id, adjustment);
}

void PrepayCharges::askCapture(CardCharge charge)
{
    const Invoice invoice = invoiceOf(_context.host.database(), charge.invoiceId);
    auto attempt = payments().attempt(charge.attemptId);
    sdk::PaymentState state = sdk::PaymentState::Failed;
    std::string code = "generic";
    if (invoice.state == InvoiceState::Void) {
        // The lab voided the invoice while the card held it: nothing to take.
        release(charge);
        return;
    }
    if (attempt) {
        // The invoice's total now (the lab may have adjusted the draft), at most what is held;
        // a total above the hold leaves the rest on the invoice, to pay by hand.
        const std::int64_t amount = std::min(attempt->amount.minor, invoice.totalMinor - invoice.paidMinor);
        try {
            if (amount <= 0) {
                payments().cancelAuthorization(charge.attemptId);
                state = sdk::PaymentState::Succeeded; // nothing owed: the invoice is issued as it is
                code.clear();
            } else {
                const sdk::PaymentResult result = payments().capture(charge.attemptId, amount);
                state = result.state;
                code = result.failureCode;
            }
        } catch (const std::invalid_argument& e) {
            std::tie(state, code) = afterRefusal(charge.attemptId, "generic", e);
        } catch (const sdk::PaymentUnsupported& e) {
            std::tie(state, code) = afterRefusal(charge.attemptId, "generic", e);
        } catch (const sdk::PermanentError& e) {
            std::tie(state, code) = afterRefusal(charge.attemptId, "provider_error", e);
        }
    }
    if (state == sdk::PaymentState::Authorized)
        state = sdk::PaymentState::Unknown; // the capture's answer is not in yet
    settleCapture(charge, state, code);
}

void PrepayCharges::settleCapture(const CardCharge& seen, sdk::PaymentState state,
                                  const std::string& failureCode)
{
    if (state == sdk::PaymentState::Pending || state == sdk::PaymentState::Unknown ||
        state == sdk::PaymentState::Authorized)
        throw CardChargeBusy("billing: the capture of case " + seen.caseNumber + " is not settled yet");
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, seen.caseId);
        if (!locked || locked->state != "capturing")
            return;
        CardCharge charge = *locked;
        if (state == sdk::PaymentState::Succeeded) {
            // The payment service applied the money to the draft (payment.succeeded): issued paid.
            issueIfDraft(tx, charge.invoiceId, charge.organizationId);
            charge.state = "captured";
            charge.failureCode.clear();
            charge.updatedAt = _context.now();
            CardCharges::update(tx, charge);
        } else {
            holdFailed(tx, charge, CardChargesReports::failureCodeOf(state, failureCode), "capture");
        }
    });
}

// ---- cancellation

void PrepayCharges::cancel(const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    auto row = CardCharges::find(_context.host.database(), caseId);
    if (!row || row->mode != "prepay")
        return;
    const std::string& state = row->state;
    if (state == "authorizing" || state == "reauthorizing" || state == "capturing")
        throw CardChargeBusy("billing: case " + row->caseNumber + " was cancelled while its card is asked");
    if (state == "cancelling") {
        if (!takeOver(*row))
            throw CardChargeBusy("billing: the release of case " + row->caseNumber + " is under way");
        release(*row);
        return;
    }
    if (state == "submitted" || state == "unpriced" || state == "failed") {
        // Nothing held: the invoice made for it (a failed hold's) is voided unless paid by hand.
        std::int64_t invoiceId = 0;
        _context.host.database().transaction([&](sdk::Transaction& tx) {
            auto locked = CardCharges::findForUpdate(tx, caseId);
            if (!locked || locked->state != state)
                return;
            invoiceId = locked->invoiceId;
            CardCharges::move(tx, caseId, state, "cancelled", _context.now());
        });
        if (invoiceId > 0) {
            const Invoice invoice = invoiceOf(_context.host.database(), invoiceId);
            if (invoice.paidMinor == 0 && invoice.state != InvoiceState::Void)
                _context.invoices.voidInvoice(InvoiceCaller::system(kWhat), invoiceId,
                                              "The case was cancelled.");
        }
        return;
    }
    if (state != "authorized" && state != "reauth_failed")
        return; // captured (shipped work is the lab's to refund), cancelled
    CardCharge charge = *row;
    bool claimed = false;
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        claimed = CardCharges::move(tx, caseId, charge.state, "cancelling", _context.now());
    });
    if (!claimed)
        throw CardChargeBusy("billing: case " + charge.caseNumber + " moved while its release began");
    charge.state = "cancelling";
    release(charge);
}

void PrepayCharges::release(CardCharge charge)
{
    try {
        payments().cancelAuthorization(charge.attemptId);
    } catch (const std::exception& e) {
        // Already released, or the provider refuses: an uncaptured hold lapses on its own.
        _context.host.logger().log(sdk::LogLevel::Warning, "billing: releasing the hold of case " +
                                                               charge.caseNumber + ": " + e.what());
    }
    const Invoice invoice = invoiceOf(_context.host.database(), charge.invoiceId);
    if (invoice.state != InvoiceState::Void && invoice.state != InvoiceState::Paid) {
        try {
            _context.invoices.voidInvoice(InvoiceCaller::system(kWhat), charge.invoiceId,
                                          "The case was cancelled.");
        } catch (const InvoiceRefusal& e) {
            _context.host.logger().log(sdk::LogLevel::Warning,
                                       "billing: voiding the invoice of cancelled case " + charge.caseNumber +
                                           ": " + e.key());
        }
    }
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, charge.caseId);
        if (!locked || locked->state != charge.state)
            return;
        if (!CardCharges::move(tx, charge.caseId, charge.state, "cancelled", _context.now()))
            return;
        _reports.timeline(tx, *locked, "released", {invoice.totalMinor, invoice.currency});
    });
}

// ---- renewals

int PrepayCharges::renewAgingHolds()
{
    const std::int64_t now = _context.now();
    int renewed = 0;
    // Renewals whose answer was not known when they were asked (the payment service's re-sync knows it now).
    for (const CardCharge& charge : CardCharges::stuckIn(
             _context.host.database(), "reauthorizing", now - CardChargesContext::kInFlightStaleMillis, 50)) {
        try {
            auto attempt = payments().attempt(charge.attemptId);
            if (attempt && attempt->state != sdk::PaymentState::Pending &&
                attempt->state != sdk::PaymentState::Unknown)
                settleRenewal(charge, attempt->state, attempt->failureCode);
            else if (attempt && attempt->state == sdk::PaymentState::Pending && takeOver(charge))
                askRenewal(charge); // never asked (the run died first): the same attempt, asked once
        } catch (const std::exception& e) {
            _context.host.logger().log(sdk::LogLevel::Warning, "billing: settling the renewal of case " +
                                                                   charge.caseNumber + ": " + e.what());
        }
    }
    const std::int64_t before = now - static_cast<std::int64_t>(_reauthorizeAfterHours) * 3600 * 1000;
    for (const CardCharge& charge : CardCharges::agingHolds(_context.host.database(), before, 50)) {
        try {
            renew(charge);
            ++renewed;
        } catch (const std::exception& e) {
            // One case's trouble does not stop the others'; it is looked at again next hour.
            _context.host.logger().log(sdk::LogLevel::Warning, "billing: renewing the hold of case " +
                                                                   charge.caseNumber + ": " + e.what());
        }
    }
    return renewed;
}

void PrepayCharges::renew(const CardCharge& seen)
{
    const auto method = payments().defaultMethod(seen.organizationId);
    const auto held = payments().attempt(seen.attemptId);
    CardCharge charge;
    bool ask = false;
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, seen.caseId);
        if (!locked || locked->state != "authorized" || locked->attemptId != seen.attemptId ||
            locked->shippedAt != 0)
            return;
        charge = *locked;
        const Invoice invoice = invoiceOf(tx, charge.invoiceId);
        auto failRenewal = [&](const std::string& code) {
            charge.state = "reauth_failed";
            charge.failureCode = code;
            charge.updatedAt = _context.now();
            CardCharges::update(tx, charge);
            _reports.failed(tx, charge, invoice, "renewal");
        };
        if (!method) {
            failRenewal("no_default_method");
            return;
        }
        const sdk::Money amount = held ? held->amount : sdk::Money{invoice.totalMinor, invoice.currency};
        try {
            const sdk::PaymentAttempt attempt =
                payments().begin(tx, purposeOf(invoice, charge.caseNumber), method->provider, amount);
            charge.previousAttemptId = charge.attemptId;
            charge.attemptId = attempt.id;
        } catch (const std::invalid_argument& e) {
            _context.host.logger().log(sdk::LogLevel::Warning,
                                       std::string("billing: prepay renewal: ") + e.what());
            failRenewal("method_unusable");
            return;
        }
        charge.methodId = method->id;
        charge.state = "reauthorizing";
        charge.updatedAt = _context.now();
        CardCharges::update(tx, charge);
        ask = true;
    });
    if (ask)
        askRenewal(charge);
}

void PrepayCharges::askRenewal(const CardCharge& charge)
{
    const auto [state, code] = askToHold(charge);
    if (state != sdk::PaymentState::Pending && state != sdk::PaymentState::Unknown)
        settleRenewal(charge, state, code);
    // Otherwise the next hourly run settles it from the attempt.
}

void PrepayCharges::settleRenewal(const CardCharge& seen, sdk::PaymentState state,
                                  const std::string& failureCode)
{
    if (state == sdk::PaymentState::Authorized || state == sdk::PaymentState::Succeeded) {
        // The new hold first, then the old one let go: the card is never without one.
        try {
            payments().cancelAuthorization(seen.previousAttemptId);
        } catch (const std::exception& e) {
            _context.host.logger().log(sdk::LogLevel::Warning, "billing: releasing the old hold of case " +
                                                                   seen.caseNumber + ": " + e.what());
        }
    }
    _context.host.database().transaction([&](sdk::Transaction& tx) {
        auto locked = CardCharges::findForUpdate(tx, seen.caseId);
        if (!locked || locked->state != "reauthorizing" || locked->attemptId != seen.attemptId)
            return;
        CardCharge charge = *locked;
        const Invoice invoice = invoiceOf(tx, charge.invoiceId);
        charge.updatedAt = _context.now();
        if (state == sdk::PaymentState::Authorized || state == sdk::PaymentState::Succeeded) {
            charge.state = state == sdk::PaymentState::Succeeded ? "captured" : "authorized";
            charge.authorizedAt = charge.updatedAt;
            charge.previousAttemptId.clear();
            charge.failureCode.clear();
            CardCharges::update(tx, charge);
            if (state == sdk::PaymentState::Authorized)
                _reports.timeline(tx, charge, "renewed", {invoice.totalMinor, invoice.currency});
            return;
        }
        // The old hold stays until it lapses; the one that failed is kept as the previous.
        std::swap(charge.attemptId, charge.previousAttemptId);
        charge.state = "reauth_failed";
        charge.failureCode = CardChargesReports::failureCodeOf(state, failureCode);
        CardCharges::update(tx, charge);
        _reports.failed(tx, charge, invoice, "renewal");
    });
}

} // namespace molar::billing

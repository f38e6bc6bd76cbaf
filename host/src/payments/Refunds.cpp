// The payment service's refunds: each asked for is a row before the provider hears
// of it, so refunds asked at once (pending ones included) never add up to more
// than was captured; a refund's key makes a retry the same refund.
#include "payments/PaymentService.h"

#include "payments/PaymentRules.h"

#include "molar/sdk/Money.h"

#include <stdexcept>

namespace molar::host {

using namespace payment_rules;

namespace {

sdk::RefundResult resultOf(const RefundRow& row, const std::string& detail = "")
{
    sdk::RefundResult r;
    r.providerRefundId = row.providerRefundId;
    r.state = paymentStateFrom(row.state);
    r.amountMinor = row.amountMinor;
    r.failureCode = row.failureCode;
    r.detail = detail;
    return r;
}

// The provider's request for a refund: its own key, so that asking again is safe.
sdk::PaymentRequest refundRequest(const sdk::PaymentAttempt& a, const RefundRow& row)
{
    auto request = PaymentService::requestFor(a);
    request.idempotencyKey = row.id;
    request.amount = {row.amountMinor, a.amount.currency};
    request.metadata["attemptId"] = a.id;
    return request;
}

} // namespace

sdk::RefundResult PaymentService::refund(const std::string& attemptId, std::int64_t amountMinor,
                                         const std::string& refundKey, const sdk::Actor& actor)
{
    if (refundKey.empty() || refundKey.size() > 100)
        throw std::invalid_argument("a refund needs its key, up to 100 characters");
    if (amountMinor <= 0 || amountMinor > MAX_PAYMENT_MINOR)
        throw std::invalid_argument("a refund's amount must be more than zero");
    const auto before = knownAttempt(attemptId);
    auto provider = providerOf(before.provider);
    const auto capabilities = provider->capabilities();
    if (!capabilities.refunds)
        throw sdk::PaymentUnsupported("the payment provider '" + before.provider + "' cannot refund");

    RefundRow row;
    sdk::PaymentAttempt a;
    bool ask = false;
    _context.database.transaction([&](sdk::Transaction& tx) {
        // The attempt's row is held: refunds asked at once are weighed one after the other.
        a = _store.lock(tx, attemptId).value();
        if (auto existing = _refunds.find(tx, refundKey)) {
            if (existing->attemptId != attemptId)
                throw std::invalid_argument("that refund key is another payment's refund");
            row = *existing;
            ask = row.state == "unknown"; // a retry settles a lost answer
            return;
        }
        const auto now = this->now();
        row = {refundKey, attemptId, amountMinor, "pending", "", "", now, now};
        const std::int64_t held = a.refundedMinor + _refunds.outstandingMinor(tx, attemptId);
        const bool partial = held > 0 || amountMinor != a.capturedMinor;
        if (partial && !capabilities.partialRefunds && amountMinor <= a.capturedMinor - held)
            throw sdk::PaymentUnsupported("the payment provider '" + a.provider +
                                          "' refunds only the whole payment");
        if (a.capturedMinor <= 0 || a.providerPaymentId.empty() || amountMinor > a.capturedMinor - held) {
            // Beyond the capture: refused here, the provider never asked.
            row.state = "failed";
            row.failureCode = "exceeds_capture";
            _refunds.insert(tx, row);
            _context.audit.record(
                tx, actor,
                {"payment.refund_refused", "payment", a.id, a.purpose.organizationId,
                 sdk::formatMoney({amountMinor, a.amount.currency}) + " asked (" + refundKey + "); " +
                     sdk::formatMoney({a.capturedMinor, a.amount.currency}) + " captured, " +
                     sdk::formatMoney({held, a.amount.currency}) + " refunded or being refunded"});
            return;
        }
        _refunds.insert(tx, row);
        _context.audit.record(tx, actor,
                              {"payment.refund_requested", "payment", a.id, a.purpose.organizationId,
                               sdk::formatMoney({amountMinor, a.amount.currency}) + " (" + refundKey + ")"});
        ask = true;
    });
    if (!ask)
        return resultOf(row);

    sdk::RefundResult answer;
    try {
        answer = provider->refund(refundRequest(a, row), a.providerPaymentId, row.amountMinor);
    } catch (const sdk::PermanentError&) {
        answer.state = sdk::PaymentState::Failed;
        answer.failureCode = "provider_refused";
        settleRefund(row.id, answer, "refund");
        throw;
    } catch (const sdk::PaymentUnsupported&) {
        answer.state = sdk::PaymentState::Failed;
        answer.failureCode = "unsupported";
        settleRefund(row.id, answer, "refund");
        throw;
    } catch (const std::exception& e) {
        // It may have reached the provider: the re-sync asks again with the same key.
        _logger.warning("refund " + row.id + " of payment attempt " + a.id + " with " + a.provider +
                        " has no known outcome: " + e.what());
        answer = sdk::RefundResult();
        answer.state = sdk::PaymentState::Unknown;
        answer.failureCode = "error";
    }
    return settleRefund(row.id, answer, "refund");
}

sdk::RefundResult PaymentService::settleRefund(const std::string& refundKey, const sdk::RefundResult& answer,
                                               const std::string& source)
{
    sdk::RefundResult out;
    _context.database.transaction([&](sdk::Transaction& tx) {
        // The attempt first, then the refund: the order refund() holds them in.
        auto found = _refunds.find(tx, refundKey);
        if (!found)
            return;
        auto a = _store.lock(tx, found->attemptId);
        auto row = _refunds.find(tx, refundKey).value();
        if (!a || row.state == "succeeded" || row.state == "failed") {
            out = resultOf(row); // settled meanwhile (its webhook came)
            return;
        }
        if (!answer.providerRefundId.empty())
            row.providerRefundId = answer.providerRefundId;
        row.updatedAtMillis = now();
        const std::string key = row.providerRefundId.empty() ? "refund:" + row.id : row.providerRefundId;
        switch (answer.state) {
        case sdk::PaymentState::Succeeded:
            row.state = "succeeded";
            row.failureCode.clear();
            _refunds.update(tx, row);
            if (answer.amountMinor > 0 && answer.amountMinor != row.amountMinor)
                _logger.warning(a->provider + " refunded " + std::to_string(answer.amountMinor) +
                                " for refund " + row.id + " of " + std::to_string(row.amountMinor) +
                                "; the amount asked is counted");
            // Counted at once under the provider's refund id: its webhook's event counts nothing more.
            countRefund(tx, *a, row.amountMinor, key, a->providerPaymentId, "", source);
            break;
        case sdk::PaymentState::Pending:
            // Its webhook may have been counted already, before the id was known here.
            row.state = _store.hasReceipt(tx, a->provider, "refund", key) ? "succeeded" : "pending";
            _refunds.update(tx, row);
            break;
        case sdk::PaymentState::Failed:
            row.state = "failed";
            row.failureCode = answer.failureCode.empty() ? "failed" : answer.failureCode;
            _refunds.update(tx, row);
            audit(tx, *a, "payment.refund_failed", row.id + " (" + row.failureCode + ")", source);
            break;
        default:
            row.state = "unknown";
            row.failureCode = answer.failureCode.empty() ? "error" : answer.failureCode;
            _refunds.update(tx, row);
            break;
        }
        out = resultOf(row, answer.detail);
    });
    return out;
}

int PaymentService::resyncRefunds(std::int64_t staleBefore, int limit)
{
    int asked = 0;
    for (const auto& row : _refunds.unknown(_context.database, staleBefore, limit)) {
        _refunds.touch(_context.database, row.id, now());
        const auto a = attempt(row.attemptId);
        auto provider = a ? _context.providers(a->provider) : nullptr;
        if (!provider)
            continue; // its plugin is not running: asked again once it is
        ++asked;
        try {
            settleRefund(row.id,
                         provider->refund(refundRequest(*a, row), a->providerPaymentId, row.amountMinor),
                         "re-sync");
        } catch (const std::exception& e) {
            _logger.warning("re-sync of refund " + row.id + " with " + a->provider + " failed: " + e.what());
        }
    }
    return asked;
}

} // namespace molar::host

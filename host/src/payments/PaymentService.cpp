#include "payments/PaymentService.h"

#include "payments/PaymentRules.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

#include <stdexcept>

namespace molar::host {

using namespace payment_rules;

bool paymentMayMove(sdk::PaymentState from, sdk::PaymentState to)
{
    if (from == to || to == sdk::PaymentState::Succeeded)
        return false;
    if (to == sdk::PaymentState::Unknown)
        return from == sdk::PaymentState::Pending;
    return rank(to) > rank(from);
}

sdk::Value paymentPayload(const sdk::PaymentAttempt& a, std::int64_t amountMinor)
{
    sdk::Value payload = sdk::Value::object({{"attemptId", a.id},
                                             {"provider", a.provider},
                                             {"purposeKind", a.purpose.kind},
                                             {"purposeId", a.purpose.id},
                                             {"organizationId", a.purpose.organizationId},
                                             {"amountMinor", amountMinor},
                                             {"currency", a.amount.currency},
                                             {"reference", a.purpose.reference},
                                             {"providerPaymentId", a.providerPaymentId}});
    sdk::setMessageAmount(payload, "amountText", {amountMinor, a.amount.currency});
    return payload;
}

PaymentService::PaymentService(Context context)
    : _context(std::move(context)), _logger(Poco::Logger::get("payments"))
{
}

std::int64_t PaymentService::now() const
{
    return millisSinceEpoch(_context.clock.now());
}

sdk::PaymentRequest PaymentService::requestFor(const sdk::PaymentAttempt& a)
{
    sdk::PaymentRequest request;
    request.idempotencyKey = a.id;
    request.amount = a.amount;
    request.description = a.purpose.description;
    request.reference = a.purpose.reference;
    request.customerId = std::to_string(a.purpose.organizationId);
    request.metadata = {{"purposeKind", a.purpose.kind}, {"purposeId", a.purpose.id}};
    return request;
}

sdk::PaymentAttempt PaymentService::begin(sdk::Transaction& tx, const sdk::PaymentPurpose& purpose,
                                          const std::string& providerName, const sdk::Money& amount)
{
    if (purpose.kind.empty() || purpose.id.empty() || purpose.kind.size() > 32 || purpose.id.size() > 64)
        throw std::invalid_argument(
            "a payment's purpose needs a kind (up to 32 characters) and an id (up to 64)");
    if (amount.minor <= 0)
        throw std::invalid_argument("a payment's amount must be more than zero");
    if (amount.minor > MAX_PAYMENT_MINOR)
        throw std::invalid_argument("a payment's amount must be at most " +
                                    std::to_string(MAX_PAYMENT_MINOR) + " minor units");
    sdk::currencyMinorDigits(amount.currency); // throws std::invalid_argument for no currency code
    auto provider = _context.providers(providerName);
    if (!provider)
        throw std::invalid_argument("no payment provider named '" + providerName + "' is offered");
    const auto capabilities = provider->capabilities();
    if (!capabilities.currencies.empty()) {
        bool takes = false;
        for (const auto& c : capabilities.currencies)
            takes = takes || c == amount.currency;
        if (!takes)
            throw std::invalid_argument("the payment provider '" + providerName + "' does not take " +
                                        amount.currency);
    }
    sdk::PaymentAttempt a;
    // 128 random bits: an attempt's id cannot be guessed from another's.
    a.id = "pa_" + randomHex(16);
    a.provider = providerName;
    a.purpose = purpose;
    a.amount = amount;
    a.state = sdk::PaymentState::Pending;
    a.createdAtMillis = a.updatedAtMillis = now();
    _store.insertAttempt(tx, a);
    sdk::AuditEntry entry{"payment.started", "payment", a.id, purpose.organizationId,
                          sdk::formatMoney(amount) + " by " + providerName + " for " + purpose.kind + " " +
                              purpose.id};
    _context.audit.record(tx, sdk::Actor::system(actorOf("begin")), entry);
    return a;
}

sdk::PaymentResult PaymentService::checkout(const std::string& attemptId, const std::string& returnUrl,
                                            const std::string& cancelUrl)
{
    const auto a = attempt(attemptId);
    if (!a)
        throw std::invalid_argument("no payment attempt has that id");
    if (isSettled(a->state))
        throw std::invalid_argument("the payment attempt is already " + paymentStateName(a->state));
    auto provider = _context.providers(a->provider);
    if (!provider)
        throw std::runtime_error("the payment provider '" + a->provider + "' is not offered now");
    auto request = requestFor(*a);
    request.returnUrl = returnUrl;
    request.cancelUrl = cancelUrl;
    // The provider is called outside any transaction: no row is held while it answers.
    const auto result = askProvider(_logger, "checkout of payment attempt " + a->id + " with " + a->provider,
                                    [&] { return provider->createCheckout(request); });
    applyResult(attemptId, result, "checkout");
    return result;
}

bool PaymentService::record(const std::string& provider, const sdk::PaymentEvent& event)
{
    if (event.providerEventId.empty())
        throw std::invalid_argument("a payment event needs the provider's event id");
    bool recorded = false;
    _context.database.transaction([&](sdk::Transaction& tx) {
        recorded = _store.insertEvent(tx, provider, event, now());
        if (!recorded)
            return;
        // A saved method concerns a setup, not an attempt.
        if (event.kind == sdk::PaymentEventKind::MethodSaved) {
            _store.setEventOutcome(tx, provider, event.providerEventId, "",
                                   recordSavedMethod(tx, provider, event));
            return;
        }
        // The attempt: by the key the provider echoes, else by its payment id; never
        // another provider's attempt.
        std::string id;
        if (!event.idempotencyKey.empty()) {
            const auto found = _store.find(tx, event.idempotencyKey);
            if (found && found->provider == provider)
                id = found->id;
        }
        if (id.empty())
            id = _store.attemptOfPayment(tx, provider, event.providerPaymentId);
        auto a = id.empty() ? std::nullopt : _store.lock(tx, id);
        if (!a) {
            _store.setEventOutcome(tx, provider, event.providerEventId, "", "unmatched");
            _logger.warning("payment event " + event.providerEventId + " of " + provider + " (" +
                            paymentEventKindName(event.kind) + ") matches no payment attempt of " + provider);
            return;
        }
        const std::string outcome = applyEvent(tx, *a, provider, event);
        _store.setEventOutcome(tx, provider, event.providerEventId, a->id, outcome);
    });
    return recorded;
}

std::string PaymentService::currencyMismatch(sdk::Transaction& tx, const sdk::PaymentAttempt& a,
                                             const sdk::PaymentEvent& e, const std::string& source)
{
    // Money in another currency is for the lab's staff to look into, never converted.
    _logger.warning("payment event " + e.providerEventId + " of " + a.provider + " is in " +
                    e.amount.currency + ", attempt " + a.id + " in " + a.amount.currency +
                    "; nothing counted");
    audit(tx, a, "payment.currency_mismatch",
          sdk::formatMinorUnits(e.amount.minor, e.amount.currency) + " " + e.amount.currency + " reported (" +
              paymentEventKindName(e.kind) + "), the attempt is in " + a.amount.currency,
          source);
    return "currency_mismatch";
}

std::string PaymentService::amountRefused(sdk::Transaction& tx, const sdk::PaymentAttempt& a,
                                          const sdk::PaymentEvent& e, const std::string& source)
{
    _logger.warning("payment event " + e.providerEventId + " of " + a.provider + " reports " +
                    std::to_string(e.amount.minor) + " minor units for attempt " + a.id +
                    "; nothing counted");
    audit(tx, a, "payment.amount_refused",
          std::to_string(e.amount.minor) + " minor units reported (" + paymentEventKindName(e.kind) +
              "): negative, or beyond what one attempt may count",
          source);
    return "refused_amount";
}

std::string PaymentService::applyEvent(sdk::Transaction& tx, sdk::PaymentAttempt& a,
                                       const std::string& provider, const sdk::PaymentEvent& e)
{
    const std::string source = provider + " event " + e.providerEventId;
    if (a.providerPaymentId.empty() && !e.providerPaymentId.empty() &&
        e.kind != sdk::PaymentEventKind::Succeeded && e.kind != sdk::PaymentEventKind::MethodSaved) {
        a.providerPaymentId = e.providerPaymentId;
        a.updatedAtMillis = now();
        _store.update(tx, a);
        replayUnmatched(tx, a, a.providerPaymentId);
    }
    switch (e.kind) {
    case sdk::PaymentEventKind::Succeeded: {
        if (currencyDiffers(a, e.amount.currency))
            return currencyMismatch(tx, a, e, source);
        // No amount: the rest of what the attempt asked for.
        const std::int64_t amount = e.amount.minor != 0 ? e.amount.minor : a.amount.minor - a.capturedMinor;
        if (e.amount.minor == 0 && amount <= 0)
            return "no_change";
        // A negative or absurd amount is not money received: kept in the inbox, never counted.
        if (!addsUp(a.capturedMinor, amount))
            return amountRefused(tx, a, e, source);
        return countPayment(tx, a, amount, e.providerPaymentId, e.providerEventId, source) ? "applied"
                                                                                           : "no_change";
    }
    case sdk::PaymentEventKind::Failed:
        return moveState(tx, a, sdk::PaymentState::Failed, "", source) ? "applied" : "no_change";
    case sdk::PaymentEventKind::Authorized:
        return moveState(tx, a, sdk::PaymentState::Authorized, "", source) ? "applied" : "no_change";
    case sdk::PaymentEventKind::Canceled:
        return moveState(tx, a, sdk::PaymentState::Canceled, "", source) ? "applied" : "no_change";
    case sdk::PaymentEventKind::Refunded:
        if (currencyDiffers(a, e.amount.currency))
            return currencyMismatch(tx, a, e, source);
        if (e.amount.minor > 0 && !addsUp(a.refundedMinor, e.amount.minor))
            return amountRefused(tx, a, e, source);
        return countRefund(tx, a, e) ? "applied" : "no_change";
    case sdk::PaymentEventKind::DisputeOpened:
    case sdk::PaymentEventKind::DisputeClosed: {
        const bool opened = e.kind == sdk::PaymentEventKind::DisputeOpened;
        const bool sameCurrency = !currencyDiffers(a, e.amount.currency);
        auto payload =
            paymentPayload(a, e.amount.minor > 0 && sameCurrency ? e.amount.minor : a.amount.minor);
        payload.set("disputeId", e.disputeId);
        if (!opened)
            payload.set("disputeOutcome", e.disputeOutcome);
        publish(tx, opened ? "dispute.opened" : "dispute.closed", payload);
        audit(tx, a, opened ? "payment.dispute_opened" : "payment.dispute_closed",
              "dispute " + e.disputeId + (opened ? " opened" : " closed: " + e.disputeOutcome), source);
        return "applied";
    }
    case sdk::PaymentEventKind::MethodSaved:
        return "no_change"; // recorded for its setup by record(), never for an attempt
    }
    return "no_change";
}

bool PaymentService::countPayment(sdk::Transaction& tx, sdk::PaymentAttempt& a, std::int64_t amountMinor,
                                  const std::string& providerPaymentId, const std::string& providerEventId,
                                  const std::string& source)
{
    // A receipt without the provider's payment id is known by the event that brought
    // it, or (a provider call's answer) by the attempt.
    const std::string key = !providerPaymentId.empty() ? providerPaymentId
                            : !providerEventId.empty() ? "event:" + providerEventId
                                                       : "attempt:" + a.id;
    Receipt receipt{a.provider,        "payment",      key, a.id, {amountMinor, a.amount.currency},
                    providerPaymentId, providerEventId};
    const std::int64_t receiptId = _store.insertReceipt(tx, receipt, now());
    if (!receiptId)
        return false;
    // Money taken from a hold closes it, the whole or a part (the rest is released).
    const bool closesHold = a.state == sdk::PaymentState::Authorized;
    a.capturedMinor += amountMinor;
    if (a.providerPaymentId.empty())
        a.providerPaymentId = providerPaymentId;
    // Money received is a fact: it settles the attempt once it adds up, whatever
    // state an earlier message left it in.
    if ((closesHold || a.capturedMinor >= a.amount.minor) && a.state != sdk::PaymentState::Succeeded) {
        a.state = sdk::PaymentState::Succeeded;
        a.failureCode.clear();
    }
    a.updatedAtMillis = now();
    _store.update(tx, a);

    auto payload = paymentPayload(a, amountMinor);
    // Names the receipt, so that a subscriber counting (attemptId, providerPaymentId) counts each once.
    payload.set("providerPaymentId", key);
    payload.set("receiptId", receiptId);
    payload.set("capturedMinor", a.capturedMinor);
    payload.set("attemptAmountMinor", a.amount.minor);
    payload.set("paidInFull", a.state == sdk::PaymentState::Succeeded);
    publish(tx, "payment.succeeded", payload);
    audit(tx, a, "payment.recorded",
          sdk::formatMoney({amountMinor, a.amount.currency}) + " received" +
              (providerPaymentId.empty() ? "" : " (" + providerPaymentId + ")") + "; " +
              sdk::formatMoney({a.capturedMinor, a.amount.currency}) + " of " + sdk::formatMoney(a.amount),
          source);
    // A receipt's own id (one part of a transfer) is the attempt's too from now on.
    if (!providerPaymentId.empty())
        replayUnmatched(tx, a, providerPaymentId);
    return true;
}

void PaymentService::replayUnmatched(sdk::Transaction& tx, sdk::PaymentAttempt& a,
                                     const std::string& providerPaymentId)
{
    for (const auto& event : _store.unmatchedEvents(tx, a.provider, providerPaymentId)) {
        // Claimed first: a replay within this replay never applies an event twice.
        if (!_store.claimUnmatched(tx, a.provider, event.providerEventId))
            continue;
        const std::string outcome = applyEvent(tx, a, a.provider, event);
        _store.setEventOutcome(tx, a.provider, event.providerEventId, a.id, outcome);
    }
}

bool PaymentService::countRefund(sdk::Transaction& tx, sdk::PaymentAttempt& a, const sdk::PaymentEvent& e)
{
    const std::string key = e.providerRefundId.empty() ? "event:" + e.providerEventId : e.providerRefundId;
    return countRefund(tx, a, e.amount.minor, key, e.providerPaymentId, e.providerEventId,
                       a.provider + " event " + e.providerEventId);
}

bool PaymentService::countRefund(sdk::Transaction& tx, sdk::PaymentAttempt& a, std::int64_t amountMinor,
                                 const std::string& key, const std::string& providerPaymentId,
                                 const std::string& providerEventId, const std::string& source)
{
    if (amountMinor <= 0)
        return false;
    Receipt receipt{a.provider,        "refund",       key, a.id, {amountMinor, a.amount.currency},
                    providerPaymentId, providerEventId};
    const std::int64_t receiptId = _store.insertReceipt(tx, receipt, now());
    // A refund the host asked for is settled by the news that counts it, whichever comes first.
    _refunds.markCounted(tx, a.id, key, now());
    if (!receiptId)
        return false;
    a.refundedMinor += amountMinor;
    a.updatedAtMillis = now();
    _store.update(tx, a);

    auto payload = paymentPayload(a, amountMinor);
    payload.set("refundMinor", amountMinor);
    payload.set("refundedMinor", a.refundedMinor);
    payload.set("providerRefundId", key);
    payload.set("receiptId", receiptId);
    publish(tx, "payment.refunded", payload);
    audit(tx, a, "payment.refund_recorded",
          sdk::formatMoney({amountMinor, a.amount.currency}) + " refunded (" + key + ")", source);
    return true;
}

bool PaymentService::moveState(sdk::Transaction& tx, sdk::PaymentAttempt& a, sdk::PaymentState to,
                               const std::string& failureCode, const std::string& source)
{
    if (a.state == to && a.failureCode.empty() && !failureCode.empty() &&
        (to == sdk::PaymentState::Failed || to == sdk::PaymentState::RequiresAction)) {
        // The webhook came before the call's own answer, without a code: the answer names
        // it, for the clinic's words. Nothing moved, so nothing is published again.
        a.failureCode = failureCode;
        a.updatedAtMillis = now();
        _store.update(tx, a);
        return false;
    }
    if (!paymentMayMove(a.state, to))
        return false;
    const std::string from = paymentStateName(a.state);
    a.state = to;
    // Why it failed, or why the payer must act ("authentication_required"). A webhook's
    // Failed carries no code: the one an earlier answer gave stays, for the clinic's words.
    if ((to == sdk::PaymentState::Failed || to == sdk::PaymentState::RequiresAction) && !failureCode.empty())
        a.failureCode = failureCode;
    else if (to == sdk::PaymentState::Authorized)
        a.failureCode.clear();
    a.updatedAtMillis = now();
    _store.update(tx, a);
    if (to == sdk::PaymentState::Failed) {
        auto payload = paymentPayload(a, a.amount.minor);
        payload.set("failureCode", a.failureCode);
        publish(tx, "payment.failed", payload);
    }
    audit(tx, a, "payment." + paymentStateName(to),
          from + " -> " + paymentStateName(to) + (failureCode.empty() ? "" : " (" + failureCode + ")"),
          source);
    return true;
}

std::optional<sdk::PaymentAttempt> PaymentService::attempt(const std::string& id)
{
    return _store.find(_context.database, id);
}

std::vector<sdk::PaymentAttempt> PaymentService::attemptsFor(const std::string& purposeKind,
                                                             const std::string& purposeId)
{
    return _store.forPurpose(_context.database, purposeKind, purposeId);
}

std::optional<sdk::PaymentAttempt> PaymentService::apply(const std::string& attemptId,
                                                         const sdk::PaymentResult& result)
{
    return applyResult(attemptId, result, "result");
}

std::optional<sdk::PaymentAttempt> PaymentService::applyResult(const std::string& attemptId,
                                                               const sdk::PaymentResult& r,
                                                               const std::string& source)
{
    std::optional<sdk::PaymentAttempt> out;
    _context.database.transaction([&](sdk::Transaction& tx) {
        out = _store.lock(tx, attemptId);
        if (!out)
            return;
        auto& a = *out;
        bool changed = false;
        if (a.providerPaymentId.empty() && !r.providerPaymentId.empty()) {
            a.providerPaymentId = r.providerPaymentId;
            changed = true;
        }
        if (a.payerReference.empty() && !r.payerReference.empty()) {
            a.payerReference = r.payerReference;
            changed = true;
        }
        if (changed) {
            a.updatedAtMillis = now();
            _store.update(tx, a);
            replayUnmatched(tx, a, a.providerPaymentId);
        }
        if (r.state == sdk::PaymentState::Succeeded) {
            if (currencyDiffers(a, r.amount.currency)) {
                _logger.warning("payment attempt " + a.id + " is in " + a.amount.currency + " but " +
                                a.provider + " answered in " + r.amount.currency + "; nothing counted");
                return;
            }
            // The provider's total for the attempt: what is not counted yet is counted,
            // keyed by the payment id, so a webhook that counted it already adds nothing.
            const std::int64_t total = r.capturedMinor > 0
                                           ? r.capturedMinor
                                           : (r.amount.minor > 0 ? r.amount.minor : a.amount.minor);
            const std::string paymentId =
                r.providerPaymentId.empty() ? a.providerPaymentId : r.providerPaymentId;
            if (total > MAX_PAYMENT_MINOR) {
                _logger.warning("payment attempt " + a.id + ": " + a.provider + " answered a total of " +
                                std::to_string(total) + " minor units; nothing counted");
                return;
            }
            if (total > a.capturedMinor)
                countPayment(tx, a, total - a.capturedMinor, paymentId, "", source);
            return;
        }
        sdk::PaymentState to = r.state;
        std::string failureCode = r.failureCode;
        // A re-sync finding no trace of an attempt whose call gave no id: nothing was
        // taken, and nothing will be; it failed.
        if (source == "re-sync" && r.state == sdk::PaymentState::Unknown && r.failureCode == "not_found" &&
            a.state == sdk::PaymentState::Unknown && a.providerPaymentId.empty())
            to = sdk::PaymentState::Failed;
        moveState(tx, a, to, failureCode, source);
    });
    return out;
}

int PaymentService::resync(std::chrono::minutes staleAfter, int limit)
{
    const std::int64_t staleBefore = millisSinceEpoch(_context.clock.now() - staleAfter);
    int asked = 0;
    for (const auto& a : _store.dueForResync(_context.database, staleBefore, limit)) {
        auto provider = _context.providers(a.provider);
        if (!provider)
            continue; // its plugin is not running: asked again once it is
        // A transfer is waited for: only an unknown outcome of an offline provider is asked about.
        if (a.state != sdk::PaymentState::Unknown &&
            provider->capabilities().flow == sdk::PaymentFlow::Offline) {
            _store.markChecked(_context.database, a.id, now());
            continue;
        }
        ++asked;
        try {
            const auto result = provider->fetchPayment(requestFor(a), a.providerPaymentId);
            applyResult(a.id, result, "re-sync");
        } catch (const std::exception& e) {
            _logger.warning("re-sync of payment attempt " + a.id + " with " + a.provider +
                            " failed: " + e.what());
        }
        _store.markChecked(_context.database, a.id, now());
    }
    return asked + resyncRefunds(staleBefore, limit);
}

void PaymentService::publish(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload)
{
    _context.events.publish(tx, name, payload);
}

void PaymentService::audit(sdk::Transaction& tx, const sdk::PaymentAttempt& a, const std::string& action,
                           const std::string& detail, const std::string& source)
{
    _context.audit.record(tx, sdk::Actor::system(actorOf(source)),
                          {action, "payment", a.id, a.purpose.organizationId, detail});
}

} // namespace molar::host

// The payment service's calls that move money on an attempt after its checkout:
// a charge to a saved method (at once or a hold), the capture or release of a
// hold, and asking the provider where an attempt or a dispute stands.
#include "payments/PaymentService.h"

#include "payments/PaymentRules.h"

#include <stdexcept>

namespace molar::host {

using namespace payment_rules;

namespace {

// What a call answers without asking the provider: the attempt as it stands.
sdk::PaymentResult resultOf(const sdk::PaymentAttempt& a)
{
    sdk::PaymentResult r;
    r.state = a.state;
    r.providerPaymentId = a.providerPaymentId;
    r.amount = a.amount;
    r.capturedMinor = a.capturedMinor;
    r.refundedMinor = a.refundedMinor;
    r.failureCode = a.failureCode;
    return r;
}

} // namespace

sdk::PaymentAttempt PaymentService::knownAttempt(const std::string& attemptId)
{
    auto a = attempt(attemptId);
    if (!a)
        throw std::invalid_argument("no payment attempt has that id");
    return *a;
}

std::shared_ptr<sdk::PaymentProvider> PaymentService::providerOf(const std::string& name)
{
    auto provider = _context.providers(name);
    if (!provider)
        throw std::runtime_error("the payment provider '" + name + "' is not offered now");
    return provider;
}

sdk::PaymentResult PaymentService::chargeSavedMethod(const std::string& attemptId, std::int64_t methodId,
                                                     bool captureLater)
{
    const auto a = knownAttempt(attemptId);
    if (a.state != sdk::PaymentState::Pending)
        throw std::invalid_argument("the payment attempt is " + paymentStateName(a.state) + ", not pending");
    bool removed = false;
    const auto method = _methods.method(_context.database, methodId, &removed);
    // Only a method of the attempt's organization, saved with the attempt's provider.
    if (!method || removed || method->organizationId != a.purpose.organizationId ||
        method->provider != a.provider)
        throw std::invalid_argument("the payment attempt may not use that payment method");
    auto provider = providerOf(a.provider);
    const auto capabilities = provider->capabilities();
    if (captureLater ? !capabilities.authorizeCapture : !capabilities.offSession)
        throw sdk::PaymentUnsupported(
            "the payment provider '" + a.provider + "' cannot " +
            (captureLater ? "hold money to capture later" : "charge a saved method"));
    auto request = requestFor(a);
    request.savedMethodId = method->method.providerMethodId;
    request.captureLater = captureLater;
    // A card that needs its holder comes back RequiresAction ("authentication_required"):
    // recorded as it is and never tried again here; the holder is told.
    const auto result =
        askProvider(_logger, (captureLater ? "holding " : "charging ") + a.id + " with " + a.provider, [&] {
            return captureLater ? provider->authorize(request) : provider->chargeSaved(request);
        });
    applyResult(a.id, result, captureLater ? "authorize" : "charge");
    return result;
}

sdk::PaymentResult PaymentService::capture(const std::string& attemptId, std::int64_t amountMinor)
{
    const auto a = knownAttempt(attemptId);
    if (a.state == sdk::PaymentState::Succeeded)
        return resultOf(a); // captured already: capturing again changes nothing
    if (a.state != sdk::PaymentState::Authorized)
        throw std::invalid_argument("the payment attempt is " + paymentStateName(a.state) +
                                    ", not authorized");
    const std::int64_t amount = amountMinor == 0 ? a.amount.minor : amountMinor;
    if (amount <= 0 || amount > a.amount.minor)
        throw std::invalid_argument("a capture takes more than zero and at most the attempt's amount");
    auto provider = providerOf(a.provider);
    const auto result = askProvider(_logger, "capturing " + a.id + " with " + a.provider, [&] {
        return provider->capture(requestFor(a), a.providerPaymentId, amount);
    });
    applyResult(a.id, result, "capture");
    return result;
}

sdk::PaymentResult PaymentService::cancelAuthorization(const std::string& attemptId)
{
    const auto a = knownAttempt(attemptId);
    if (a.state == sdk::PaymentState::Canceled)
        return resultOf(a);
    if (a.state != sdk::PaymentState::Pending && a.state != sdk::PaymentState::RequiresAction &&
        a.state != sdk::PaymentState::Authorized)
        throw std::invalid_argument("the payment attempt is " + paymentStateName(a.state) +
                                    ": only a pending or held one is canceled");
    auto provider = _context.providers(a.provider);
    sdk::PaymentResult result;
    if (provider && provider->capabilities().authorizeCapture && !a.providerPaymentId.empty()) {
        result = askProvider(_logger, "canceling " + a.id + " with " + a.provider, [&] {
            return provider->cancelAuthorization(requestFor(a), a.providerPaymentId);
        });
    } else {
        // Nothing is held at the provider: the attempt is given up here. Money that
        // still arrives for it is counted all the same.
        result = resultOf(a);
        result.state = sdk::PaymentState::Canceled;
    }
    applyResult(a.id, result, "cancel");
    return result;
}

std::optional<sdk::PaymentAttempt> PaymentService::refresh(const std::string& attemptId)
{
    auto a = attempt(attemptId);
    if (!a || isSettled(a->state))
        return a;
    auto provider = _context.providers(a->provider);
    if (!provider)
        return a;
    sdk::PaymentResult result;
    try {
        result = provider->fetchPayment(requestFor(*a), a->providerPaymentId);
    } catch (const std::exception& e) {
        // The page shows what is known; the re-sync and the webhooks go on.
        _logger.warning("refreshing payment attempt " + a->id + " with " + a->provider +
                        " failed: " + e.what());
        return a;
    }
    return applyResult(a->id, result, "refresh");
}

std::optional<sdk::DisputeFacts> PaymentService::dispute(const std::string& providerName,
                                                         const std::string& disputeId)
{
    auto provider = _context.providers(providerName);
    // A provider tells of its disputes when it implements DisputeLookup beside PaymentProvider.
    auto* lookup = provider ? dynamic_cast<sdk::DisputeLookup*>(provider.get()) : nullptr;
    if (!lookup)
        return std::nullopt;
    return lookup->fetchDispute(disputeId);
}

} // namespace molar::host

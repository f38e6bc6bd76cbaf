#pragma once

// The conformance checks every PaymentProvider passes, run against the provider's
// sandbox or a local stand-in for its gateway. Header-only; run it from your own
// test framework:
//
//     PaymentProviderConformanceOptions options;
//     options.savedMethodId = "pm_card_ok";               // a method the sandbox charges
//     options.authenticationRequiredMethodId = "pm_card_3ds"; // one it charges only with its holder
//     options.completeSetup = [&](const PaymentRequest&, const PaymentResult& s) { sandbox.saveCard(s); };
//     options.loseNextAnswer = [&] { sandbox.dropNextAnswer(); };
//     options.webhookBody = [&](const PaymentResult& p) { return sandbox.succeededEvent(p); };
//     options.signDelivery = [&](const std::string& body, std::int64_t at) { return sandbox.sign(body, at);
//     }; auto failures = molar::sdk::testing::checkPaymentProvider(provider, options); for (const auto& f :
//     failures) std::cerr << f << "\n"; assert(failures.empty());
//
// The checks follow capabilities(): a call the capabilities do not list must throw
// PaymentUnsupported, and the checks that need it are skipped (options.skipped
// names them). Checks that need a hook the options leave empty are skipped too.

#include "molar/sdk/Money.h"
#include "molar/sdk/Payments.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace molar::sdk::testing {

struct PaymentProviderConformanceOptions
{
    // Amounts are tried in these currencies (0, 2 and 3 minor digits), those the
    // provider takes (capabilities().currencies; empty: all).
    std::vector<std::string> currencies{"JPY", "QAR", "KWD"};
    // A method the provider charges successfully, given to authorize() and
    // chargeSaved(); empty skips the checks that charge one.
    std::string savedMethodId;
    // Plays the payer on a checkout: pays it in full on the hosted page, in the
    // widget or by transfer, as the sandbox allows. Used to get a paid payment when
    // no method can be charged; empty: no such payment.
    std::function<void(const PaymentRequest& request, const PaymentResult& checkout)> payCheckout;
    // Saved methods (capabilities().savedMethods): plays the payer on the page (or
    // widget) of a saveMethod() result, saving a method the sandbox accepts. Empty
    // skips the checks that need a saved method.
    std::function<void(const PaymentRequest& request, const PaymentResult& setup)> completeSetup;
    // A method that saves fine but that the gateway will not charge without its
    // holder (3-D Secure), e.g. Stripe's pm_card_authenticationRequired; empty skips
    // the off-session authentication check.
    std::string authenticationRequiredMethodId;
    // Makes the provider's next call end as a timeout after the gateway did the
    // work (the answer is lost); empty skips the unknown-outcome checks.
    std::function<void()> loseNextAnswer;
    // How many times the gateway moved money under an idempotency key; empty: the
    // checks rely on the ids and amounts the provider reports.
    std::function<int(const std::string& idempotencyKey)> chargesMade;
    // Webhooks (capabilities().webhooks): the body the provider's servers send when
    // the payment succeeded, and a delivery of a body signed at a time, as they send
    // it (headers and all). Either empty skips the webhook checks.
    std::function<std::string(const PaymentResult& payment)> webhookBody;
    std::function<WebhookDelivery(const std::string& body, std::int64_t signedAtMillis)> signDelivery;
    // The time deliveries are received, milliseconds since the epoch; empty: the system clock.
    std::function<std::int64_t()> nowMillis;
    // An age (and a lead into the future) beyond the provider's tolerance for a
    // delivery's timestamp.
    std::int64_t staleMillis = 60 * 60 * 1000;
    // Calls made at once from as many threads.
    int concurrentCalls = 8;
    // The start of every idempotency key; the run adds the time, so that a sandbox
    // that remembers keys for days sees new ones.
    std::string keyPrefix = "conformance";
    // When set, receives "<check>: <why>" for every check skipped.
    std::vector<std::string>* skipped = nullptr;
};

namespace detail {

class PaymentCheckFailed : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class PaymentCheckSkipped : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

inline void check(bool condition, const std::string& what)
{
    if (!condition)
        throw PaymentCheckFailed(what);
}

inline const char* stateName(PaymentState state)
{
    switch (state) {
    case PaymentState::Pending:
        return "Pending";
    case PaymentState::RequiresAction:
        return "RequiresAction";
    case PaymentState::Authorized:
        return "Authorized";
    case PaymentState::Succeeded:
        return "Succeeded";
    case PaymentState::Failed:
        return "Failed";
    case PaymentState::Canceled:
        return "Canceled";
    case PaymentState::Unknown:
        return "Unknown";
    }
    return "?";
}

inline std::string money(std::int64_t minor, const std::string& currency)
{
    return currency.size() == 3 ? formatMoney({minor, currency}) : std::to_string(minor) + " " + currency;
}

// Runs the checks against one provider, making the requests and paid payments they need.
class PaymentChecks
{
public:
    PaymentChecks(PaymentProvider& provider, const PaymentProviderConformanceOptions& options)
        : _provider(provider), _options(options), _caps(provider.capabilities())
    {
        _run = std::to_string(now());
    }

    const PaymentCapabilities& caps() const { return _caps; }

    std::int64_t now() const
    {
        if (_options.nowMillis)
            return _options.nowMillis();
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    // A fresh idempotency key, and its number (calls come from several threads).
    std::string key(const std::string& what, long* number = nullptr)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_keys;
        if (number)
            *number = _keys;
        return _options.keyPrefix + "-" + _run + "-" + what + "-" + std::to_string(_keys);
    }

    bool takes(const std::string& currency) const
    {
        return _caps.currencies.empty() || std::find(_caps.currencies.begin(), _caps.currencies.end(),
                                                     currency) != _caps.currencies.end();
    }

    // The first currency of the options the provider takes.
    std::string currency() const
    {
        for (const auto& c : _options.currencies)
            if (takes(c))
                return c;
        if (!_caps.currencies.empty())
            return _caps.currencies.front();
        throw PaymentCheckSkipped("the provider takes none of the options' currencies");
    }

    PaymentRequest request(const std::string& what, std::int64_t minor, const std::string& currency)
    {
        PaymentRequest r;
        long number = 0;
        r.idempotencyKey = key(what, &number);
        r.amount = {minor, currency};
        r.description = "Conformance check: " + what;
        r.reference = "INV-2026-" + std::to_string(100000 + number % 900000);
        r.customerId = "42";
        r.returnUrl = "https://lab.example/billing/return";
        r.cancelUrl = "https://lab.example/billing/cancel";
        r.metadata["check"] = what;
        return r;
    }

    // Whether a call moves money without a payer at hand (so its idempotency is observable).
    bool canCharge() const
    {
        return !_options.savedMethodId.empty() && (_caps.offSession || _caps.authorizeCapture);
    }

    // The call that charges a method at once: chargeSaved() or authorize() without captureLater.
    PaymentResult charge(const PaymentRequest& r)
    {
        return _caps.offSession ? _provider.chargeSaved(r) : _provider.authorize(r);
    }

    PaymentRequest chargeRequest(const std::string& what, std::int64_t minor, const std::string& currency)
    {
        PaymentRequest r = request(what, minor, currency);
        r.savedMethodId = _options.savedMethodId;
        return r;
    }

    bool canPay() const { return canCharge() || static_cast<bool>(_options.payCheckout); }

    // A payment captured in full, by charging a method or by the payer on a checkout.
    std::pair<PaymentRequest, PaymentResult> paidPayment(const std::string& what, std::int64_t minor,
                                                         const std::string& currency)
    {
        if (canCharge()) {
            PaymentRequest r = chargeRequest(what, minor, currency);
            PaymentResult result = charge(r);
            check(result.state == PaymentState::Succeeded, "charging " + money(minor, currency) + " gave " +
                                                               stateName(result.state) + " " +
                                                               result.failureCode + " " + result.detail);
            return {r, result};
        }
        if (!_options.payCheckout)
            throw PaymentCheckSkipped("no method to charge (savedMethodId) and no payer (payCheckout)");
        PaymentRequest r = request(what, minor, currency);
        PaymentResult checkout = _provider.createCheckout(r);
        _options.payCheckout(r, checkout);
        PaymentResult result = _provider.fetchPayment(r, checkout.providerPaymentId);
        check(result.state == PaymentState::Succeeded,
              "a checkout the payer paid is " + std::string(stateName(result.state)) + " on fetchPayment()");
        return {r, result};
    }

    PaymentProvider& provider() { return _provider; }
    const PaymentProviderConformanceOptions& options() const { return _options; }

private:
    PaymentProvider& _provider;
    const PaymentProviderConformanceOptions& _options;
    PaymentCapabilities _caps;
    std::string _run;
    std::mutex _mutex;
    long _keys = 0;
};

template <typename Call> void throwsUnsupported(Call call, const std::string& what)
{
    try {
        call();
    } catch (const PaymentUnsupported&) {
        return;
    } catch (const std::exception& e) {
        throw PaymentCheckFailed(what + " threw '" + e.what() + "' instead of PaymentUnsupported");
    }
    throw PaymentCheckFailed(what + " returned although the capabilities do not list it");
}

template <typename Call> void refusesDelivery(Call call, const std::string& what)
{
    try {
        call();
    } catch (const WebhookRefused&) {
        return;
    } catch (const std::exception& e) {
        throw PaymentCheckFailed(what + " threw '" + e.what() + "' instead of WebhookRefused");
    }
    throw PaymentCheckFailed(what + " was accepted");
}

inline bool validName(const std::string& name)
{
    if (name.empty() || name.size() > 32 || name[0] < 'a' || name[0] > 'z')
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

inline void describesItself(PaymentChecks& c)
{
    const auto& caps = c.caps();
    check(validName(caps.name),
          "capabilities().name '" + caps.name + "' is not 1-32 of [a-z0-9-] from a letter");
    check(!caps.displayName.empty(), "capabilities().displayName is empty");
    check(!caps.partialRefunds || caps.refunds, "partialRefunds without refunds");
    check(!caps.offSession || caps.savedMethods, "offSession without savedMethods");
    for (const auto& currency : caps.currencies) {
        try {
            currencyMinorDigits(currency);
        } catch (const std::invalid_argument&) {
            throw PaymentCheckFailed("capabilities().currencies lists '" + currency + "', no ISO 4217 code");
        }
    }
}

inline void unsupportedCallsThrow(PaymentChecks& c)
{
    const auto& caps = c.caps();
    auto& p = c.provider();
    PaymentRequest r = c.request("unsupported", 1000, c.currency());
    r.savedMethodId = c.options().savedMethodId.empty() ? "pm_none" : c.options().savedMethodId;
    bool any = false;
    if (!caps.authorizeCapture) {
        any = true;
        throwsUnsupported([&] { p.authorize(r); }, "authorize()");
        throwsUnsupported([&] { p.capture(r, "pay_none", 1000); }, "capture()");
        throwsUnsupported([&] { p.cancelAuthorization(r, "pay_none"); }, "cancelAuthorization()");
    }
    if (!caps.savedMethods) {
        any = true;
        throwsUnsupported([&] { p.saveMethod(r); }, "saveMethod()");
        throwsUnsupported([&] { p.fetchMethod(r, "pay_none"); }, "fetchMethod()");
        throwsUnsupported([&] { p.removeMethod(r); }, "removeMethod()");
    }
    if (!caps.offSession) {
        any = true;
        throwsUnsupported([&] { p.chargeSaved(r); }, "chargeSaved()");
    }
    if (!caps.refunds) {
        any = true;
        throwsUnsupported([&] { p.refund(r, "pay_none", 1000); }, "refund()");
    }
    if (!caps.webhooks) {
        any = true;
        throwsUnsupported([&] { p.parseWebhook(WebhookDelivery{"{}", {}, c.now()}); }, "parseWebhook()");
    }
    if (!any)
        throw PaymentCheckSkipped("the capabilities list every call");
}

inline void createsCheckouts(PaymentChecks& c)
{
    const std::string currency = c.currency();
    PaymentRequest r = c.request("checkout", 12345, currency);
    PaymentResult result = c.provider().createCheckout(r);
    check(!result.providerPaymentId.empty(), "createCheckout() gave no providerPaymentId");
    check(result.state == PaymentState::Pending || result.state == PaymentState::RequiresAction,
          "a new checkout is " + std::string(stateName(result.state)) + ", not Pending or RequiresAction");
    check(result.amount.minor == 12345 && result.amount.currency == currency,
          "a checkout for " + money(12345, currency) + " is for " +
              money(result.amount.minor, result.amount.currency));
    check(result.capturedMinor == 0, "a checkout nobody paid has captured money");
    switch (c.caps().flow) {
    case PaymentFlow::HostedCheckout:
        check(!result.redirectUrl.empty(), "a hosted checkout gave no redirectUrl");
        break;
    case PaymentFlow::ClientWidget:
        check(!result.clientSecret.empty(), "a widget checkout gave no clientSecret");
        break;
    case PaymentFlow::Offline:
        check(!result.instructions.empty(), "an offline checkout gave no instructions");
        break;
    }
    PaymentResult fetched = c.provider().fetchPayment(r, result.providerPaymentId);
    check(fetched.providerPaymentId == result.providerPaymentId,
          "fetchPayment() answered for " + fetched.providerPaymentId + ", not " + result.providerPaymentId);
    check(fetched.state != PaymentState::Succeeded && fetched.capturedMinor == 0,
          "a checkout nobody paid is Succeeded on fetchPayment()");
    PaymentResult byKey = c.provider().fetchPayment(r, "");
    check(byKey.providerPaymentId == result.providerPaymentId,
          "fetchPayment() without an id did not find the payment by its idempotency key");
}

inline void retriesAreIdempotent(PaymentChecks& c)
{
    const std::string currency = c.currency();
    auto& p = c.provider();
    PaymentRequest r = c.request("retry-checkout", 5000, currency);
    PaymentResult first = p.createCheckout(r);
    PaymentResult again = p.createCheckout(r);
    check(first.providerPaymentId == again.providerPaymentId,
          "createCheckout() retried with the same key gave a second payment (" + first.providerPaymentId +
              ", " + again.providerPaymentId + ")");
    check(first.payerReference == again.payerReference, "a retried checkout gave another payerReference");
    PaymentResult other = p.createCheckout(c.request("retry-checkout-other", 5000, currency));
    check(other.providerPaymentId != first.providerPaymentId, "two idempotency keys gave one payment");
    if (!c.canCharge())
        return;
    PaymentRequest charge = c.chargeRequest("retry-charge", 7000, currency);
    PaymentResult charged = c.charge(charge);
    PaymentResult retried = c.charge(charge);
    check(charged.providerPaymentId == retried.providerPaymentId,
          "a charge retried with the same key gave a second payment");
    PaymentResult fetched = p.fetchPayment(charge, charged.providerPaymentId);
    check(fetched.capturedMinor == 7000, "a charge of " + money(7000, currency) + " retried once captured " +
                                             money(fetched.capturedMinor, currency));
    if (c.options().chargesMade)
        check(c.options().chargesMade(charge.idempotencyKey) == 1,
              "the gateway moved money " + std::to_string(c.options().chargesMade(charge.idempotencyKey)) +
                  " times for one idempotency key");
}

inline void concurrentRetriesMakeOnePayment(PaymentChecks& c)
{
    const std::string currency = c.currency();
    PaymentRequest same = c.request("concurrent-same", 2500, currency);
    std::mutex mutex;
    std::set<std::string> sameIds, distinctIds;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int i = 0; i < c.options().concurrentCalls; ++i)
        threads.emplace_back([&, i] {
            try {
                auto a = c.provider().createCheckout(same);
                auto b =
                    c.provider().createCheckout(c.request("concurrent-" + std::to_string(i), 2500, currency));
                std::lock_guard<std::mutex> lock(mutex);
                sameIds.insert(a.providerPaymentId);
                distinctIds.insert(b.providerPaymentId);
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : threads)
        t.join();
    check(errors.empty(), "a concurrent call failed: " + (errors.empty() ? std::string() : errors.front()));
    check(sameIds.size() == 1, "one idempotency key used from " +
                                   std::to_string(c.options().concurrentCalls) + " threads at once gave " +
                                   std::to_string(sameIds.size()) + " payments");
    check(static_cast<int>(distinctIds.size()) == c.options().concurrentCalls,
          std::to_string(c.options().concurrentCalls) + " keys at once gave " +
              std::to_string(distinctIds.size()) + " distinct payments");
}

inline void unknownOutcomesSettleWithoutSecondCharge(PaymentChecks& c)
{
    if (!c.options().loseNextAnswer)
        throw PaymentCheckSkipped("no loseNextAnswer hook");
    const std::string currency = c.currency();
    auto& p = c.provider();
    const bool charging = c.canCharge();
    PaymentRequest r =
        charging ? c.chargeRequest("unknown", 9000, currency) : c.request("unknown", 9000, currency);
    c.options().loseNextAnswer();
    PaymentResult lost;
    try {
        lost = charging ? c.charge(r) : p.createCheckout(r);
    } catch (const std::exception& e) {
        throw PaymentCheckFailed(std::string("a lost answer threw '") + e.what() +
                                 "' instead of state Unknown");
    }
    check(lost.state == PaymentState::Unknown,
          "a call whose answer was lost is " + std::string(stateName(lost.state)) + ", not Unknown");
    PaymentResult settled = p.fetchPayment(r, lost.providerPaymentId);
    check(settled.state != PaymentState::Unknown,
          "fetchPayment() after a lost answer is still Unknown: the gateway did the work");
    check(!settled.providerPaymentId.empty(), "fetchPayment() after a lost answer gave no providerPaymentId");
    if (charging) {
        check(settled.state == PaymentState::Succeeded && settled.capturedMinor == 9000,
              "a charge whose answer was lost settled as " + std::string(stateName(settled.state)) +
                  " with " + money(settled.capturedMinor, currency) + " captured");
        // The host may repeat the call with the same key: still one charge.
        PaymentResult repeated = c.charge(r);
        check(repeated.providerPaymentId == settled.providerPaymentId,
              "repeating a lost call with its key made another payment");
        check(p.fetchPayment(r, settled.providerPaymentId).capturedMinor == 9000,
              "repeating a lost call with its key charged again");
        if (c.options().chargesMade)
            check(c.options().chargesMade(r.idempotencyKey) == 1, "the gateway charged a lost call twice");
    } else {
        check(settled.state == PaymentState::Pending || settled.state == PaymentState::RequiresAction,
              "a checkout whose answer was lost settled as " + std::string(stateName(settled.state)));
        check(p.createCheckout(r).providerPaymentId == settled.providerPaymentId,
              "repeating a lost checkout with its key made another payment");
    }
}

inline void amountsRoundTrip(PaymentChecks& c)
{
    bool any = false;
    for (const auto& currency : c.options().currencies) {
        if (!c.takes(currency))
            continue;
        any = true;
        const int digits = currencyMinorDigits(currency);
        // An amount whose last minor digit counts: JPY 123,457, QAR 21,234.57, KWD 3,123.457.
        const std::int64_t minor = 123456 + digits * 1000000 + 1;
        PaymentRequest r = c.request("amount-" + currency, minor, currency);
        PaymentResult created = c.provider().createCheckout(r);
        PaymentResult fetched = c.provider().fetchPayment(r, created.providerPaymentId);
        for (const auto* result : {&created, &fetched})
            check(result->amount.minor == minor && result->amount.currency == currency,
                  money(minor, currency) + " came back as " +
                      money(result->amount.minor, result->amount.currency));
        if (c.canPay()) {
            auto [request, paid] = c.paidPayment("paid-" + currency, minor, currency);
            PaymentResult again = c.provider().fetchPayment(request, paid.providerPaymentId);
            check(again.capturedMinor == minor,
                  "paying " + money(minor, currency) + " captured " + money(again.capturedMinor, currency));
        }
    }
    if (!any)
        throw PaymentCheckSkipped("the provider takes none of the options' currencies");
}

inline void authorizesAndCaptures(PaymentChecks& c)
{
    if (!c.caps().authorizeCapture)
        throw PaymentCheckSkipped("capabilities: no authorizeCapture");
    if (c.options().savedMethodId.empty())
        throw PaymentCheckSkipped("no savedMethodId to authorize");
    const std::string currency = c.currency();
    auto& p = c.provider();
    PaymentRequest r = c.chargeRequest("authorize", 10000, currency);
    r.captureLater = true;
    PaymentResult held = p.authorize(r);
    check(held.state == PaymentState::Authorized && held.capturedMinor == 0,
          "authorize() with captureLater is " + std::string(stateName(held.state)) + " with " +
              money(held.capturedMinor, currency) + " captured");
    PaymentResult over = p.capture(r, held.providerPaymentId, 10001);
    check(over.state == PaymentState::Failed || over.state == PaymentState::Authorized,
          "capturing more than the authorization gave " + std::string(stateName(over.state)));
    check(p.fetchPayment(r, held.providerPaymentId).capturedMinor == 0,
          "capturing more than the authorization took money");
    PaymentResult captured = p.capture(r, held.providerPaymentId, 6000);
    check(captured.state == PaymentState::Succeeded && captured.capturedMinor == 6000,
          "capturing " + money(6000, currency) + " of " + money(10000, currency) + " gave " +
              stateName(captured.state) + " with " + money(captured.capturedMinor, currency));
    PaymentResult twice = p.capture(r, held.providerPaymentId, 6000);
    check(p.fetchPayment(r, held.providerPaymentId).capturedMinor == 6000 && twice.capturedMinor == 6000,
          "a capture retried with its key captured twice");

    PaymentRequest other = c.chargeRequest("cancel", 3000, currency);
    other.captureLater = true;
    PaymentResult second = p.authorize(other);
    PaymentResult canceled = p.cancelAuthorization(other, second.providerPaymentId);
    check(canceled.state == PaymentState::Canceled,
          "cancelAuthorization() gave " + std::string(stateName(canceled.state)));
    check(p.fetchPayment(other, second.providerPaymentId).capturedMinor == 0,
          "a canceled authorization took money");
}

// Whether the text holds a run of 12 or more digits: a card number where none may be.
inline bool holdsCardNumber(const std::string& text)
{
    int run = 0;
    for (char ch : text) {
        run = (ch >= '0' && ch <= '9') ? run + 1 : 0;
        if (run >= 12)
            return true;
    }
    return false;
}

inline void savesMethods(PaymentChecks& c)
{
    if (!c.caps().savedMethods)
        throw PaymentCheckSkipped("capabilities: no savedMethods");
    auto& p = c.provider();
    // As the host asks: its setup id as the key, the organization as the customer, no amount.
    PaymentRequest r = c.request("save-method", 0, "");
    PaymentResult setup = p.saveMethod(r);
    check(!setup.providerPaymentId.empty(),
          "saveMethod() gave no providerPaymentId (the provider's setup id)");
    check(setup.state == PaymentState::Pending || setup.state == PaymentState::RequiresAction,
          "a new setup is " + std::string(stateName(setup.state)) + ", not Pending or RequiresAction");
    check(c.caps().flow != PaymentFlow::HostedCheckout || !setup.redirectUrl.empty(),
          "a hosted setup gave no redirectUrl");
    check(c.caps().flow != PaymentFlow::ClientWidget || !setup.clientSecret.empty(),
          "a widget setup gave no clientSecret");
    PaymentResult again = p.saveMethod(r);
    check(again.providerPaymentId == setup.providerPaymentId,
          "saveMethod() retried with the same key gave a second setup (" + setup.providerPaymentId + ", " +
              again.providerPaymentId + ")");
    check(!p.fetchMethod(r, setup.providerPaymentId).has_value(),
          "fetchMethod() gave a method before the payer saved one");
    if (!c.options().completeSetup)
        throw PaymentCheckSkipped("no completeSetup hook");
    c.options().completeSetup(r, setup);
    const auto method = p.fetchMethod(r, setup.providerPaymentId);
    check(method.has_value(), "fetchMethod() gave nothing after the payer saved a method");
    check(!method->providerMethodId.empty(), "a saved method has no providerMethodId");
    check(method->last4.size() == 4 && std::all_of(method->last4.begin(), method->last4.end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; }),
          "a saved method's last4 is '" + std::string(method->last4.size() > 4 ? "(longer)" : method->last4) +
              "', not four digits");
    check(!holdsCardNumber(method->providerMethodId) && !holdsCardNumber(method->brand),
          "a saved method's id or brand holds a card number");
    check(method->expMonth >= 0 && method->expMonth <= 12,
          "a saved method expires in month " + std::to_string(method->expMonth));
    check(method->expYear == 0 || (method->expYear >= 2000 && method->expYear <= 9999),
          "a saved method expires in year " + std::to_string(method->expYear));
    check(p.fetchMethod(r, setup.providerPaymentId)->providerMethodId == method->providerMethodId,
          "fetchMethod() asked twice gave two methods");
    PaymentRequest removal = c.request("remove-method", 0, "");
    removal.savedMethodId = method->providerMethodId;
    try {
        p.removeMethod(removal);
    } catch (const std::exception& e) {
        throw PaymentCheckFailed(std::string("removeMethod() of a saved method threw: ") + e.what());
    }
}

inline void offSessionAuthenticationIsReported(PaymentChecks& c)
{
    if (!c.caps().offSession && !c.caps().authorizeCapture)
        throw PaymentCheckSkipped("capabilities: no offSession and no authorizeCapture");
    if (c.options().authenticationRequiredMethodId.empty())
        throw PaymentCheckSkipped("no authenticationRequiredMethodId");
    const std::string currency = c.currency();
    auto& p = c.provider();
    auto expectReported = [&](const PaymentRequest& r, const PaymentResult& result, const std::string& call) {
        check(result.state == PaymentState::RequiresAction && result.failureCode == "authentication_required",
              call + " of a card that needs its holder gave " + stateName(result.state) + " '" +
                  result.failureCode + "', not RequiresAction 'authentication_required'");
        check(result.capturedMinor == 0, call + " of a card that needs its holder captured money");
        if (!result.providerPaymentId.empty()) {
            PaymentResult fetched = p.fetchPayment(r, result.providerPaymentId);
            check(fetched.state != PaymentState::Succeeded && fetched.capturedMinor == 0,
                  call + " of a card that needs its holder is " + stateName(fetched.state) +
                      " on fetchPayment()");
        }
    };
    if (c.caps().offSession) {
        PaymentRequest r = c.request("authentication-charge", 5000, currency);
        r.savedMethodId = c.options().authenticationRequiredMethodId;
        expectReported(r, p.chargeSaved(r), "chargeSaved()");
    }
    if (c.caps().authorizeCapture) {
        PaymentRequest r = c.request("authentication-hold", 5000, currency);
        r.savedMethodId = c.options().authenticationRequiredMethodId;
        r.captureLater = true;
        expectReported(r, p.authorize(r), "authorize() with captureLater");
    }
}

inline void refundsNeverExceedTheCapture(PaymentChecks& c)
{
    if (!c.caps().refunds)
        throw PaymentCheckSkipped("capabilities: no refunds");
    const std::string currency = c.currency();
    auto& p = c.provider();
    // Not a structured binding: C++17 lambdas cannot capture one (clang refuses).
    const auto payment = c.paidPayment("refund", 10000, currency);
    const PaymentRequest& r = payment.first;
    const std::string id = payment.second.providerPaymentId;
    PaymentRequest refundRequest = c.request("refund-1", 10000, currency);
    auto expectRefund = [&](const RefundResult& result, std::int64_t minor) {
        check(result.state == PaymentState::Succeeded || result.state == PaymentState::Pending,
              "a refund of " + money(minor, currency) + " gave " + stateName(result.state) + " " +
                  result.failureCode);
        check(result.amountMinor == minor && !result.providerRefundId.empty(),
              "a refund of " + money(minor, currency) + " came back as " +
                  money(result.amountMinor, currency));
    };
    auto expectRefused = [&](const RefundResult& result, const std::string& what) {
        check(result.state == PaymentState::Failed, what + " gave " + stateName(result.state));
        check(p.fetchPayment(r, id).refundedMinor <= p.fetchPayment(r, id).capturedMinor,
              what + ": more refunded than captured");
    };
    if (c.caps().partialRefunds) {
        RefundResult first = p.refund(refundRequest, id, 4000);
        expectRefund(first, 4000);
        RefundResult retried = p.refund(refundRequest, id, 4000);
        check(retried.providerRefundId == first.providerRefundId,
              "a refund retried with its key refunded twice");
        check(p.fetchPayment(r, id).refundedMinor == 4000,
              "after refunding " + money(4000, currency) + " once (and retrying), " +
                  money(p.fetchPayment(r, id).refundedMinor, currency) + " is refunded");
        expectRefused(p.refund(c.request("refund-2", 7000, currency), id, 7000),
                      "refunding " + money(7000, currency) + " after " + money(4000, currency) + " of " +
                          money(10000, currency));
        expectRefund(p.refund(c.request("refund-3", 6000, currency), id, 6000), 6000);
        PaymentResult after = p.fetchPayment(r, id);
        check(after.refundedMinor == 10000 && after.capturedMinor == 10000,
              "after refunding the whole capture in two parts, " + money(after.refundedMinor, currency) +
                  " is refunded of " + money(after.capturedMinor, currency));
        expectRefused(p.refund(c.request("refund-4", 1, currency), id, 1), "refunding 1 minor unit more");
    } else {
        throwsUnsupported([&] { p.refund(refundRequest, id, 4000); },
                          "a partial refund without partialRefunds");
        expectRefund(p.refund(refundRequest, id, 10000), 10000);
        expectRefused(p.refund(c.request("refund-2", 1, currency), id, 1), "refunding after a full refund");
        check(p.fetchPayment(r, id).refundedMinor == 10000, "a full refund did not refund the capture");
    }
}

inline void webhooksAreVerified(PaymentChecks& c)
{
    if (!c.caps().webhooks)
        throw PaymentCheckSkipped("capabilities: no webhooks");
    const auto& options = c.options();
    if (!options.webhookBody || !options.signDelivery)
        throw PaymentCheckSkipped("no webhookBody or signDelivery hook");
    auto& p = c.provider();
    const std::string currency = c.currency();
    PaymentResult one = p.createCheckout(c.request("webhook-1", 4200, currency));
    PaymentResult two = p.createCheckout(c.request("webhook-2", 4300, currency));
    const std::string body = options.webhookBody(one);
    const std::int64_t now = c.now();
    auto delivery = [&](const std::string& b, std::int64_t signedAt) {
        WebhookDelivery d = options.signDelivery(b, signedAt);
        d.receivedAtMillis = now;
        return d;
    };

    const WebhookDelivery genuine = delivery(body, now);
    std::vector<PaymentEvent> events;
    try {
        events = p.parseWebhook(genuine);
    } catch (const std::exception& e) {
        throw PaymentCheckFailed(std::string("a genuine delivery was refused: ") + e.what());
    }
    check(!events.empty(), "a genuine delivery gave no events");
    bool names = false;
    for (const auto& event : events) {
        check(!event.providerEventId.empty(), "an event has no providerEventId");
        names = names || event.providerPaymentId == one.providerPaymentId;
    }
    check(names, "no event of the delivery names payment " + one.providerPaymentId);
    // The same delivery again (the provider retries): the same event ids, so the host records it once.
    const auto replayed = p.parseWebhook(genuine);
    check(replayed.size() == events.size() &&
              replayed.front().providerEventId == events.front().providerEventId,
          "the same delivery parsed twice gave other event ids");

    WebhookDelivery altered = genuine;
    altered.body += " ";
    refusesDelivery([&] { p.parseWebhook(altered); }, "a body changed after signing");
    WebhookDelivery swapped = delivery(options.webhookBody(two), now);
    swapped.body = body;
    refusesDelivery([&] { p.parseWebhook(swapped); }, "a body under another body's signature");
    WebhookDelivery unsigned_ = genuine;
    unsigned_.headers.clear();
    refusesDelivery([&] { p.parseWebhook(unsigned_); }, "a delivery without its headers");
    refusesDelivery([&] { p.parseWebhook(delivery(body, now - options.staleMillis)); },
                    "a delivery signed long ago (a replay)");
    refusesDelivery([&] { p.parseWebhook(delivery(body, now + options.staleMillis)); },
                    "a delivery signed in the future");
    refusesDelivery([&] { p.parseWebhook(delivery("{not a delivery", now)); },
                    "a signed body that does not parse");
}

} // namespace detail

// Runs every check that the provider's capabilities and the options allow;
// answers "<check>: <what went wrong>" for each failure, empty when all passed.
inline std::vector<std::string> checkPaymentProvider(PaymentProvider& provider,
                                                     const PaymentProviderConformanceOptions& options = {})
{
    using namespace detail;
    std::vector<std::string> failures;
    std::optional<PaymentChecks> checks;
    try {
        checks.emplace(provider, options);
    } catch (const std::exception& e) {
        return {std::string("capabilities: ") + e.what()};
    }
    PaymentChecks& c = *checks;
    const std::vector<std::pair<std::string, std::function<void()>>> all{
        {"describes itself", [&] { describesItself(c); }},
        {"unsupported calls throw PaymentUnsupported", [&] { unsupportedCallsThrow(c); }},
        {"checkout", [&] { createsCheckouts(c); }},
        {"idempotent retries", [&] { retriesAreIdempotent(c); }},
        {"concurrent retries", [&] { concurrentRetriesMakeOnePayment(c); }},
        {"unknown outcomes", [&] { unknownOutcomesSettleWithoutSecondCharge(c); }},
        {"amounts round-trip", [&] { amountsRoundTrip(c); }},
        {"authorize and capture", [&] { authorizesAndCaptures(c); }},
        {"saved methods", [&] { savesMethods(c); }},
        {"off-session authentication", [&] { offSessionAuthenticationIsReported(c); }},
        {"refunds never exceed the capture", [&] { refundsNeverExceedTheCapture(c); }},
        {"webhooks", [&] { webhooksAreVerified(c); }},
    };
    for (const auto& [name, run] : all) {
        try {
            run();
        } catch (const PaymentCheckSkipped& e) {
            if (options.skipped)
                options.skipped->push_back(name + ": " + e.what());
        } catch (const PaymentCheckFailed& e) {
            failures.push_back(name + ": " + e.what());
        } catch (const PaymentUnsupported& e) {
            failures.push_back(name + ": a call the capabilities list threw PaymentUnsupported: " + e.what());
        } catch (const std::exception& e) {
            failures.push_back(name + ": unexpected exception: " + e.what());
        }
    }
    return failures;
}

} // namespace molar::sdk::testing

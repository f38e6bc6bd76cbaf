#include "CheckoutRoutes.h"

#include "Signatures.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <Poco/URI.h>

#include <chrono>

namespace molar::payrazorpay {

namespace {

std::string encoded(const std::string& text)
{
    std::string out;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]% ", out);
    return out;
}

} // namespace

CheckoutRoutes::CheckoutRoutes(sdk::Host& host, OrderStore& orders, RazorpayProvider& provider)
    : _host(host), _orders(orders), _provider(provider)
{
}

void CheckoutRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", std::string(RazorpayProvider::checkoutPath) + "{attemptId}", sdk::Access::Clinic,
               [this](sdk::Request& request, sdk::Response& response) { checkoutPage(request, response); });
    sdk::RouteOptions callbackOptions;
    callbackOptions.maxBodyBytes = 16 * 1024;
    // Razorpay's page posts here from another site: no CSRF token can come, the
    // signature proves the answer instead.
    callbackOptions.checkCsrf = false;
    routes.add(
        "POST", callbackPath, sdk::Access::Public,
        [this](sdk::Request& request, sdk::Response& response) { callback(request, response); },
        callbackOptions);
}

std::string CheckoutRoutes::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

std::string CheckoutRoutes::contentSecurityPolicy(const RazorpaySettings& settings)
{
    std::string origins;
    for (const auto& url : {settings.checkoutScript, settings.apiBase}) {
        const std::string origin = originOf(url);
        if (!origin.empty() && origins.find(origin) == std::string::npos)
            origins += " " + origin;
    }
    // Razorpay's script styles its modal with inline styles; nothing else on the page does.
    return "default-src 'self'; img-src 'self' data: blob:" + origins + "; style-src 'self' 'unsafe-inline'" +
           origins + "; script-src 'self'" + origins + "; frame-src" + origins + "; connect-src 'self'" +
           origins + "; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'" +
           origins;
}

void CheckoutRoutes::checkoutPage(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = request.principal();
    const std::string attemptId = request.param("attemptId");
    const auto attempt = _host.payments().attempt(attemptId);
    const auto stored = _orders.byAttempt(attemptId);
    // Another organization's attempt is no different from none at all.
    if (!principal || principal->side != "clinic" || !attempt || !stored || attempt->provider != "razorpay" ||
        attempt->purpose.organizationId != principal->organizationId ||
        stored->organizationId != principal->organizationId)
        throw sdk::HttpError(404, t(request, "pay-razorpay.checkout.notFound"));

    const RazorpaySettings& settings = _provider.settings();
    const bool paid = attempt->state == sdk::PaymentState::Succeeded;
    const bool payable =
        !paid && !stored->orderId.empty() &&
        (attempt->state == sdk::PaymentState::Pending ||
         attempt->state == sdk::PaymentState::RequiresAction || attempt->state == sdk::PaymentState::Unknown);
    const sdk::Money amount{stored->amountMinor, stored->currency};
    const std::string reference =
        attempt->purpose.reference.empty() ? attempt->purpose.description : attempt->purpose.reference;

    response.setHeader("Content-Security-Policy", contentSecurityPolicy(settings));
    // Checkout may open a window of the payer's bank or UPI app.
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin-allow-popups");
    response.setHeader("Cache-Control", "no-store");
    _host.views().page(
        request, response, "checkout", "pay-razorpay.checkout.title",
        sdk::Value::object(
            {{"reference", reference},
             {"description", attempt->purpose.description},
             {"amount", _host.locales().money(amount, request.language())},
             {"payable", payable},
             {"paid", paid},
             {"closed", !paid && !payable},
             {"backUrl", paid ? stored->returnUrl : stored->cancelUrl},
             {"checkoutScript", settings.checkoutScript},
             {"keyId", settings.keyId},
             {"orderId", stored->orderId},
             {"amountMinor", std::to_string(stored->amountMinor)},
             {"currency", stored->currency},
             {"callbackUrl", _host.publicUrl() + callbackPath + "?attempt=" + encoded(attemptId)},
             {"unavailable", t(request, "pay-razorpay.checkout.unavailable")}}));
}

void CheckoutRoutes::refusedPage(sdk::Request& request, sdk::Response& response, const std::string& backUrl)
{
    response.setStatus(400);
    response.setHeader("Cache-Control", "no-store");
    _host.views().page(request, response, "callback", "pay-razorpay.callback.title",
                       sdk::Value::object({{"backUrl", backUrl}}));
}

void CheckoutRoutes::callback(sdk::Request& request, sdk::Response& response)
{
    const std::string attemptId = request.query("attempt");
    const std::string paymentId = request.form("razorpay_payment_id");
    const std::string signature = request.form("razorpay_signature");
    const auto stored =
        attemptId.empty() ? _orders.byOrder(request.form("razorpay_order_id")) : _orders.byAttempt(attemptId);
    if (!stored || stored->orderId.empty())
        throw sdk::HttpError(404, t(request, "pay-razorpay.checkout.notFound"));
    auto& log = _host.logger();

    if (paymentId.empty()) {
        // Checkout's error answer (error[code], error[reason], …) carries no signature:
        // Razorpay itself is asked how the order stands.
        log.info("attempt " + stored->attemptId + ": Checkout reported a failure (" +
                 request.form("error[reason]") + "); asking Razorpay");
        try {
            _host.payments().refresh(stored->attemptId);
        } catch (const std::exception& e) {
            log.warning("attempt " + stored->attemptId + ": " + e.what());
        }
        return response.redirect(stored->cancelUrl.empty() ? stored->returnUrl : stored->cancelUrl);
    }

    if (!checkoutSignatureValid(_provider.settings().keySecret, stored->orderId, paymentId, signature)) {
        log.warning("attempt " + stored->attemptId + ": Checkout's answer for " + paymentId +
                    " is not signed for order " + stored->orderId + "; nothing recorded");
        return refusedPage(request, response,
                           stored->cancelUrl.empty() ? stored->returnUrl : stored->cancelUrl);
    }

    try {
        if (!_provider.paymentOfOrder(paymentId, stored->orderId)) {
            log.warning("attempt " + stored->attemptId + ": Razorpay does not know " + paymentId +
                        " as a payment of " + stored->orderId + "; nothing recorded");
            return refusedPage(request, response, stored->cancelUrl);
        }
        const sdk::PaymentResult result = _provider.settleOrder(*stored);
        sdk::PaymentEvent event;
        event.idempotencyKey = stored->attemptId;
        event.providerPaymentId = stored->orderId;
        event.occurredAtMillis =
            std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
                .count();
        if (result.state == sdk::PaymentState::Succeeded) {
            event.providerEventId = "callback:" + paymentId;
            event.kind = sdk::PaymentEventKind::Succeeded;
            event.amount = {result.capturedMinor, result.amount.currency};
            _host.payments().record("razorpay", event);
        } else if (result.state == sdk::PaymentState::Authorized) {
            event.providerEventId = "callback:" + paymentId + ":authorized";
            event.kind = sdk::PaymentEventKind::Authorized;
            event.amount = result.amount;
            _host.payments().record("razorpay", event);
        }
    } catch (const std::exception& e) {
        // The signature holds: the payer paid. Razorpay's webhook or the re-sync records it.
        log.warning("attempt " + stored->attemptId + ": recording " + paymentId +
                    " after Checkout: " + e.what());
    }
    response.redirect(stored->returnUrl);
}

} // namespace molar::payrazorpay

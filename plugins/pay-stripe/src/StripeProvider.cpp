#include "StripeProvider.h"

#include "Declines.h"
#include "Json.h"
#include "PaymentIntentState.h"
#include "StripeEvents.h"
#include "WebhookSignature.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace molar::paystripe {

namespace {

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

// An id as one path segment.
std::string segment(const std::string& id)
{
    return formEncode(id);
}

sdk::PaymentResult unknownResult(const StripeAnswer& answer, const std::string& providerPaymentId,
                                 const sdk::Money& amount = {})
{
    sdk::PaymentResult r;
    r.state = sdk::PaymentState::Unknown;
    r.providerPaymentId = providerPaymentId;
    r.amount = amount;
    r.failureCode = answer.kind == StripeAnswer::Kind::NotFound ? "not_found" : "timeout";
    r.detail = answer.detail;
    return r;
}

// What no retry can mend: a bad key, a parameter Stripe refuses, a wrong apiBase.
[[noreturn]] void refused(const StripeAnswer& answer, const std::string& what)
{
    if (answer.status == 401)
        throw sdk::PermanentError("Stripe refused the API key while " + what +
                                  " (401): check pay-stripe.secretKey");
    if (answer.status == 403)
        throw sdk::PermanentError("the API key may not do this while " + what +
                                  " (403): a restricted key needs more permissions");
    throw sdk::PermanentError("Stripe refused " + what + ": " + answer.detail);
}

// The request's metadata, passed on where Stripe keeps it (keys of at most 40
// characters, values of at most 500); the plugin's own molar_* keys are not overridden.
void addMetadata(FormBody& form, const std::string& prefix, const sdk::PaymentRequest& request)
{
    for (const auto& [key, value] : request.metadata)
        if (!key.empty() && key.size() <= 40 && value.size() <= 500 && !startsWith(key, "molar_"))
            form.add(prefix + "[" + key + "]", value);
}

sdk::PaymentState refundStateOf(const std::string& status)
{
    if (status == "succeeded")
        return sdk::PaymentState::Succeeded;
    if (status == "pending" || status == "requires_action")
        return sdk::PaymentState::Pending;
    if (status == "failed" || status == "canceled")
        return sdk::PaymentState::Failed;
    return sdk::PaymentState::Unknown;
}

// Stripe's words for a refund beyond what is left of the charge.
bool exceedsCapture(const StripeError& error)
{
    return error.code == "amount_too_large" || error.code == "charge_already_refunded";
}

} // namespace

StripeProvider::StripeProvider(StripeSettings settings, CustomerStore& customers, CheckoutStore& checkouts,
                               ChargeLog& charges, const sdk::Clock& clock)
    : _settings(std::move(settings)), _client(_settings), _customers(customers), _checkouts(checkouts),
      _charges(charges), _clock(clock)
{
}

std::int64_t StripeProvider::nowMillis() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_clock.now().time_since_epoch()).count();
}

sdk::PaymentCapabilities StripeProvider::capabilities() const
{
    sdk::PaymentCapabilities c;
    c.name = name;
    c.displayName = "Card";
    c.flow = sdk::PaymentFlow::HostedCheckout;
    c.authorizeCapture = true;
    c.savedMethods = true;
    c.offSession = true;
    c.refunds = true;
    c.partialRefunds = true;
    c.webhooks = true;
    c.currencies = _settings.currencies;
    return c;
}

std::string StripeProvider::customerFor(const sdk::PaymentRequest& request)
{
    if (!request.providerCustomerId.empty())
        return request.providerCustomerId;
    if (request.customerId.empty() ||
        request.customerId.find_first_not_of("0123456789") != std::string::npos ||
        request.customerId.size() > 18)
        return "";
    const std::int64_t organizationId = std::stoll(request.customerId);
    if (auto known = _customers.find(organizationId))
        return *known;
    return makeCustomer(organizationId, "molar-customer-" + request.customerId);
}

std::string StripeProvider::makeCustomer(std::int64_t organizationId, const std::string& idempotencyKey)
{
    FormBody form;
    form.add("metadata[molar_organization]", std::to_string(organizationId));
    const auto answer = _client.post("/v1/customers", form, idempotencyKey);
    if (answer.kind == StripeAnswer::Kind::Unknown)
        throw std::runtime_error("could not make the organization's Stripe customer: " + answer.detail);
    if (!answer.ok() || json::text(answer.object, "id").empty())
        refused(answer, "making the organization's customer");
    return _customers.remember(organizationId, json::text(answer.object, "id"), nowMillis());
}

StripeAnswer StripeProvider::postForCustomer(const sdk::PaymentRequest& request, const std::string& path,
                                             FormBody form, const std::string& idempotencyKey)
{
    StripeAnswer answer = _client.post(path, form, idempotencyKey);
    const std::string gone = form.value("customer");
    if (answer.status != 400 || answer.error.code != "resource_missing" || answer.error.param != "customer" ||
        gone.empty() || !request.providerCustomerId.empty())
        return answer;
    const std::int64_t organizationId = std::stoll(request.customerId);
    _customers.forget(organizationId, gone);
    // A new key: the old one would replay the customer Stripe no longer has. A request that
    // failed validation is not saved under its key, so the form's own key is free again.
    form.set("customer", makeCustomer(organizationId, "molar-customer-" + request.customerId + "-" +
                                                          std::to_string(nowMillis())));
    return _client.post(path, form, idempotencyKey);
}

sdk::PaymentResult StripeProvider::createCheckout(const sdk::PaymentRequest& request)
{
    if (request.idempotencyKey.empty())
        throw sdk::PermanentError("a Stripe checkout needs the payment attempt's id");
    if (request.amount.minor <= 0)
        throw sdk::PermanentError("a Stripe checkout needs an amount above zero");
    const auto& currencies = _settings.currencies;
    if (!currencies.empty() &&
        std::find(currencies.begin(), currencies.end(), request.amount.currency) == currencies.end())
        throw sdk::PermanentError("pay-stripe.currencies does not list " + request.amount.currency);

    // The attempt's session, when it has one still open, is the payer's page again.
    if (auto known = _checkouts.sessionOf(request.idempotencyKey)) {
        sdk::PaymentResult again = fetchSession(*known, false);
        if (again.state != sdk::PaymentState::Unknown)
            return again;
    }

    const std::string customer = customerFor(request);
    const std::string currency = lowerCurrency(request.amount.currency);
    std::string name = request.reference.empty() ? request.description : request.reference;
    if (name.empty())
        name = "Payment";
    FormBody form;
    form.add("mode", "payment");
    if (!customer.empty())
        form.add("customer", customer);
    form.add("line_items[0][price_data][currency]", currency)
        .add("line_items[0][price_data][unit_amount]", request.amount.minor)
        .add("line_items[0][price_data][product_data][name]", name)
        .add("line_items[0][quantity]", 1)
        .add("success_url", request.returnUrl)
        .add("cancel_url", request.cancelUrl.empty() ? request.returnUrl : request.cancelUrl)
        .add("client_reference_id", request.idempotencyKey)
        .add("metadata[molar_attempt]", request.idempotencyKey);
    addMetadata(form, "metadata", request);
    form.add("payment_intent_data[metadata][molar_attempt]", request.idempotencyKey);
    // Marks the payment as the payer's own on Stripe's page (see StripeEvents: a decline there
    // is no failure while the page is open).
    form.add("payment_intent_data[metadata][molar_checkout]", "true");
    addMetadata(form, "payment_intent_data[metadata]", request);
    if (!request.description.empty())
        form.add("payment_intent_data[description]", request.description);
    if (request.captureLater)
        form.add("payment_intent_data[capture_method]", "manual");

    const auto answer =
        postForCustomer(request, "/v1/checkout/sessions", form, request.idempotencyKey + ":checkout");
    if (answer.kind == StripeAnswer::Kind::Unknown)
        return unknownResult(answer, "", request.amount);
    if (!answer.ok() || json::text(answer.object, "id").empty())
        refused(answer, "the checkout");
    const std::string sessionId = json::text(answer.object, "id");
    _checkouts.remember(request.idempotencyKey, sessionId, nowMillis());
    sdk::PaymentResult result = resultOfSession(answer.object, false);
    if (result.amount.minor == 0)
        result.amount = request.amount;
    return result;
}

sdk::PaymentResult StripeProvider::resultOfSession(const Poco::JSON::Object::Ptr& session, bool reportDecline)
{
    const std::string sessionId = json::text(session, "id");
    const std::string status = json::text(session, "status");
    const std::string paymentIntent = json::idOf(session, "payment_intent");
    if (status == "complete" && !paymentIntent.empty())
        return fetchPaymentIntent(paymentIntent);
    sdk::PaymentResult r;
    r.providerPaymentId = sessionId;
    r.amount = {json::integer(session, "amount_total"), upperCurrency(json::text(session, "currency"))};
    if (status == "complete" && json::text(session, "payment_status") != "unpaid") {
        r.state = sdk::PaymentState::Succeeded; // paid with no PaymentIntent (nothing to charge)
        r.capturedMinor = r.amount.minor;
    } else if (status == "expired") {
        r.state = sdk::PaymentState::Canceled;
        r.detail = "the Stripe Checkout page expired before the payer paid";
    } else if (status == "open" || status.empty()) {
        // A card refused on the page leaves it open for another card; a payer who came
        // back instead hears why (the decline's code), the page being given up.
        if (reportDecline && !paymentIntent.empty()) {
            sdk::PaymentResult tried = fetchPaymentIntent(paymentIntent);
            if (tried.state == sdk::PaymentState::Failed)
                return tried;
        }
        r.state = sdk::PaymentState::Pending;
        r.redirectUrl = json::text(session, "url");
    } else {
        r.state = sdk::PaymentState::Pending;
    }
    return r;
}

sdk::PaymentResult StripeProvider::fetchSession(const std::string& sessionId, bool reportDecline)
{
    const auto answer = _client.get("/v1/checkout/sessions/" + segment(sessionId));
    if (answer.ok())
        return resultOfSession(answer.object, reportDecline);
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "reading a checkout session");
    return unknownResult(answer, sessionId);
}

sdk::PaymentResult StripeProvider::fetchPaymentIntent(const std::string& paymentIntentId)
{
    const auto answer = _client.get("/v1/payment_intents/" + segment(paymentIntentId));
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "reading a payment");
    if (!answer.ok())
        return unknownResult(answer, paymentIntentId);
    sdk::PaymentResult result = resultOfPaymentIntent(answer.object);
    // What was refunded is the charge's; the PaymentIntent names its latest one.
    const std::string charge = json::text(answer.object, "latest_charge");
    if (result.capturedMinor > 0 && !charge.empty()) {
        const auto chargeAnswer = _client.get("/v1/charges/" + segment(charge));
        if (chargeAnswer.ok())
            result.refundedMinor = json::integer(chargeAnswer.object, "amount_refunded");
    }
    return result;
}

std::string StripeProvider::paymentIntentOf(const std::string& providerPaymentId,
                                            std::optional<StripeAnswer>& failure)
{
    if (!startsWith(providerPaymentId, "cs_"))
        return providerPaymentId;
    const auto answer = _client.get("/v1/checkout/sessions/" + segment(providerPaymentId));
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "reading a checkout session");
    if (!answer.ok()) {
        failure = answer;
        return "";
    }
    return json::idOf(answer.object, "payment_intent");
}

sdk::PaymentResult StripeProvider::confirmIntent(const sdk::PaymentRequest& request, bool holdOnly)
{
    if (request.idempotencyKey.empty())
        throw sdk::PermanentError("a Stripe charge needs the payment attempt's id");
    if (request.savedMethodId.empty())
        throw sdk::PermanentError("a Stripe charge needs the saved card (savedMethodId)");
    if (request.amount.minor <= 0)
        throw sdk::PermanentError("a Stripe charge needs an amount above zero");
    const std::string customer = customerFor(request);
    FormBody form;
    form.add("amount", request.amount.minor).add("currency", lowerCurrency(request.amount.currency));
    if (!customer.empty())
        form.add("customer", customer);
    // The portal never has the payer at hand when it charges a saved card.
    form.add("payment_method", request.savedMethodId)
        .add("confirm", true)
        .add("off_session", true)
        .add("capture_method", holdOnly ? "manual" : "automatic_async")
        .add("metadata[molar_attempt]", request.idempotencyKey);
    addMetadata(form, "metadata", request);
    if (!request.description.empty())
        form.add("description", request.description);

    _charges.sent(request.idempotencyKey, nowMillis());
    const auto answer = postForCustomer(request, "/v1/payment_intents", form, request.idempotencyKey);
    if (answer.ok())
        return resultOfPaymentIntent(answer.object);
    if (answer.kind == StripeAnswer::Kind::CardError) {
        sdk::PaymentResult r;
        if (answer.error.paymentIntent)
            r = resultOfPaymentIntent(answer.error.paymentIntent);
        else
            r.amount = request.amount;
        r.failureCode = failureCodeOf(answer.error);
        r.state = needsAuthentication(answer.error.code, answer.error.declineCode)
                      ? sdk::PaymentState::RequiresAction
                      : sdk::PaymentState::Failed;
        r.capturedMinor = 0;
        r.detail = answer.error.message;
        return r;
    }
    if (answer.kind == StripeAnswer::Kind::Unknown)
        return unknownResult(answer, "", request.amount);
    refused(answer, "the charge");
}

sdk::PaymentResult StripeProvider::authorize(const sdk::PaymentRequest& request)
{
    return confirmIntent(request, request.captureLater);
}

sdk::PaymentResult StripeProvider::chargeSaved(const sdk::PaymentRequest& request)
{
    return confirmIntent(request, false);
}

sdk::PaymentResult StripeProvider::afterRefusal(const std::string& paymentIntentId,
                                                const StripeAnswer& answer)
{
    sdk::PaymentResult now = fetchPaymentIntent(paymentIntentId);
    // A capture repeated after it succeeded is no failure: the payment is as it is.
    if (now.state != sdk::PaymentState::Unknown && now.state != sdk::PaymentState::Succeeded) {
        if (now.failureCode.empty())
            now.failureCode = answer.kind == StripeAnswer::Kind::CardError ? failureCodeOf(answer.error)
                                                                           : answer.error.code;
        now.detail = answer.detail;
    }
    return now;
}

sdk::PaymentResult StripeProvider::capture(const sdk::PaymentRequest& request,
                                           const std::string& providerPaymentId, std::int64_t amountMinor)
{
    std::optional<StripeAnswer> failure;
    const std::string pi = paymentIntentOf(providerPaymentId, failure);
    if (pi.empty()) // a checkout not paid yet holds nothing to capture
        return failure ? unknownResult(*failure, providerPaymentId) : fetchSession(providerPaymentId);
    FormBody form;
    form.add("amount_to_capture", amountMinor);
    // The amount is part of the key: a retry of the same capture replays it, while a
    // capture of another amount is another request (Stripe refuses it once captured).
    const auto answer = _client.post("/v1/payment_intents/" + segment(pi) + "/capture", form,
                                     request.idempotencyKey + ":capture:" + std::to_string(amountMinor));
    if (answer.ok())
        return resultOfPaymentIntent(answer.object);
    if (answer.status == 400 || answer.kind == StripeAnswer::Kind::CardError)
        return afterRefusal(pi, answer);
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "the capture");
    return unknownResult(answer, pi);
}

sdk::PaymentResult StripeProvider::cancelAuthorization(const sdk::PaymentRequest& request,
                                                       const std::string& providerPaymentId)
{
    std::optional<StripeAnswer> failure;
    const std::string pi = paymentIntentOf(providerPaymentId, failure);
    if (pi.empty()) {
        if (failure)
            return unknownResult(*failure, providerPaymentId);
        // An open checkout without a payment yet: closing the page is the cancel.
        const auto expired = _client.post("/v1/checkout/sessions/" + segment(providerPaymentId) + "/expire",
                                          FormBody(), request.idempotencyKey + ":expire");
        if (expired.ok())
            return resultOfSession(expired.object);
        return fetchSession(providerPaymentId);
    }
    const auto answer = _client.post("/v1/payment_intents/" + segment(pi) + "/cancel", FormBody(),
                                     request.idempotencyKey + ":cancel");
    if (answer.ok())
        return resultOfPaymentIntent(answer.object);
    if (answer.status == 400)
        return afterRefusal(pi, answer);
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "cancelling the hold");
    return unknownResult(answer, pi);
}

sdk::PaymentResult StripeProvider::saveMethod(const sdk::PaymentRequest& request)
{
    if (request.idempotencyKey.empty())
        throw sdk::PermanentError("saving a card needs the host's setup id");
    const std::string customer = customerFor(request);
    if (customer.empty())
        throw sdk::PermanentError("saving a card needs the organization (customerId)");
    FormBody form;
    form.add("mode", "setup")
        .add("customer", customer)
        .add("payment_method_types[0]", "card")
        .add("success_url", request.returnUrl)
        .add("cancel_url", request.cancelUrl.empty() ? request.returnUrl : request.cancelUrl)
        .add("client_reference_id", request.idempotencyKey)
        .add("metadata[molar_setup]", request.idempotencyKey)
        .add("setup_intent_data[metadata][molar_setup]", request.idempotencyKey);
    const auto answer = postForCustomer(request, "/v1/checkout/sessions", form, request.idempotencyKey);
    if (answer.kind == StripeAnswer::Kind::Unknown)
        return unknownResult(answer, "");
    if (!answer.ok() || json::text(answer.object, "id").empty())
        refused(answer, "the page to save a card");
    sdk::PaymentResult r;
    r.state = sdk::PaymentState::Pending;
    r.providerPaymentId = json::text(answer.object, "id");
    r.redirectUrl = json::text(answer.object, "url");
    return r;
}

std::optional<sdk::SavedMethod> StripeProvider::fetchPaymentMethod(const std::string& paymentMethodId)
{
    const auto answer = _client.get("/v1/payment_methods/" + segment(paymentMethodId));
    if (answer.ok())
        return savedMethodOf(answer.object);
    if (answer.kind == StripeAnswer::Kind::NotFound)
        return std::nullopt;
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "reading a saved card");
    throw std::runtime_error("could not read the saved card from Stripe: " + answer.detail);
}

std::optional<sdk::SavedMethod> StripeProvider::fetchMethod(const sdk::PaymentRequest&,
                                                            const std::string& providerPaymentId)
{
    auto need = [](const StripeAnswer& answer, const std::string& what) {
        if (answer.kind == StripeAnswer::Kind::Refused)
            refused(answer, what);
        if (answer.kind == StripeAnswer::Kind::Unknown || answer.kind == StripeAnswer::Kind::CardError)
            throw std::runtime_error("could not ask Stripe about the saved card: " + answer.detail);
        return answer.ok();
    };
    std::string setupIntent = providerPaymentId;
    if (!startsWith(providerPaymentId, "seti_")) {
        const auto session = _client.get("/v1/checkout/sessions/" + segment(providerPaymentId));
        if (!need(session, "reading the card's setup page"))
            return std::nullopt;
        if (json::text(session.object, "status") != "complete")
            return std::nullopt;
        setupIntent = json::idOf(session.object, "setup_intent");
        if (setupIntent.empty())
            return std::nullopt;
    }
    const auto intent = _client.get("/v1/setup_intents/" + segment(setupIntent));
    if (!need(intent, "reading the card's setup") || json::text(intent.object, "status") != "succeeded")
        return std::nullopt;
    if (const auto expanded = json::object(intent.object, "payment_method"))
        return savedMethodOf(expanded);
    const std::string method = json::text(intent.object, "payment_method");
    if (method.empty())
        return std::nullopt;
    return fetchPaymentMethod(method);
}

void StripeProvider::removeMethod(const sdk::PaymentRequest& request)
{
    if (request.savedMethodId.empty())
        return;
    const auto answer = _client.post("/v1/payment_methods/" + segment(request.savedMethodId) + "/detach",
                                     FormBody(), "molar-detach-" + request.savedMethodId);
    // Already detached (400) or gone (404): nothing left to forget.
    if (answer.ok() || answer.kind == StripeAnswer::Kind::NotFound || answer.status == 400)
        return;
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "removing a saved card");
    throw std::runtime_error("could not remove the card at Stripe: " + answer.detail);
}

sdk::RefundResult StripeProvider::refund(const sdk::PaymentRequest& request,
                                         const std::string& providerPaymentId, std::int64_t amountMinor)
{
    sdk::RefundResult out;
    out.amountMinor = amountMinor;
    if (request.idempotencyKey.empty())
        throw sdk::PermanentError("a Stripe refund needs the refund's key");
    std::optional<StripeAnswer> failure;
    const std::string pi = paymentIntentOf(providerPaymentId, failure);
    if (pi.empty()) {
        const bool unknown = failure && failure->kind == StripeAnswer::Kind::Unknown;
        out.state = unknown ? sdk::PaymentState::Unknown : sdk::PaymentState::Failed;
        out.failureCode = unknown ? "timeout" : failure ? "not_found" : "exceeds_capture";
        out.detail = failure ? failure->detail : "the checkout was never paid: nothing to refund";
        return out;
    }
    FormBody form;
    form.add("payment_intent", pi)
        .add("amount", amountMinor)
        .add("metadata[molar_refund]", request.idempotencyKey);
    const auto answer = _client.post("/v1/refunds", form, request.idempotencyKey);
    if (answer.ok()) {
        out.providerRefundId = json::text(answer.object, "id");
        out.amountMinor = json::integer(answer.object, "amount", amountMinor);
        out.state = refundStateOf(json::text(answer.object, "status"));
        if (out.state == sdk::PaymentState::Failed) {
            out.failureCode = json::text(answer.object, "failure_reason");
            if (out.failureCode.empty())
                out.failureCode = "refund_failed";
        }
        return out;
    }
    if (answer.kind == StripeAnswer::Kind::Unknown) {
        out.state = sdk::PaymentState::Unknown;
        out.failureCode = "timeout";
        out.detail = answer.detail;
        return out;
    }
    if (answer.status == 401 || answer.status == 403 || answer.error.type == "idempotency_error")
        refused(answer, "the refund");
    out.state = sdk::PaymentState::Failed;
    out.detail = answer.detail;
    if (answer.kind == StripeAnswer::Kind::NotFound)
        out.failureCode = "not_found";
    else if (exceedsCapture(answer.error))
        out.failureCode = "exceeds_capture";
    else
        out.failureCode = answer.error.code.empty() ? "refund_refused" : answer.error.code;
    return out;
}

sdk::PaymentResult StripeProvider::findByKey(const sdk::PaymentRequest& request)
{
    if (request.idempotencyKey.empty()) {
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Unknown;
        r.failureCode = "not_found";
        return r;
    }
    if (auto session = _checkouts.sessionOf(request.idempotencyKey))
        return fetchSession(*session);
    // Stripe's search language quotes with ' and escapes it with a backslash.
    std::string quoted;
    for (char c : request.idempotencyKey) {
        if (c == '\'' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    FormBody query;
    query.add("query", "metadata['molar_attempt']:'" + quoted + "'");
    const auto answer = _client.get("/v1/payment_intents/search", query);
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "searching for a payment");
    if (!answer.ok())
        return unknownResult(answer, "", request.amount);
    std::string newest;
    std::int64_t newestCreated = -1;
    if (const auto data = json::array(answer.object, "data"))
        for (std::size_t i = 0; i < data->size(); ++i) {
            const auto pi = data->getObject(static_cast<unsigned>(i));
            if (json::metadata(pi, "molar_attempt") != request.idempotencyKey)
                continue;
            if (json::integer(pi, "created") > newestCreated) {
                newestCreated = json::integer(pi, "created");
                newest = json::text(pi, "id");
            }
        }
    if (newest.empty()) {
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Unknown;
        r.amount = request.amount;
        // Stripe's search lags a new PaymentIntent: soon after a charge was sent, finding
        // nothing proves nothing, so the answer stays "not known yet" until the lag is over.
        const auto sent = _charges.sentAt(request.idempotencyKey);
        if (sent && nowMillis() - *sent < searchLagMillis) {
            r.failureCode = "timeout";
            r.detail = "a charge was sent to Stripe moments ago and its search does not show it yet";
        } else {
            r.failureCode = "not_found";
            r.detail = "Stripe has no payment for this attempt";
        }
        return r;
    }
    return fetchPaymentIntent(newest);
}

sdk::PaymentResult StripeProvider::fetchPayment(const sdk::PaymentRequest& request,
                                                const std::string& providerPaymentId)
{
    if (providerPaymentId.empty())
        return findByKey(request);
    if (startsWith(providerPaymentId, "cs_"))
        return fetchSession(providerPaymentId);
    return fetchPaymentIntent(providerPaymentId);
}

std::vector<sdk::PaymentEvent> StripeProvider::parseWebhook(const sdk::WebhookDelivery& delivery)
{
    const auto header = delivery.headers.find("stripe-signature");
    const std::int64_t nowSeconds =
        (delivery.receivedAtMillis > 0 ? delivery.receivedAtMillis : nowMillis()) / 1000;
    const SignatureCheck check =
        verifySignature(header == delivery.headers.end() ? "" : header->second, delivery.body,
                        _settings.webhookSecrets, nowSeconds, _settings.webhookToleranceSeconds);
    if (check != SignatureCheck::Valid)
        throw sdk::WebhookRefused(describe(check));
    const auto event = parseEvent(delivery.body);

    EventLookups lookups;
    lookups.method = [this](const std::string& id) { return fetchPaymentMethod(id); };
    lookups.attemptOf = [this](const std::string& id) -> std::string {
        const auto answer = _client.get("/v1/payment_intents/" + segment(id));
        if (answer.ok())
            return json::metadata(answer.object, "molar_attempt");
        if (answer.kind == StripeAnswer::Kind::Unknown)
            throw std::runtime_error("could not read payment " + id + " from Stripe: " + answer.detail);
        return "";
    };
    lookups.refundsOf = [this](const std::string& chargeId) -> Poco::JSON::Array::Ptr {
        FormBody query;
        query.add("charge", chargeId).add("limit", 100);
        const auto answer = _client.get("/v1/refunds", query);
        if (answer.ok())
            return json::array(answer.object, "data");
        if (answer.kind == StripeAnswer::Kind::Unknown)
            throw std::runtime_error("could not list the refunds of " + chargeId + ": " + answer.detail);
        return nullptr;
    };
    return eventsOf(event, lookups);
}

std::optional<sdk::DisputeFacts> StripeProvider::fetchDispute(const std::string& disputeId)
{
    const auto answer = _client.get("/v1/disputes/" + segment(disputeId));
    if (answer.ok())
        return disputeFactsOf(answer.object);
    if (answer.kind == StripeAnswer::Kind::NotFound)
        return std::nullopt;
    if (answer.kind == StripeAnswer::Kind::Refused)
        refused(answer, "reading a dispute");
    throw std::runtime_error("could not read dispute " + disputeId + " from Stripe: " + answer.detail);
}

} // namespace molar::paystripe

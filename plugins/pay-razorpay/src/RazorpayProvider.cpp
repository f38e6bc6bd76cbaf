#include "RazorpayProvider.h"

#include "RazorpayEvents.h"
#include "Signatures.h"

#include "molar/sdk/Errors.h"

#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <functional>

namespace molar::payrazorpay {

namespace {

const char* const providerName = "razorpay";

std::int64_t organizationOf(const sdk::PaymentRequest& request)
{
    try {
        return request.customerId.empty() ? 0 : std::stoll(request.customerId);
    } catch (const std::exception&) {
        return 0;
    }
}

std::string encoded(const std::string& text)
{
    std::string out;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]% ", out);
    return out;
}

bool startsWith(const std::string& text, const char* prefix)
{
    return text.rfind(prefix, 0) == 0;
}

// A failure code fit for a catalog key: Razorpay's reason, lower case, [a-z0-9_].
std::string codeOf(const std::string& reason, const std::string& fallback)
{
    std::string code;
    for (char c : reason) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
            code += c;
    }
    return code.empty() || code == "na" || code.size() > 60 ? fallback : code;
}

sdk::PaymentResult unknown(const std::string& providerPaymentId, const sdk::Money& amount,
                           const std::string& code, const std::string& detail)
{
    sdk::PaymentResult r;
    r.state = sdk::PaymentState::Unknown;
    r.providerPaymentId = providerPaymentId;
    r.amount = amount;
    r.failureCode = code;
    r.detail = detail;
    return r;
}

// A refused key pair or account is for the operator: no retry mends it.
[[noreturn]] void permanent(const RazorpayApiError& e)
{
    throw sdk::PermanentError("Razorpay refused the call (" + std::to_string(e.status()) + " " + e.code() +
                              ": " + e.description() +
                              "); check pay-razorpay.keyId, keySecret and the account's settings");
}

bool refusedKeys(const RazorpayApiError& e)
{
    return e.status() == 401 || e.status() == 403;
}

// The call may or may not have been carried out.
bool outcomeUnknown(const RazorpayApiError& e)
{
    return e.status() == 409 || e.status() == 429 || e.status() >= 500;
}

sdk::RefundResult refundResultOf(const Poco::JSON::Object::Ptr& refund)
{
    sdk::RefundResult r;
    r.providerRefundId = text(refund, "id");
    r.amountMinor = integer(refund, "amount");
    const std::string status = text(refund, "status");
    r.state = status == "processed" ? sdk::PaymentState::Succeeded
              : status == "failed"  ? sdk::PaymentState::Failed
                                    : sdk::PaymentState::Pending;
    if (r.state == sdk::PaymentState::Failed)
        r.failureCode = "refund_failed";
    r.detail = "Razorpay refund " + r.providerRefundId + " " + status;
    return r;
}

sdk::RefundResult refundRefused(std::int64_t amountMinor, const std::string& code, const std::string& detail)
{
    sdk::RefundResult r;
    r.state = sdk::PaymentState::Failed;
    r.amountMinor = amountMinor;
    r.failureCode = code;
    r.detail = detail;
    return r;
}

} // namespace

RazorpayProvider::RazorpayProvider(const RazorpaySettings& settings, const RazorpayClient& client,
                                   OrderStore& orders, const sdk::Clock& clock, sdk::Logger& logger,
                                   std::string publicUrl)
    : _settings(settings), _client(client), _orders(orders), _clock(clock), _logger(logger),
      _publicUrl(std::move(publicUrl))
{
}

sdk::PaymentCapabilities RazorpayProvider::capabilities() const
{
    sdk::PaymentCapabilities c;
    c.name = providerName;
    c.displayName = "Razorpay";
    c.flow = sdk::PaymentFlow::HostedCheckout;
    c.refunds = true;
    c.partialRefunds = true;
    c.webhooks = !_settings.webhookSecrets.empty();
    c.currencies = _settings.currencies;
    return c;
}

std::string RazorpayProvider::receiptFor(const std::string& attemptId)
{
    if (attemptId.size() <= 40)
        return attemptId;
    return "molar-" + hmacSha256Hex("pay-razorpay receipt", attemptId).substr(0, 34);
}

std::string RazorpayProvider::refundIdempotencyKey(const std::string& refundKey)
{
    if (refundKey.size() >= 10 && refundKey.size() <= 255)
        return refundKey;
    return "molar-refund-" +
           (refundKey.size() < 10 ? refundKey : hmacSha256Hex("pay-razorpay refund", refundKey));
}

std::mutex& RazorpayProvider::lockFor(const std::string& key)
{
    return _locks[std::hash<std::string>{}(key) % _locks.size()];
}

sdk::PaymentResult RazorpayProvider::pending(const StoredOrder& order) const
{
    sdk::PaymentResult r;
    r.state = sdk::PaymentState::Pending;
    r.providerPaymentId = order.orderId;
    r.amount = {order.amountMinor, order.currency};
    r.redirectUrl = _publicUrl + checkoutPath + encoded(order.attemptId);
    r.detail = "Razorpay order " + order.orderId;
    return r;
}

sdk::PaymentResult RazorpayProvider::createCheckout(const sdk::PaymentRequest& request)
{
    const auto& currencies = _settings.currencies;
    if (std::find(currencies.begin(), currencies.end(), request.amount.currency) == currencies.end())
        throw sdk::PermanentError("pay-razorpay.currencies does not list " + request.amount.currency);
    if (request.idempotencyKey.empty() || request.idempotencyKey.size() > 64)
        throw std::invalid_argument("a Razorpay checkout needs the attempt's id (at most 64 characters)");
    if (request.amount.minor < minimumMinor) {
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Failed;
        r.amount = request.amount;
        r.failureCode = "amount_too_small";
        r.detail = "Razorpay takes orders of 100 minor units (INR 1.00) or more";
        return r;
    }

    std::lock_guard<std::mutex> lock(lockFor(request.idempotencyKey));
    StoredOrder fresh;
    fresh.attemptId = request.idempotencyKey;
    fresh.organizationId = organizationOf(request);
    fresh.amountMinor = request.amount.minor;
    fresh.currency = request.amount.currency;
    fresh.returnUrl = request.returnUrl;
    fresh.cancelUrl = request.cancelUrl.empty() ? request.returnUrl : request.cancelUrl;
    fresh.createdAtMillis =
        std::chrono::duration_cast<std::chrono::milliseconds>(_clock.now().time_since_epoch()).count();

    // An order may exist already when a row without one is found: a call whose answer
    // was lost, or another server between its reservation and Razorpay's answer.
    auto stored = _orders.byAttempt(fresh.attemptId);
    bool mayExist = stored.has_value();
    if (!stored) {
        if (_orders.reserve(fresh))
            stored = fresh;
        else
            stored = _orders.byAttempt(fresh.attemptId);
        mayExist = !stored || stored->createdAtMillis != fresh.createdAtMillis;
    }
    if (!stored)
        throw std::runtime_error("pay_razorpay_orders lost the row of attempt " + fresh.attemptId);
    if (!stored->orderId.empty())
        return pending(*stored);

    try {
        std::string orderId = mayExist ? findOrderByReceipt(*stored) : "";
        if (orderId.empty())
            orderId = createOrder(*stored, request);
        if (!_orders.setOrderId(stored->attemptId, orderId)) {
            const auto winner = _orders.byAttempt(stored->attemptId);
            if (winner && !winner->orderId.empty())
                return pending(*winner);
        }
        stored->orderId = orderId;
        return pending(*stored);
    } catch (const RazorpayUnreachable& e) {
        _logger.warning("attempt " + stored->attemptId + ": " + e.what() + "; the order is looked for later");
        return unknown("", request.amount, "timeout", e.what());
    } catch (const RazorpayApiError& e) {
        if (refusedKeys(e))
            permanent(e);
        if (outcomeUnknown(e))
            return unknown("", request.amount, "timeout", e.what());
        throw sdk::PermanentError("Razorpay refused the order for attempt " + stored->attemptId + ": " +
                                  e.description());
    }
}

std::string RazorpayProvider::createOrder(const StoredOrder& order, const sdk::PaymentRequest& request)
{
    Poco::JSON::Object notes;
    notes.set("molar_attempt", order.attemptId);
    if (!request.reference.empty())
        notes.set("molar_reference", request.reference.substr(0, 256));
    Poco::JSON::Object body;
    body.set("amount", static_cast<Poco::Int64>(order.amountMinor));
    body.set("currency", order.currency);
    body.set("receipt", receiptFor(order.attemptId));
    body.set("notes", notes);
    const auto created = _client.post("/v1/orders", body);
    const std::string id = text(created, "id");
    if (!startsWith(id, "order_"))
        throw RazorpayUnreachable("Razorpay answered an order without its id");
    return id;
}

std::string RazorpayProvider::findOrderByReceipt(const StoredOrder& order)
{
    const auto found = _client.get("/v1/orders?count=100&receipt=" + encoded(receiptFor(order.attemptId)));
    std::string oldest;
    // Newest first: the last one that is the attempt's is the oldest, which a payer
    // could have been shown.
    for (const auto& candidate : items(found))
        if (text(child(candidate, "notes"), "molar_attempt") == order.attemptId &&
            integer(candidate, "amount") == order.amountMinor &&
            text(candidate, "currency") == order.currency)
            oldest = text(candidate, "id");
    return oldest;
}

std::vector<Poco::JSON::Object::Ptr> RazorpayProvider::paymentsSettled(const StoredOrder& order)
{
    const std::string path = "/v1/orders/" + encoded(order.orderId) + "/payments";
    auto payments = items(_client.get(path));
    for (const auto& p : payments)
        if (flag(p, "captured"))
            return payments;
    // Newest first. Only a payment of the order's whole amount is taken; another one is
    // left to Razorpay, which refunds authorizations left uncaptured.
    for (const auto& p : payments) {
        if (text(p, "status") != "authorized" || integer(p, "amount") != order.amountMinor ||
            text(p, "currency") != order.currency)
            continue;
        Poco::JSON::Object body;
        body.set("amount", static_cast<Poco::Int64>(order.amountMinor));
        body.set("currency", order.currency);
        try {
            _client.post("/v1/payments/" + encoded(text(p, "id")) + "/capture", body);
        } catch (const RazorpayApiError& e) {
            if (refusedKeys(e))
                permanent(e);
            // Captured meanwhile (the callback and a webhook at once), or refused: the
            // payments as they are now tell which.
            _logger.warning("capturing " + text(p, "id") + " of " + order.orderId + ": " + e.what());
        } catch (const RazorpayUnreachable& e) {
            // Maybe captured, maybe not: the payments as they are now tell, or the next look does.
            _logger.warning("capturing " + text(p, "id") + " of " + order.orderId + ": " + e.what());
        }
        return items(_client.get(path));
    }
    return payments;
}

sdk::PaymentResult RazorpayProvider::resultOf(const Poco::JSON::Object::Ptr& order,
                                              const std::vector<Poco::JSON::Object::Ptr>& payments) const
{
    sdk::PaymentResult r;
    r.providerPaymentId = text(order, "id");
    r.amount = {integer(order, "amount"), text(order, "currency")};
    r.state = sdk::PaymentState::Pending;
    Poco::JSON::Object::Ptr authorized, failed;
    std::string paidBy;
    for (const auto& p : payments) {
        if (flag(p, "captured")) {
            r.capturedMinor += integer(p, "amount");
            r.refundedMinor += integer(p, "amount_refunded");
            paidBy += (paidBy.empty() ? "" : ", ") + text(p, "id") + " (" + text(p, "method") + ")";
        } else if (text(p, "status") == "authorized" && !authorized) {
            authorized = p;
        } else if (text(p, "status") == "failed" && !failed) {
            failed = p; // the newest failure
        }
    }
    if (r.capturedMinor > 0) {
        r.state = sdk::PaymentState::Succeeded;
        r.detail = "Razorpay payment " + paidBy;
    } else if (authorized) {
        r.state = sdk::PaymentState::Authorized;
        r.detail = "Razorpay payment " + text(authorized, "id") + " authorized, not captured yet";
    } else if (failed) {
        r.state = sdk::PaymentState::Failed;
        r.failureCode = codeOf(text(failed, "error_reason"), "payment_failed");
        r.detail = "Razorpay payment " + text(failed, "id") + " failed: " + text(failed, "error_description");
    } else {
        r.detail = "Razorpay order " + r.providerPaymentId + " " + text(order, "status");
    }
    return r;
}

std::optional<StoredOrder> RazorpayProvider::storedFor(const sdk::PaymentRequest& request,
                                                       const std::string& providerPaymentId)
{
    if (startsWith(providerPaymentId, "order_"))
        return _orders.byOrder(providerPaymentId);
    if (startsWith(providerPaymentId, "pay_")) {
        const auto payment = _client.get("/v1/payments/" + encoded(providerPaymentId));
        return _orders.byOrder(text(payment, "order_id"));
    }
    if (!providerPaymentId.empty())
        return std::nullopt;
    auto stored = _orders.byAttempt(request.idempotencyKey);
    if (stored && stored->orderId.empty()) {
        std::lock_guard<std::mutex> lock(lockFor(stored->attemptId));
        const std::string found = findOrderByReceipt(*stored);
        if (found.empty())
            return std::nullopt;
        _orders.setOrderId(stored->attemptId, found);
        stored = _orders.byAttempt(request.idempotencyKey);
    }
    return stored;
}

sdk::PaymentResult RazorpayProvider::settleOrder(const StoredOrder& order)
{
    const auto razorpayOrder = _client.get("/v1/orders/" + encoded(order.orderId));
    return resultOf(razorpayOrder, paymentsSettled(order));
}

bool RazorpayProvider::paymentOfOrder(const std::string& paymentId, const std::string& orderId)
{
    const auto payment = _client.get("/v1/payments/" + encoded(paymentId));
    return text(payment, "id") == paymentId && text(payment, "order_id") == orderId;
}

sdk::PaymentResult RazorpayProvider::fetchPayment(const sdk::PaymentRequest& request,
                                                  const std::string& providerPaymentId)
{
    try {
        const auto stored = storedFor(request, providerPaymentId);
        if (!stored || stored->orderId.empty())
            return unknown(providerPaymentId, request.amount, "not_found",
                           "Razorpay has no order of attempt " + request.idempotencyKey);
        return settleOrder(*stored);
    } catch (const RazorpayUnreachable& e) {
        return unknown(providerPaymentId, request.amount, "timeout", e.what());
    } catch (const RazorpayApiError& e) {
        if (refusedKeys(e))
            permanent(e);
        return unknown(providerPaymentId, request.amount, e.notFound() ? "not_found" : "timeout", e.what());
    }
}

sdk::RefundResult RazorpayProvider::refund(const sdk::PaymentRequest& request,
                                           const std::string& providerPaymentId, std::int64_t amountMinor)
{
    if (amountMinor <= 0)
        return refundRefused(amountMinor, "invalid_amount", "a refund is of a positive amount");
    const std::string& key = request.idempotencyKey;
    try {
        std::vector<Poco::JSON::Object::Ptr> payments;
        if (startsWith(providerPaymentId, "pay_"))
            payments.push_back(_client.get("/v1/payments/" + encoded(providerPaymentId)));
        else if (startsWith(providerPaymentId, "order_"))
            payments = items(_client.get("/v1/orders/" + encoded(providerPaymentId) + "/payments"));
        Poco::JSON::Object::Ptr payment;
        for (const auto& p : payments)
            if (flag(p, "captured") && !payment)
                payment = p;
        if (!payment)
            return refundRefused(amountMinor, "not_captured",
                                 "Razorpay has no captured payment of " + providerPaymentId);
        const std::string paymentPath = "/v1/payments/" + encoded(text(payment, "id"));

        // A refund made under this key already (a retry after a lost answer) is that refund.
        for (const auto& made : items(_client.get(paymentPath + "/refunds?count=100")))
            if (text(child(made, "notes"), "molar_refund") == key)
                return refundResultOf(made);
        const std::int64_t left = integer(payment, "amount") - integer(payment, "amount_refunded");
        if (amountMinor > left)
            return refundRefused(amountMinor, "exceeds_capture",
                                 std::to_string(left) + " minor units of " + text(payment, "id") +
                                     " are left to refund");

        Poco::JSON::Object notes;
        notes.set("molar_refund", key);
        Poco::JSON::Object body;
        body.set("amount", static_cast<Poco::Int64>(amountMinor));
        body.set("notes", notes);
        return refundResultOf(_client.post(paymentPath + "/refund", body,
                                           {{"X-Refund-Idempotency", refundIdempotencyKey(key)}}));
    } catch (const RazorpayUnreachable& e) {
        sdk::RefundResult r;
        r.state = sdk::PaymentState::Unknown;
        r.amountMinor = amountMinor;
        r.failureCode = "timeout";
        r.detail = e.what();
        return r;
    } catch (const RazorpayApiError& e) {
        if (refusedKeys(e))
            permanent(e);
        if (outcomeUnknown(e)) {
            sdk::RefundResult r;
            r.state = sdk::PaymentState::Unknown;
            r.amountMinor = amountMinor;
            r.failureCode = "timeout";
            r.detail = e.what();
            return r;
        }
        const bool beyond = e.description().find("greater than") != std::string::npos;
        return refundRefused(amountMinor, beyond ? "exceeds_capture" : codeOf(e.reason(), "refund_refused"),
                             e.what());
    }
}

std::vector<sdk::PaymentEvent> RazorpayProvider::parseWebhook(const sdk::WebhookDelivery& delivery)
{
    if (_settings.webhookSecrets.empty())
        throw sdk::PaymentUnsupported("pay-razorpay has no webhook secret (pay-razorpay.webhookSecrets)");
    const auto header = [&](const char* name) {
        const auto it = delivery.headers.find(name);
        return it == delivery.headers.end() ? std::string() : it->second;
    };
    const std::string signature = header("x-razorpay-signature");
    if (signature.empty())
        throw sdk::WebhookRefused("no X-Razorpay-Signature header");
    if (!webhookSignatureValid(_settings.webhookSecrets, delivery.body, signature))
        throw sdk::WebhookRefused("X-Razorpay-Signature does not match the body under any webhook secret");
    const std::string eventId = header("x-razorpay-event-id");
    if (eventId.empty() || eventId.size() > 100)
        throw sdk::WebhookRefused("no x-razorpay-event-id header");

    const WebhookEnvelope envelope = parseEnvelope(delivery.body);
    // The signature covers created_at, so a delivery cannot be re-dated: one far older
    // than Razorpay ever retries is a replay, one from the future is forged or skewed.
    const std::int64_t now = delivery.receivedAtMillis / 1000;
    if (now - envelope.createdAtSeconds > _settings.webhookToleranceSeconds)
        throw sdk::WebhookRefused("the event was made " + std::to_string(now - envelope.createdAtSeconds) +
                                  " s ago, beyond pay-razorpay.webhookToleranceSeconds");
    if (envelope.createdAtSeconds - now > 300)
        throw sdk::WebhookRefused("the event is dated " + std::to_string(envelope.createdAtSeconds - now) +
                                  " s in the future");

    auto events = eventsOf(envelope, eventId, [this](const std::string& orderId) {
        const auto stored = _orders.byOrder(orderId);
        return stored ? stored->attemptId : std::string();
    });
    if (envelope.event == "payment.authorized" && !events.empty())
        captureAfterWebhook(events.front().providerPaymentId, eventId, events);
    return events;
}

void RazorpayProvider::captureAfterWebhook(const std::string& orderId, const std::string& eventId,
                                           std::vector<sdk::PaymentEvent>& events)
{
    const auto stored = _orders.byOrder(orderId);
    if (!stored)
        return;
    try {
        const sdk::PaymentResult result = settleOrder(*stored);
        if (result.state != sdk::PaymentState::Succeeded)
            return;
        sdk::PaymentEvent captured;
        captured.providerEventId = eventId + ":captured";
        captured.kind = sdk::PaymentEventKind::Succeeded;
        captured.idempotencyKey = stored->attemptId;
        captured.providerPaymentId = orderId;
        captured.amount = {result.capturedMinor, result.amount.currency};
        captured.occurredAtMillis = events.front().occurredAtMillis;
        events.push_back(captured);
    } catch (const std::exception& e) {
        // The Authorized event still counts; the re-sync or Razorpay's payment.captured completes it.
        _logger.warning("capturing the payment of " + orderId + " after webhook " + eventId + ": " +
                        e.what());
    }
}

} // namespace molar::payrazorpay

#include "RazorpayEvents.h"

#include "RazorpayClient.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace molar::payrazorpay {

namespace {

constexpr std::int64_t maxCreatedAtSeconds = 999999999999;

Poco::JSON::Object::Ptr entityOf(const Poco::JSON::Object::Ptr& payload, const std::string& name)
{
    return child(child(payload, name), "entity");
}

void require(const Poco::JSON::Object::Ptr& entity, const std::string& name, const std::string& prefix)
{
    if (!entity)
        throw sdk::WebhookRefused("the event has no " + name + " entity");
    if (text(entity, "id").rfind(prefix, 0) != 0)
        throw sdk::WebhookRefused("the " + name + " entity has no " + prefix + "… id");
    moneyOf(entity);
}

// The payment's order: "order_…", the name every event gives the payment.
std::string paymentName(const Poco::JSON::Object::Ptr& payment)
{
    const std::string order = text(payment, "order_id");
    return order.empty() ? text(payment, "id") : order;
}

} // namespace

sdk::Money moneyOf(const Poco::JSON::Object::Ptr& entity)
{
    if (!entity || !entity->has("amount") || entity->isNull("amount"))
        throw sdk::WebhookRefused("an entity has no amount");
    const Poco::Dynamic::Var amount = entity->get("amount");
    if (!amount.isInteger())
        throw sdk::WebhookRefused("an entity's amount is not an integer");
    sdk::Money money;
    try {
        money.minor = amount.convert<Poco::Int64>();
    } catch (const Poco::RangeException&) {
        // An integer past int64 (JSON's numbers have no limit): no amount anyone paid.
        throw sdk::WebhookRefused("an entity's amount is out of range");
    }
    money.currency = text(entity, "currency");
    if (money.minor < 0 || money.currency.size() != 3)
        throw sdk::WebhookRefused("an entity's amount or currency is not one");
    return money;
}

WebhookEnvelope parseEnvelope(const std::string& body)
{
    Poco::JSON::Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw sdk::WebhookRefused("the body is not JSON: " + e.displayText());
    } catch (const std::exception& e) {
        throw sdk::WebhookRefused(std::string("the body is not a JSON object: ") + e.what());
    }
    if (!root || text(root, "entity") != "event")
        throw sdk::WebhookRefused("the body is not a Razorpay event");
    WebhookEnvelope envelope;
    envelope.event = text(root, "event");
    if (envelope.event.empty())
        throw sdk::WebhookRefused("the event has no name");
    if (!root->has("created_at") || !root->get("created_at").isInteger())
        throw sdk::WebhookRefused("the event has no created_at time");
    // Unix seconds of at most 12 digits (until the year 33658): in milliseconds, and in the
    // provider's distance to now, no overflow.
    try {
        envelope.createdAtSeconds = root->get("created_at").convert<Poco::Int64>();
    } catch (const Poco::RangeException&) {
        envelope.createdAtSeconds = -1;
    }
    if (envelope.createdAtSeconds < 0 || envelope.createdAtSeconds > maxCreatedAtSeconds)
        throw sdk::WebhookRefused("the event's created_at is no time");
    const auto payload = child(root, "payload");
    if (!payload)
        throw sdk::WebhookRefused("the event has no payload");
    envelope.payment = entityOf(payload, "payment");
    envelope.order = entityOf(payload, "order");
    envelope.refund = entityOf(payload, "refund");
    return envelope;
}

std::vector<sdk::PaymentEvent> eventsOf(const WebhookEnvelope& envelope, const std::string& eventId,
                                        const AttemptOfOrder& attemptOf)
{
    const std::string& name = envelope.event;
    sdk::PaymentEvent event;
    event.providerEventId = eventId;
    event.occurredAtMillis = envelope.createdAtSeconds * 1000;

    if (name == "payment.authorized" || name == "payment.captured" || name == "payment.failed" ||
        name == "order.paid") {
        require(envelope.payment, "payment", "pay_");
        event.kind = name == "payment.authorized" ? sdk::PaymentEventKind::Authorized
                     : name == "payment.failed"   ? sdk::PaymentEventKind::Failed
                                                  : sdk::PaymentEventKind::Succeeded;
        event.providerPaymentId = paymentName(envelope.payment);
        event.amount = moneyOf(envelope.payment);
    } else if (name == "refund.processed") {
        require(envelope.refund, "refund", "rfnd_");
        event.kind = sdk::PaymentEventKind::Refunded;
        event.providerRefundId = text(envelope.refund, "id");
        event.amount = moneyOf(envelope.refund);
        event.providerPaymentId =
            envelope.payment ? paymentName(envelope.payment) : text(envelope.refund, "payment_id");
    } else {
        return {};
    }
    if (name == "payment.captured" && !flag(envelope.payment, "captured"))
        return {}; // not money taken (Razorpay says captured only once it is)

    // The attempt: the order we made for it; an order entity's own notes only when the
    // order is not in our table (the order's notes are ours, a payment's are the browser's).
    if (event.providerPaymentId.rfind("order_", 0) == 0)
        event.idempotencyKey = attemptOf(event.providerPaymentId);
    if (event.idempotencyKey.empty() && envelope.order &&
        text(envelope.order, "id") == event.providerPaymentId)
        event.idempotencyKey = text(child(envelope.order, "notes"), "molar_attempt");
    return {event};
}

} // namespace molar::payrazorpay

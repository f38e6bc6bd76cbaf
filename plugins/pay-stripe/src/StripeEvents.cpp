#include "StripeEvents.h"

#include "Declines.h"
#include "Json.h"
#include "PaymentIntentState.h"

namespace molar::paystripe {

namespace {

using Object = Poco::JSON::Object::Ptr;

// Unix seconds as Stripe writes them: at most 12 digits (until the year 33658).
constexpr std::int64_t maxUnixSeconds = 999999999999;

// Seconds in milliseconds; 0 (no time) for a number that is no Unix time, which would
// overflow.
std::int64_t millisOf(std::int64_t seconds)
{
    return seconds >= 0 && seconds <= maxUnixSeconds ? seconds * 1000 : 0;
}

sdk::PaymentEvent baseEvent(const Object& event, sdk::PaymentEventKind kind)
{
    sdk::PaymentEvent e;
    e.providerEventId = json::text(event, "id");
    e.kind = kind;
    e.occurredAtMillis = millisOf(json::integer(event, "created"));
    return e;
}

sdk::Money moneyOf(const Object& object, const std::string& amountKey)
{
    return {json::integer(object, amountKey), upperCurrency(json::text(object, "currency"))};
}

std::string attemptOf(const Object& object, const std::string& paymentIntentId, const EventLookups& lookups)
{
    std::string key = json::metadata(object, "molar_attempt");
    if (key.empty() && !paymentIntentId.empty() && lookups.attemptOf)
        key = lookups.attemptOf(paymentIntentId);
    return key;
}

std::vector<sdk::PaymentEvent> paymentIntentEvents(const Object& event, const std::string& type,
                                                   const Object& pi)
{
    sdk::PaymentEvent e;
    if (type == "payment_intent.succeeded") {
        e = baseEvent(event, sdk::PaymentEventKind::Succeeded);
        e.amount = moneyOf(pi, "amount_received");
        if (e.amount.minor == 0)
            e.amount.minor = json::integer(pi, "amount");
    } else if (type == "payment_intent.amount_capturable_updated") {
        // Sent when the capturable amount changes; only a hold in place is news.
        if (json::text(pi, "status") != "requires_capture")
            return {};
        e = baseEvent(event, sdk::PaymentEventKind::Authorized);
        e.amount = moneyOf(pi, "amount_capturable");
    } else if (type == "payment_intent.payment_failed") {
        const auto lastError = json::object(pi, "last_payment_error");
        if (needsAuthentication(json::text(lastError, "code"), json::text(lastError, "decline_code")))
            return {};
        // On Stripe's Checkout page the payer is told and may try another card: the page,
        // not one refused card, decides (the re-sync reports the decline once they leave it).
        if (json::metadata(pi, "molar_checkout") == "true")
            return {};
        e = baseEvent(event, sdk::PaymentEventKind::Failed);
        e.amount = moneyOf(pi, "amount");
    } else if (type == "payment_intent.canceled") {
        e = baseEvent(event, sdk::PaymentEventKind::Canceled);
        e.amount = moneyOf(pi, "amount");
    } else {
        return {};
    }
    e.providerPaymentId = json::text(pi, "id");
    e.idempotencyKey = json::metadata(pi, "molar_attempt");
    return {e};
}

std::vector<sdk::PaymentEvent> checkoutEvents(const Object& event, const std::string& type,
                                              const Object& session)
{
    if (json::text(session, "mode") != "payment")
        return {};
    if (type == "checkout.session.expired") {
        // Nobody paid within the page's 24 hours: no money moved, so the session's own id.
        auto e = baseEvent(event, sdk::PaymentEventKind::Canceled);
        e.providerPaymentId = json::text(session, "id");
        e.amount = moneyOf(session, "amount_total");
        e.idempotencyKey = json::metadata(session, "molar_attempt");
        return {e};
    }
    if (json::text(session, "payment_status") != "paid")
        return {};
    auto e = baseEvent(event, sdk::PaymentEventKind::Succeeded);
    // Named by its PaymentIntent, as payment_intent.succeeded names it: the host counts
    // money once per payment id, so the two events of one payment count it once.
    e.providerPaymentId = json::idOf(session, "payment_intent");
    if (e.providerPaymentId.empty())
        e.providerPaymentId = json::text(session, "id");
    e.amount = moneyOf(session, "amount_total");
    e.idempotencyKey = json::metadata(session, "molar_attempt");
    if (e.idempotencyKey.empty())
        e.idempotencyKey = json::text(session, "client_reference_id");
    return {e};
}

std::vector<sdk::PaymentEvent> setupEvents(const Object& event, const Object& setupIntent,
                                           const EventLookups& lookups)
{
    std::optional<sdk::SavedMethod> method;
    if (const auto expanded = json::object(setupIntent, "payment_method"))
        method = savedMethodOf(expanded);
    else if (const std::string id = json::text(setupIntent, "payment_method"); !id.empty() && lookups.method)
        method = lookups.method(id);
    if (!method)
        return {};
    auto e = baseEvent(event, sdk::PaymentEventKind::MethodSaved);
    e.method = *method;
    e.idempotencyKey = json::metadata(setupIntent, "molar_setup");
    return {e};
}

bool refundCounts(const Object& refund)
{
    const std::string status = json::text(refund, "status");
    return status == "succeeded" || status == "pending";
}

sdk::PaymentEvent refundEvent(const Object& event, const Object& refund, const std::string& paymentIntentId,
                              const std::string& attemptId)
{
    auto e = baseEvent(event, sdk::PaymentEventKind::Refunded);
    e.providerRefundId = json::text(refund, "id");
    // One event per refund: the refund's id keeps each apart within a charge.refunded.
    e.providerEventId += ":" + e.providerRefundId;
    e.amount = moneyOf(refund, "amount");
    e.providerPaymentId = paymentIntentId;
    e.idempotencyKey = attemptId;
    return e;
}

std::vector<sdk::PaymentEvent> chargeRefundedEvents(const Object& event, const Object& charge,
                                                    const EventLookups& lookups)
{
    Poco::JSON::Array::Ptr refunds = json::array(json::object(charge, "refunds"), "data");
    if (!refunds && lookups.refundsOf)
        refunds = lookups.refundsOf(json::text(charge, "id"));
    if (!refunds)
        return {};
    const std::string paymentIntentId = json::idOf(charge, "payment_intent");
    const std::string attemptId = attemptOf(charge, paymentIntentId, lookups);
    std::vector<sdk::PaymentEvent> out;
    for (std::size_t i = 0; i < refunds->size(); ++i) {
        const Object refund = refunds->getObject(static_cast<unsigned>(i));
        if (refund && refundCounts(refund) && !json::text(refund, "id").empty())
            out.push_back(refundEvent(event, refund, paymentIntentId, attemptId));
    }
    return out;
}

std::vector<sdk::PaymentEvent> refundObjectEvents(const Object& event, const Object& refund,
                                                  const EventLookups& lookups)
{
    // Without its id a refund cannot be told from the next one (as in charge.refunded's list).
    if (!refundCounts(refund) || json::text(refund, "id").empty())
        return {};
    const std::string paymentIntentId = json::idOf(refund, "payment_intent");
    return {refundEvent(event, refund, paymentIntentId, attemptOf(nullptr, paymentIntentId, lookups))};
}

std::vector<sdk::PaymentEvent> disputeEvents(const Object& event, const std::string& type,
                                             const Object& dispute, const EventLookups& lookups)
{
    sdk::PaymentEvent e;
    if (type == "charge.dispute.created") {
        e = baseEvent(event, sdk::PaymentEventKind::DisputeOpened);
    } else {
        const std::string status = json::text(dispute, "status");
        // warning_closed: an inquiry closed without becoming a chargeback, the lab keeps the money.
        const std::string outcome = status == "lost"                                  ? "lost"
                                    : (status == "won" || status == "warning_closed") ? "won"
                                                                                      : "";
        if (outcome.empty())
            return {};
        e = baseEvent(event, sdk::PaymentEventKind::DisputeClosed);
        e.disputeOutcome = outcome;
    }
    e.disputeId = json::text(dispute, "id");
    e.amount = moneyOf(dispute, "amount");
    e.providerPaymentId = json::idOf(dispute, "payment_intent");
    e.idempotencyKey = attemptOf(nullptr, e.providerPaymentId, lookups);
    return {e};
}

} // namespace

const std::vector<std::string>& handledEventTypes()
{
    static const std::vector<std::string> types{"payment_intent.succeeded",
                                                "payment_intent.amount_capturable_updated",
                                                "payment_intent.payment_failed",
                                                "payment_intent.canceled",
                                                "checkout.session.completed",
                                                "checkout.session.async_payment_succeeded",
                                                "checkout.session.expired",
                                                "setup_intent.succeeded",
                                                "charge.refunded",
                                                "refund.created",
                                                "refund.updated",
                                                "charge.dispute.created",
                                                "charge.dispute.closed"};
    return types;
}

Poco::JSON::Object::Ptr parseEvent(const std::string& body)
{
    const auto event = json::parseObject(body);
    if (!event)
        throw sdk::WebhookRefused("the body is not a JSON object");
    if (json::text(event, "id").empty() || json::text(event, "type").empty() ||
        !json::object(json::object(event, "data"), "object"))
        throw sdk::WebhookRefused("the body is not a Stripe event (id, type, data.object)");
    const std::int64_t created = json::integer(event, "created");
    if (created < 0 || created > maxUnixSeconds)
        throw sdk::WebhookRefused("the event's created is no Unix time");
    return event;
}

std::vector<sdk::PaymentEvent> eventsOf(const Poco::JSON::Object::Ptr& event, const EventLookups& lookups)
{
    const std::string type = json::text(event, "type");
    const Object object = json::object(json::object(event, "data"), "object");
    if (!object)
        return {};
    if (type.rfind("payment_intent.", 0) == 0)
        return paymentIntentEvents(event, type, object);
    if (type == "checkout.session.completed" || type == "checkout.session.async_payment_succeeded" ||
        type == "checkout.session.expired")
        return checkoutEvents(event, type, object);
    if (type == "setup_intent.succeeded")
        return setupEvents(event, object, lookups);
    if (type == "charge.refunded")
        return chargeRefundedEvents(event, object, lookups);
    if (type == "refund.created" || type == "refund.updated")
        return refundObjectEvents(event, object, lookups);
    if (type == "charge.dispute.created" || type == "charge.dispute.closed")
        return disputeEvents(event, type, object, lookups);
    return {};
}

sdk::SavedMethod savedMethodOf(const Poco::JSON::Object::Ptr& paymentMethod)
{
    sdk::SavedMethod m;
    m.providerMethodId = json::text(paymentMethod, "id");
    const auto card = json::object(paymentMethod, "card");
    m.brand = json::text(card, "brand");
    if (m.brand.empty())
        m.brand = json::text(paymentMethod, "type");
    m.last4 = json::text(card, "last4");
    m.expMonth = static_cast<int>(json::integer(card, "exp_month"));
    m.expYear = static_cast<int>(json::integer(card, "exp_year"));
    return m;
}

sdk::DisputeFacts disputeFactsOf(const Poco::JSON::Object::Ptr& dispute)
{
    sdk::DisputeFacts f;
    f.disputeId = json::text(dispute, "id");
    f.providerPaymentId = json::idOf(dispute, "payment_intent");
    f.amountMinor = json::integer(dispute, "amount");
    f.currency = upperCurrency(json::text(dispute, "currency"));
    f.reason = json::text(dispute, "reason");
    f.status = json::text(dispute, "status");
    f.evidenceDueAtMillis = millisOf(json::integer(json::object(dispute, "evidence_details"), "due_by"));
    return f;
}

} // namespace molar::paystripe

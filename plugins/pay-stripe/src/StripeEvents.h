#pragma once

#include "molar/sdk/Payments.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace molar::paystripe {

// What turning an event into the SDK's events may have to ask Stripe, because the
// event's object does not carry it. Each may throw when Stripe cannot be asked (the
// host then answers 500 and Stripe delivers again later).
struct EventLookups
{
    // A PaymentMethod's brand, last four and expiry; nothing when Stripe has no such method.
    std::function<std::optional<sdk::SavedMethod>(const std::string& paymentMethodId)> method;
    // The host's attempt id (metadata.molar_attempt) of a PaymentIntent; "" when none.
    std::function<std::string(const std::string& paymentIntentId)> attemptOf;
    // The refunds of a charge (Refund objects), for a charge.refunded whose Charge does
    // not list them (API versions since 2022-11-15 leave `refunds` out); null when unknown.
    std::function<Poco::JSON::Array::Ptr(const std::string& chargeId)> refundsOf;
};

// The event types the plugin reads; every other type gives no events. The webhook
// endpoint in Stripe's dashboard subscribes to these.
const std::vector<std::string>& handledEventTypes();

// A verified delivery's body as a Stripe Event object (id, type, created,
// data.object). Throws sdk::WebhookRefused for a body that is not one, or whose created
// is not Unix seconds of at most 12 digits.
Poco::JSON::Object::Ptr parseEvent(const std::string& body);

// A Stripe event as the SDK's events: none for a type of no interest.
//   payment_intent.succeeded                  Succeeded (amount_received)
//   payment_intent.amount_capturable_updated  Authorized (amount_capturable)
//   payment_intent.payment_failed             Failed (none when the card needs authentication:
//                                             the off-session call said RequiresAction already;
//                                             none on the Checkout page, which stays open)
//   payment_intent.canceled                   Canceled
//   checkout.session.completed / .async_payment_succeeded (mode payment, paid)
//                                             Succeeded of the session's PaymentIntent
//   checkout.session.expired (mode payment)   Canceled of the session
//   setup_intent.succeeded                    MethodSaved (the PaymentMethod's card)
//   charge.refunded                           one Refunded per refund ("<evt>:<re_...>")
//   refund.created / refund.updated           Refunded ("<evt>:<re_...>"), once succeeded or pending
//   charge.dispute.created / .closed          DisputeOpened / DisputeClosed ("won" or "lost")
// providerEventId is the event's id; idempotencyKey is metadata.molar_attempt
// (molar_setup for MethodSaved).
std::vector<sdk::PaymentEvent> eventsOf(const Poco::JSON::Object::Ptr& event, const EventLookups& lookups);

// A PaymentMethod's card as the portal may keep it: brand, last four, expiry; nothing else.
sdk::SavedMethod savedMethodOf(const Poco::JSON::Object::Ptr& paymentMethod);

// A Dispute object as the SDK's facts (no deadline for a due_by that is no Unix time).
sdk::DisputeFacts disputeFactsOf(const Poco::JSON::Object::Ptr& dispute);

} // namespace molar::paystripe

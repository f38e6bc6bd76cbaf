#pragma once

#include "molar/sdk/Payments.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace molar::payrazorpay {

// A webhook body as Razorpay sends it: {"entity":"event","event":"payment.captured",
// "contains":["payment"],"payload":{"payment":{"entity":{…}}},"created_at":…}.
struct WebhookEnvelope
{
    std::string event;
    std::int64_t createdAtSeconds = 0;
    Poco::JSON::Object::Ptr payment; // payload.payment.entity, when there
    Poco::JSON::Object::Ptr order;   // payload.order.entity
    Poco::JSON::Object::Ptr refund;  // payload.refund.entity
};

// Reads a verified body; throws sdk::WebhookRefused when it is not Razorpay's envelope
// (created_at Unix seconds of at most 12 digits) or an entity it needs lacks its id, its
// integer amount (within int64) or its currency.
WebhookEnvelope parseEnvelope(const std::string& body);

// The host's attempt of a Razorpay order id, "" when the order is not one of ours.
using AttemptOfOrder = std::function<std::string(const std::string& orderId)>;

// What a delivery tells the host, provider-neutral:
//   payment.authorized → Authorized, payment.captured and order.paid → Succeeded,
//   payment.failed → Failed, refund.processed → Refunded; anything else → nothing.
// Every event names the payment by its order id (one order per attempt, so the
// callback, the webhooks and the re-sync count one payment once) and carries the
// attempt as idempotencyKey when the order is ours. providerEventId is the
// x-razorpay-event-id header's value.
std::vector<sdk::PaymentEvent> eventsOf(const WebhookEnvelope& envelope, const std::string& eventId,
                                        const AttemptOfOrder& attemptOf);

// The money of an entity: its integer `amount` (paise for INR) and `currency`.
sdk::Money moneyOf(const Poco::JSON::Object::Ptr& entity);

} // namespace molar::payrazorpay

#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace molar::paystripe {

// Stripe's error object ({"error": {...}}), the fields the plugin reads.
struct StripeError
{
    std::string type;        // api_error, card_error, idempotency_error, invalid_request_error
    std::string code;        // card_declined, authentication_required, resource_missing, ...
    std::string declineCode; // the issuer's reason: insufficient_funds, lost_card, ...
    std::string message;     // Stripe's sentence; never holds a full key or card number
    std::string param;
    Poco::JSON::Object::Ptr paymentIntent; // a card error's PaymentIntent, when Stripe names it
};

// One API call's outcome, sorted by what the caller can do about it.
struct StripeAnswer
{
    enum class Kind
    {
        Ok,        // 2xx: `object` is the resource
        CardError, // 402: the request was valid but the card was refused (a decline)
        Refused,   // 400, 401, 403: the request (or the key) is wrong; retrying cannot help
        NotFound,  // 404: no such object
        Unknown    // no answer, or 409/429/5xx: whether Stripe acted is not known
    };
    Kind kind = Kind::Unknown;
    int status = 0; // the HTTP status; 0 when no answer came
    Poco::JSON::Object::Ptr object;
    StripeError error;
    std::string detail; // why, in a sentence for the lab's staff: Stripe's message or the network's

    bool ok() const { return kind == Kind::Ok; }
};

// Sorts an HTTP answer from Stripe: status and body as received.
StripeAnswer classifyAnswer(int status, const std::string& body);

// An answer that never came (a timeout, a dropped connection).
StripeAnswer noAnswer(const std::string& detail);

} // namespace molar::paystripe

#pragma once

#include "molar/sdk/Payments.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace molar::paystripe {

// A PaymentIntent's status as the SDK's state. `lastErrorCode` and `lastDeclineCode`
// are its last_payment_error's (empty when none): requires_payment_method after a
// failed try is Failed, or RequiresAction when the card needs its holder to authenticate.
sdk::PaymentState paymentStateOf(const std::string& status, const std::string& lastErrorCode = "",
                                 const std::string& lastDeclineCode = "");

// A PaymentIntent (Stripe's JSON object) as a payment result: its id, state, amount,
// what was captured (amount_received) and, when its latest charge is expanded, what was
// refunded (amount_refunded); failureCode from last_payment_error.
sdk::PaymentResult resultOfPaymentIntent(const Poco::JSON::Object::Ptr& paymentIntent);

// ISO 4217 as the SDK writes it (upper case) and as Stripe does (lower case).
std::string upperCurrency(const std::string& currency);
std::string lowerCurrency(const std::string& currency);

} // namespace molar::paystripe

#pragma once

#include "molar/sdk/Signatures.h"

#include <string>
#include <string_view>
#include <vector>

namespace molar::payrazorpay {

// Razorpay's two signatures, both hex HMAC-SHA256. Hex is compared as the bytes it stands for, in constant
// time, so neither case nor timing tells an attacker anything.

// hex(HMAC-SHA256(key, message)) and the constant-time comparison of two hex digests:
// the SDK's.
using sdk::hmacSha256Hex;
using sdk::sameHexDigest;

// Checkout's answer: razorpay_signature = hex(HMAC-SHA256(key secret, order_id|payment_id)),
// with the order id we stored for the attempt, never the one the browser sent.
bool checkoutSignatureValid(std::string_view keySecret, std::string_view storedOrderId,
                            std::string_view paymentId, std::string_view signature);

// A webhook: X-Razorpay-Signature = hex(HMAC-SHA256(webhook secret, raw body)). Any of
// the secrets may have signed it (two while rotating: retried events keep the old one).
bool webhookSignatureValid(const std::vector<std::string>& secrets, std::string_view body,
                           std::string_view signature);

} // namespace molar::payrazorpay

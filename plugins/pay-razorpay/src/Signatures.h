#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace molar::payrazorpay {

// Razorpay's two signatures, both hex HMAC-SHA256 (OpenSSL; Poco 1.11's HMACEngine
// cannot take SHA2Engine). Hex is compared as the bytes it stands for, in constant
// time, so neither case nor timing tells an attacker anything.

// hex(HMAC-SHA256(key, message)), lower case.
std::string hmacSha256Hex(std::string_view key, std::string_view message);

// Whether two hex texts stand for the same bytes: both must decode, have the same
// length, and match under CRYPTO_memcmp.
bool sameHexDigest(std::string_view expectedHex, std::string_view givenHex);

// Checkout's answer: razorpay_signature = hex(HMAC-SHA256(key secret, order_id|payment_id)),
// with the order id we stored for the attempt, never the one the browser sent.
bool checkoutSignatureValid(std::string_view keySecret, std::string_view storedOrderId,
                            std::string_view paymentId, std::string_view signature);

// A webhook: X-Razorpay-Signature = hex(HMAC-SHA256(webhook secret, raw body)). Any of
// the secrets may have signed it (two while rotating: retried events keep the old one).
bool webhookSignatureValid(const std::vector<std::string>& secrets, std::string_view body,
                           std::string_view signature);

} // namespace molar::payrazorpay

#pragma once

#include "molar/sdk/Signatures.h"

#include <string>

namespace molar::whatsapp {

// HMAC-SHA256 of `message` under `key`, as lower-case hex: the SDK's.
using sdk::hmacSha256Hex;

// Whether `header` (X-Hub-Signature-256: "sha256=<hex>") signs exactly these raw
// body bytes under the app secret. Compared in constant time; false for an empty
// secret, a missing header or malformed hex.
bool signatureMatches(const std::string& appSecret, const std::string& rawBody, const std::string& header);

// Whether Meta's subscription handshake (hub.mode, hub.verify_token) is ours.
bool subscriptionMatches(const std::string& verifyToken, const std::string& mode, const std::string& token);

} // namespace molar::whatsapp

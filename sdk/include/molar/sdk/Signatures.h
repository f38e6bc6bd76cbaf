#pragma once

#include "molar/sdk/Export.h"

#include <string>
#include <string_view>

namespace molar::sdk {

// The signatures payment gateways and messaging services put on their webhooks and
// callbacks (since SDK 1.7): hex HMAC-SHA256 over the raw bytes, checked in constant
// time. A plugin verifies over the body exactly as received, before parsing it.

// hex(HMAC-SHA256(key, message)), lower case.
MOLAR_SDK_API std::string hmacSha256Hex(std::string_view key, std::string_view message);

// Whether two hex texts stand for the same bytes: both decode (either case), have the
// same length and match byte for byte in constant time. False for empty or malformed hex.
MOLAR_SDK_API bool sameHexDigest(std::string_view expectedHex, std::string_view givenHex);

} // namespace molar::sdk

#pragma once

#include "molar/sdk/Signatures.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::paystripe {

// Stripe-Signature: "t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]". Every v1 is
// kept (Stripe sends one per secret while a secret is being rolled); other schemes are
// ignored.
struct SignatureHeader
{
    std::int64_t timestamp = 0;
    std::vector<std::string> v1;
};

// Nothing when the header has no t, a t that is not a number, or no v1.
std::optional<SignatureHeader> parseSignatureHeader(const std::string& header);

enum class SignatureCheck
{
    Valid,
    Missing,   // no header, or no secret to check it with
    Malformed, // no t or no v1
    NoMatch,   // no v1 is the HMAC of this body under any configured secret
    Stale,     // signed more than the tolerance ago (a replay)
    Future     // signed more than the tolerance ahead of our clock
};

// Whether the header signs exactly these raw body bytes, at a time within
// `toleranceSeconds` of `nowSeconds` (both ways), under any of `secrets`:
// hex(HMAC-SHA256(secret, "<t>.<body>")) against every v1, in constant time.
SignatureCheck verifySignature(const std::string& header, const std::string& body,
                               const std::vector<std::string>& secrets, std::int64_t nowSeconds,
                               std::int64_t toleranceSeconds);

// Why a check failed, in words for the log (never a secret or a signature).
std::string describe(SignatureCheck check);

// HMAC-SHA256 of `message` under `key`, lower-case hex: the SDK's.
using sdk::hmacSha256Hex;

// A header as Stripe signs it, one v1 per secret: for the tests and the fake's peers.
std::string signatureHeader(const std::vector<std::string>& secrets, const std::string& body,
                            std::int64_t timestamp);

} // namespace molar::paystripe

#pragma once

#include <cstdint>
#include <optional>
#include <string>

// The gateway's webhook signature, as its servers send it in the header
//   x-pay-example-signature: t=<milliseconds since the epoch>,v1=<hex HMAC-SHA256>
// where the HMAC is keyed with the webhook secret over "<t>.<body>": the timestamp is
// signed with the body, so an old delivery cannot be re-dated.
namespace webhook {

inline const char* const signatureHeader = "x-pay-example-signature";

// The header's value for a body signed at a time.
std::string sign(const std::string& secret, std::int64_t timestampMillis, const std::string& body);

// The timestamp of a header whose signature matches the body; nothing when the
// header is malformed or the signature does not match (compared in constant time).
std::optional<std::int64_t> verify(const std::string& secret, const std::string& header,
                                   const std::string& body);

} // namespace webhook

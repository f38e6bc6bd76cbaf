#pragma once

#include "molar/sdk/Export.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace molar::sdk {

// The answer to one RateLimiter::allow call.
struct RateDecision
{
    bool allowed = true;
    // When refused: whole seconds until the window that refused ends (at least 1),
    // for a Retry-After header. 0 when allowed.
    std::int64_t retryAfterSeconds = 0;
    // The hits counted for the key in the current window, this one included.
    std::int64_t count = 0;
};

// Rate limits counted in the database (SDK 1.3), so every host sharing it shares
// the count: at most `limit` hits per `window` for one `key` of a `bucket`.
// Windows are fixed (they start at multiples of `window` since the epoch); each
// call counts one hit, refused ones too, with one atomic update. A bucket names
// what is limited ("tracker"); the host keeps each plugin's buckets apart from
// other plugins' and its own. For limits per client, the key is
// `request.clientAddress()`, which already honours the host's trusted proxies.
// Keys longer than 128 characters are hashed. Thread-safe.
//
//     auto decision = host.rateLimiter().allow("tracker", request.clientAddress(), 30,
//                                              std::chrono::minutes(1));
//     if (!decision.allowed) { response.setHeader("Retry-After", ...); throw HttpError(429, ...); }
class MOLAR_SDK_API RateLimiter
{
public:
    virtual ~RateLimiter();
    RateLimiter() = default;
    RateLimiter(const RateLimiter&) = delete; // interfaces are never copied or moved
    RateLimiter& operator=(const RateLimiter&) = delete;
    // Counts one hit; std::invalid_argument for an empty bucket or one of more than
    // 64 characters, a limit below 1 or a window shorter than a second.
    virtual RateDecision allow(const std::string& bucket, const std::string& key, int limit,
                               std::chrono::seconds window) = 0;
};

} // namespace molar::sdk

#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::nps {

// A feedback link as stored (nps_links): its token's digest, never the token.
struct FeedbackLink
{
    std::int64_t id = 0;
    std::int64_t requestId = 0;
    std::string tokenHash;
    std::int64_t createdAt = 0;
    std::int64_t usedAt = 0; // 0 while it still works

    bool used() const { return usedAt != 0; }
};

// SQL of nps_links.
class LinkStore
{
public:
    static std::int64_t add(sdk::SqlRunner& db, std::int64_t requestId, const std::string& tokenHash,
                            std::int64_t at);
    static std::optional<FeedbackLink> byDigest(sdk::SqlRunner& db, const std::string& tokenHash);
    // Uses the link up unless it already is; answers whether this call did, so that of two
    // posts of one link only one gets through.
    static bool use(sdk::Transaction& tx, std::int64_t id, std::int64_t at);
    // Uses up every link of the request: one answer per case, whichever message it came by.
    static void useAll(sdk::Transaction& tx, std::int64_t requestId, std::int64_t at);
};

} // namespace molar::nps

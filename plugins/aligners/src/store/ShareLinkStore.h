#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// A link that shows one plan without signing in. Only its token's SHA-256 is kept.
struct ShareLink
{
    std::int64_t id = 0;
    std::int64_t planId = 0;
    std::int64_t caseId = 0;
    std::int64_t createdBy = 0;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;
    std::int64_t revokedAt = 0;

    bool opensAt(std::int64_t now) const { return revokedAt == 0 && now < expiresAt; }
};

struct ShareLinkStore
{
    static std::int64_t insert(sdk::SqlRunner& db, const ShareLink& link, const std::string& tokenHash);
    static std::optional<ShareLink> byDigest(sdk::SqlRunner& db, const std::string& tokenHash);
    static std::optional<ShareLink> find(sdk::SqlRunner& db, std::int64_t id);
    // The links of a case's plans, newest first.
    static std::vector<ShareLink> ofCase(sdk::SqlRunner& db, std::int64_t caseId);
    // False when it was revoked already.
    static bool revoke(sdk::SqlRunner& db, std::int64_t id, std::int64_t by, std::int64_t at);
};

} // namespace molar::aligners

#pragma once

#include "claims/Claim.h"

#include "molar/sdk/Database.h"

#include <optional>
#include <set>
#include <vector>

namespace molar::warranty {

// SQL of warranty_claims and warranty_claim_photos.
class ClaimStore
{
public:
    static std::int64_t insert(sdk::Transaction& tx, const Claim& claim);
    static void addPhoto(sdk::Transaction& tx, const ClaimPhoto& photo);
    static std::optional<Claim> find(sdk::SqlRunner& db, std::int64_t id);
    static std::optional<Claim> byFormKey(sdk::SqlRunner& db, const std::string& formKey);
    // A warranty's claims, oldest first, with their photos.
    static std::vector<Claim> forWarranty(sdk::SqlRunner& db, std::int64_t warrantyId);
    static bool hasOpen(sdk::SqlRunner& db, std::int64_t warrantyId);
    // Which of these warranties have a claim open: one query for a page of them.
    static std::set<std::int64_t> openAmong(sdk::SqlRunner& db, const std::vector<std::int64_t>& warrantyIds);
    // Moves an open claim to `state` with the decision; answers whether this call did.
    static bool decide(sdk::Transaction& tx, std::int64_t id, const std::string& state, std::int64_t userId,
                       const std::string& userName, std::int64_t at, const std::string& reason);
    static void setRemake(sdk::Transaction& tx, std::int64_t id, std::int64_t caseId,
                          const std::string& number);
    static std::optional<ClaimPhoto> photo(sdk::SqlRunner& db, std::int64_t claimId, std::int64_t photoId);
};

} // namespace molar::warranty

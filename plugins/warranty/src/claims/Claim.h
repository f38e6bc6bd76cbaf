#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace molar::warranty {

// A claim's photo as stored (its metadata stripped before it was kept).
struct ClaimPhoto
{
    std::int64_t id = 0;
    std::int64_t claimId = 0;
    std::string storeKey;
    std::string originalName;
    std::string mediaType; // image/jpeg, image/png
    std::int64_t size = 0;
    std::int64_t uploadedAt = 0;
};

// One row of warranty_claims.
struct Claim
{
    std::int64_t id = 0;
    std::int64_t warrantyId = 0;
    std::int64_t caseId = 0;
    std::int64_t organizationId = 0;
    std::string reason; // a code of warranty.claim.reasons
    std::string description;
    std::string state = "open"; // open, approved, declined
    std::string formKey;
    std::int64_t filedBy = 0;
    std::string filedByName;
    std::int64_t filedAt = 0;
    std::int64_t decidedBy = 0;
    std::string decidedByName;
    std::int64_t decidedAt = 0;
    std::string decisionReason;
    std::int64_t remakeCaseId = 0;
    std::string remakeNumber;
    std::vector<ClaimPhoto> photos;
};

} // namespace molar::warranty

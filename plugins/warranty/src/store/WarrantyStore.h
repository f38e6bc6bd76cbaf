#pragma once

#include "store/Warranty.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace molar::warranty {

// SQL of warranty_cards.
class WarrantyStore
{
public:
    // Adds `warranty` unless its case has one; answers whether it was added (with its id).
    static bool insertOnce(sdk::Transaction& tx, Warranty& warranty);
    static std::optional<Warranty> find(sdk::SqlRunner& db, std::int64_t id);
    static std::optional<Warranty> forCase(sdk::SqlRunner& db, std::int64_t caseId);
    static std::optional<Warranty> forCaseNumber(sdk::SqlRunner& db, const std::string& caseNumber);
    // Newest first, ids below `beforeId` (0: from the newest): an organization's (every
    // organization's for 0), only one dentist's cases' when `ownerUserId` is not 0.
    static std::vector<Warranty> list(sdk::SqlRunner& db, std::int64_t organizationId,
                                      std::int64_t ownerUserId, std::int64_t beforeId, int limit);
    // Marks it void unless it is already; answers whether this call did.
    static bool markVoid(sdk::Transaction& tx, std::int64_t id, const std::string& reason,
                         std::int64_t userId, std::int64_t at);
};

} // namespace molar::warranty

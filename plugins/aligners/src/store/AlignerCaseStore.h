#pragma once

#include "plans/Plan.h"

#include "molar/sdk/Database.h"

#include <optional>

namespace molar::aligners {

// aligner_cases: the copy of each aligner-family case.
struct AlignerCaseStore
{
    // Adds the case, or does nothing when it is known (an event delivered twice).
    static void insertOnce(sdk::Transaction& tx, const AlignerCase& c);
    static std::optional<AlignerCase> find(sdk::SqlRunner& db, std::int64_t caseId);
    // The row read with a lock (FOR UPDATE on MySQL): decisions on one case queue behind it.
    static std::optional<AlignerCase> lock(sdk::Transaction& tx, std::int64_t caseId);
    // Follows the cases plugin's move; the first shipment's time is kept once.
    static void setStatus(sdk::Transaction& tx, std::int64_t caseId, const std::string& status,
                          std::int64_t at);
    static void setApproved(sdk::Transaction& tx, std::int64_t caseId, const std::string& planType,
                            std::int64_t at);
};

} // namespace molar::aligners

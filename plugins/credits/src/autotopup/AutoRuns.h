#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::credits {

// One auto top-up run (credits_auto_runs): the one off-session charge of a crossing.
struct AutoRun
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::int64_t crossing = 0;
    std::int64_t topupId = 0;
    std::string attemptId;
    std::string methodId; // the host's saved method id, as text
    std::string state;    // pending, charging, succeeded, failed
    std::string failureCode;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

// The table of runs. Every change to a run is made with its organization's account row
// locked (CreditLedger::lock), so the account's lock orders them.
class AutoRuns
{
public:
    // A new pending run; unique per (organization, crossing).
    static std::int64_t insert(sdk::SqlRunner& db, const AutoRun& run);
    static std::optional<AutoRun> find(sdk::SqlRunner& db, std::int64_t runId);
    // The run that opened this payment attempt, if any.
    static std::optional<AutoRun> byAttempt(sdk::SqlRunner& db, const std::string& attemptId);
    // Newest first.
    static std::vector<AutoRun> recent(sdk::SqlRunner& db, std::int64_t organizationId, int limit);
    // Writes topup, attempt, method, state, failure code and updated_at.
    static void update(sdk::SqlRunner& db, const AutoRun& run);
};

} // namespace molar::credits

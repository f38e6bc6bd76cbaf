#pragma once

#include <cstdint>
#include <string>

namespace molar::credits {

// One clinic organization's row of credits_accounts: the cached balance (always the sum of
// its ledger) and every setting that is read under the same row lock.
struct CreditAccount
{
    std::int64_t organizationId = 0;
    std::string currency;
    std::int64_t balanceMinor = 0;
    std::int64_t thresholdMinor = 0;
    // True while the balance is at or above the threshold and no case is held: the next
    // fall is a crossing (one low-balance notice, at most one auto top-up).
    bool armed = true;
    std::int64_t crossings = 0;
    bool autoEnabled = false;
    std::string autoPack;
    std::string autoMethodId;
    int autoFailures = 0;
    int discountBasisPoints = 0;
    std::int64_t updatedBy = 0;
    std::int64_t updatedAt = 0; // epoch milliseconds, UTC
};

} // namespace molar::credits

#pragma once

#include <cstdint>
#include <string>

namespace molar::credits {

// A case waiting for credit (credits_holds): received while the balance could not pay it.
struct HeldCase
{
    std::int64_t caseId = 0;
    std::int64_t organizationId = 0;
    std::int64_t invoiceId = 0;
    std::string caseNumber;
    std::int64_t ownerUserId = 0;
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string state; // held, resumed, canceled
    std::int64_t heldAt = 0;
    std::int64_t resumedAt = 0;
    std::int64_t entryId = 0; // the debit made when it resumed
};

} // namespace molar::credits

#pragma once

#include <cstdint>
#include <string>

namespace molar::credits {

// A pack bought (credits_topups): by the clinic on its Credits page, or by an auto top-up run.
struct TopUp
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::string packCode;
    std::string packName;
    std::int64_t creditsMinor = 0;
    std::int64_t priceMinor = 0;
    std::string currency;
    std::string provider;
    std::string attemptId;
    std::string state; // pending, credited, failed, canceled
    std::int64_t receivedMinor = 0;
    std::string origin;       // clinic, auto
    std::int64_t entryId = 0; // the ledger's topup entry once credited
    std::int64_t createdBy = 0;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

} // namespace molar::credits

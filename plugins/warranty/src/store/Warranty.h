#pragma once

#include <cstdint>
#include <string>

namespace molar::warranty {

// One row of warranty_cards.
struct Warranty
{
    std::int64_t id = 0;
    std::string number; // "W-TR-260512-1A4F"
    std::int64_t caseId = 0;
    std::string caseNumber; // "TR-260512-1A4F"
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    std::string clinicName;
    std::int64_t ownerUserId = 0; // the clinic user responsible for the case
    std::string product;          // the catalog item's code
    std::string restoration;      // its name at issue: "Zirconia crown"
    std::string teeth;            // FDI: "11, 21"; empty for work on an arch
    int termMonths = 0;
    std::string issuedOn;  // YYYY-MM-DD, the lab's day of delivery
    std::string expiresOn; // YYYY-MM-DD, issuedOn + termMonths
    std::int64_t issuedAt = 0;
    std::string checkCode;
    bool voided = false;
    std::string voidReason;
    std::int64_t voidedBy = 0;
    std::int64_t voidedAt = 0;

    std::string path() const { return "/warranties/" + std::to_string(id); }
};

} // namespace molar::warranty

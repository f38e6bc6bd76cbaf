#pragma once

#include <cstdint>
#include <string>

namespace molar::billing {

// A price for one case outside the price list. The lab opens it when the case enters
// invoicing, prices and sends it; the clinic accepts or declines it; a case that
// leaves invoicing another way withdraws it.
//   awaiting_price -> sent -> accepted | declined
//   awaiting_price | sent -> withdrawn
struct Quote
{
    std::int64_t id = 0;
    std::int64_t caseId = 0;
    std::string caseNumber;
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    std::int64_t ownerUserId = 0; // the dentist holding the case when the quote opened
    std::string product;
    std::string productName;
    std::string state;
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string note; // the lab's words to the clinic
    std::int64_t openedAt = 0;
    std::int64_t sentBy = 0, sentAt = 0;
    std::int64_t answeredBy = 0, answeredAt = 0;
    std::string declineReason;
    std::int64_t withdrawnBy = 0, withdrawnAt = 0;

    bool isOpen() const { return state == "awaiting_price" || state == "sent"; }
    std::string path() const { return "/billing/quotes/" + std::to_string(id); }
};

} // namespace molar::billing

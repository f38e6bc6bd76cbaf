#pragma once

#include <cstdint>
#include <string>

namespace molar::paybank {

// A transfer reference the plugin gave out: what the payer was asked to pay.
struct KnownReference
{
    std::int64_t id = 0;
    std::string reference;        // MB-XXXX-XXXX
    std::string attemptId;        // the host's payment attempt
    std::string purposeReference; // what it pays: the invoice number
    std::int64_t amountMinor = 0;
    std::string currency;
    std::int64_t organizationId = 0;
    std::string purposeKind; // "invoice", "topup"
    std::string purposeId;
    std::string description;
    std::int64_t createdAtMillis = 0;
};

} // namespace molar::paybank

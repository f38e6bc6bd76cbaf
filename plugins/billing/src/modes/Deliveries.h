#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// A delivered case as billing sees it: when, and under which billing mode.
struct Delivery
{
    std::int64_t caseId = 0;
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    std::string caseNumber;       // "TR-260512-1A4F"
    std::string product;          // the catalog item's code
    std::string productName;      // its name when delivered, for a quoted case's line
    std::int64_t deliveredAt = 0; // epoch milliseconds, UTC
    std::string mode;             // the organization's mode at delivery
    std::int64_t invoiceId = 0;   // 0 until billed
};

// billing_deliveries. A case delivered again after a remake keeps its first delivery:
// it is billed once. A delivery is claimed for an invoice with claim(), which only one
// transaction can win, so a job run twice or on two hosts bills it once.
class Deliveries
{
public:
    // Records the first delivery of a case, in the transaction that delivered it.
    static void record(sdk::Transaction& tx, const Delivery& delivery);
    static std::optional<Delivery> find(sdk::SqlRunner& db, std::int64_t caseId);
    // Unbilled deliveries in `mode` during [from, to), by organization then time.
    static std::vector<Delivery> unbilled(sdk::SqlRunner& db, const std::string& mode, std::int64_t from,
                                          std::int64_t to);
    // Takes the case for an invoice about to be made, if nothing billed or took it yet.
    // Claim before making the invoice: on MySQL the row stays locked to the end of the
    // transaction, so a second claimant waits here, before it takes an invoice number,
    // and then sees the case taken; SQLite runs one writer at a time.
    static bool claim(sdk::Transaction& tx, std::int64_t caseId);
    // Names the invoice made for the cases this transaction claimed.
    static void attach(sdk::Transaction& tx, const std::vector<std::int64_t>& caseIds,
                       std::int64_t invoiceId);
};

} // namespace molar::billing

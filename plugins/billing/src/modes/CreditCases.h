#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::billing {

// A case of an organization in the credits billing mode: a row of billing_credit_cases.
// due -> settled (paid from credits) or voided (cancelled first); unpriced -> due (its
// quote accepted) or voided. Times are epoch milliseconds, UTC.
struct CreditCase
{
    std::int64_t caseId = 0;
    std::int64_t organizationId = 0;
    std::string caseNumber;
    std::int64_t invoiceId = 0; // the draft; 0 while unpriced
    std::string state;
    std::string entryId; // the credits ledger entry that paid it; "" until settled
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

// billing_credit_cases: reads and writes, no rules (CreditsInvoicing decides). A row is
// made once per case in the transaction that submitted it, and moved by conditional
// updates that only one transaction can win.
class CreditCases
{
public:
    // Inserts the row unless the case has one; answers whether it did. The case's row
    // is locked by the transaction submitting it, so no two inserts race.
    static bool open(sdk::Transaction& tx, const CreditCase& row);
    static std::optional<CreditCase> find(sdk::SqlRunner& db, std::int64_t caseId);
    static std::optional<CreditCase> byInvoice(sdk::SqlRunner& db, std::int64_t invoiceId);
    // Moves the row from `from` to `to` if it is still in `from`, with its invoice and
    // entry; true for the one transaction that did.
    static bool move(sdk::Transaction& tx, std::int64_t caseId, const std::string& from,
                     const std::string& to, std::int64_t invoiceId, const std::string& entryId,
                     std::int64_t now);
    // Whether credits bill the case: a row with a draft (due, settled or voided). A
    // delivery of such a case is never invoiced again; an unpriced one is not taken.
    static bool took(sdk::SqlRunner& db, std::int64_t caseId);
};

} // namespace molar::billing

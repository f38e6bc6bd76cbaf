#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Money.h"

#include <cstdint>
#include <string>

namespace molar::billing {

// billing_case_charges: one row per charge key (case.charged), taken before its invoice
// is made, so a key is invoiced once however often, or however many at once, it comes.
class CaseCharges
{
public:
    // Takes the key for the charge about to be invoiced; false when it was taken already
    // (a replay, or a publisher that committed it first). On MySQL a publisher of the same
    // key at once waits on the key's unique index until the first one's transaction ends,
    // then finds it taken (its duplicate-key error), or takes it if the first rolled back.
    static bool claim(sdk::Transaction& tx, const std::string& key, std::int64_t caseId,
                      const sdk::Money& amount, std::int64_t at);
    // Names the invoice made for the key this transaction took.
    static void attach(sdk::Transaction& tx, const std::string& key, std::int64_t invoiceId);
    // The invoice charged for the key; 0 when none.
    static std::int64_t invoiceOf(sdk::SqlRunner& db, const std::string& key);
};

} // namespace molar::billing

#pragma once

#include "charges/CaseChargeRules.h"

#include "molar/sdk/Database.h"

#include <optional>

namespace molar::billing {

// billing_case_prices: the price agreed for each case outside the price list
// (case.priced), which the case's invoice charges unless a quote was accepted.
class AgreedPrices
{
public:
    struct Row
    {
        sdk::Money price;
        std::string label;
        std::string source;
        std::int64_t setAt = 0; // epoch milliseconds, UTC
    };

    // Records the case's price, replacing one agreed before.
    static void record(sdk::Transaction& tx, const PricedCase& priced, std::int64_t at);
    static std::optional<Row> find(sdk::SqlRunner& db, std::int64_t caseId);
};

} // namespace molar::billing

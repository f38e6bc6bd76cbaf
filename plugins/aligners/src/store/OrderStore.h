#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// A later order as aligner_orders keeps it (its case is in aligner_cases too).
struct Order
{
    std::int64_t caseId = 0; // the order's own case
    std::int64_t parentCaseId = 0;
    std::string kind;
    std::int64_t orderedBy = 0;
    std::string orderedByName;
    std::int64_t orderedAt = 0;
    std::string note;
    std::string arches;
    std::string retainerType;
    std::string retainerRange;
    std::string upperSteps; // "5,6,7"
    std::string lowerSteps;
    std::string engagerTemplates; // "U5,L3"
    std::string engagersLeftOut;
    std::int64_t groupCaseId = 0; // phases sent together: the first phase's case; 0 otherwise
    bool included = false;
    std::int64_t chargeMinor = 0;
    std::string currency;
};

// A scan that came with an order.
struct OrderFile
{
    std::int64_t id = 0;
    std::int64_t orderCaseId = 0;
    std::string slot; // upper_scan, lower_scan, bite_scan
    std::string name;
    std::string storeKey;
    std::int64_t sizeBytes = 0;
};

struct OrderStore
{
    static void insert(sdk::Transaction& tx, const Order& order, const std::vector<OrderFile>& files);
    static std::optional<Order> find(sdk::SqlRunner& db, std::int64_t caseId);
    // The orders placed on these cases, newest first.
    static std::vector<Order> ofCases(sdk::SqlRunner& db, const std::vector<std::int64_t>& caseIds);
    static std::vector<OrderFile> files(sdk::SqlRunner& db, std::int64_t orderCaseId);
    static std::optional<OrderFile> file(sdk::SqlRunner& db, std::int64_t fileId);
    // The cases of the phases sent together with this one (itself included); empty when
    // it is no such phase.
    static std::vector<std::int64_t> group(sdk::SqlRunner& db, std::int64_t caseId);
};

} // namespace molar::aligners

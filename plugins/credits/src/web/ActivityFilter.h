#pragma once

#include "ledger/CreditLedger.h"

#include <map>
#include <string>
#include <vector>

namespace molar::credits {

// The activity's filters as a viewer typed them (?kind=&from=&to=&before=), read into the
// ledger's filter: days in the viewer's time zone, `to` included. A value that is not one
// leaves an error for its field (catalog key) and filters nothing by it.
struct ActivityFilter
{
    std::string kind;
    std::string from; // "YYYY-MM-DD"
    std::string to;
    std::string before;
    std::map<std::string, std::string> errors; // field -> catalog key

    CreditLedger::Filter ledger;

    static const std::vector<std::string>& kinds();
    static ActivityFilter read(const std::string& kind, const std::string& from, const std::string& to,
                               const std::string& before, const std::string& timeZone);
    // "kind=debit&from=2026-05-01" (without `before`), for the next page's and the CSV's links.
    std::string query() const;
};

} // namespace molar::credits

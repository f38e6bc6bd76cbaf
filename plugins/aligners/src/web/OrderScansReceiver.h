#pragma once

#include "store/OrderStore.h"

#include "molar/sdk/Plugin.h"

#include <istream>
#include <map>
#include <string>
#include <vector>

namespace molar::aligners {

// Takes an order's scans as they stream in (fields upperScan, lowerScan, biteScan): each
// an STL known by its bytes, at most 100 MB, written to the plugin's file store. Scans
// not committed to an order are removed: call discard() when the order is not placed.
class OrderScansReceiver
{
public:
    OrderScansReceiver(sdk::Host& host, std::int64_t caseId) : _host(host), _caseId(caseId) {}

    // Throws PlanRefusal naming the problem.
    void receive(const std::string& field, const std::string& fileName, std::istream& in);
    const std::vector<OrderFile>& files() const { return _files; }
    // Files given per slot (upper_scan, lower_scan, bite_scan), for the form's rules.
    std::map<std::string, int> counts() const;
    void discard();

private:
    sdk::Host& _host;
    std::int64_t _caseId;
    std::vector<OrderFile> _files;
};

} // namespace molar::aligners

#pragma once

#include "http/TrustedProxies.h"

#include "molar/sdk/Http.h"

#include <string>
#include <vector>

namespace molar::host {

// Who may read /metrics (metrics.allowFrom, metrics.token): a client whose address
// (Request::clientAddress, which honours the trusted proxies) is in the listed
// addresses and ranges, or any client sending `Authorization: Bearer <token>`.
class MetricsAccess
{
public:
    // Loopback only.
    MetricsAccess();
    // Throws std::invalid_argument naming an entry that is neither an address nor a range.
    MetricsAccess(const std::vector<std::string>& allowFrom, std::string token);

    bool allows(const sdk::Request& request) const;
    bool hasToken() const { return !_token.empty(); }

private:
    TrustedProxies _addresses; // the same address and CIDR matching as http.trustedProxies
    std::string _token;
};

} // namespace molar::host

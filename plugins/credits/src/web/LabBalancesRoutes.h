#pragma once

#include "CreditsServices.h"

#include "molar/sdk/Plugin.h"

namespace molar::credits {

// /lab/credits: every organization with a credits account (balance, threshold, auto top-up,
// cases held) and every held case, oldest first, across organizations.
class LabBalancesRoutes
{
public:
    static constexpr const char* path = "/lab/credits";

    explicit LabBalancesRoutes(CreditsServices& services) : _services(services) {}
    void index(sdk::Request& request, sdk::Response& response);

private:
    CreditsServices& _services;
};

} // namespace molar::credits

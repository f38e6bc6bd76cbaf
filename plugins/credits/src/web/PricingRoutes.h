#pragma once

#include "CreditsServices.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::credits {

// GET /pricing, for anyone: the credit packs (credits, price, the saving, the most popular
// one), what the lab sells at its default prices, and the shipping note. A signed-in
// member of a clinic organization with a custom discount sees their own prices.
class PricingRoutes : public std::enable_shared_from_this<PricingRoutes>
{
public:
    static constexpr const char* path = "/pricing";

    explicit PricingRoutes(CreditsServices& services) : _services(services) {}

    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);

    CreditsServices& _services;
};

} // namespace molar::credits

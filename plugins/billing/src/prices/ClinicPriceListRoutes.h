#pragma once

#include "prices/PricePages.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// The clinic's price list, /billing/price-list: the prices in force for the
// caller's organization and the version the lab proposes, which the organization's
// owner accepts; other members read it. Only the caller's organization, ever.
class ClinicPriceListRoutes
{
public:
    static constexpr const char* path = "/billing/price-list";

    explicit ClinicPriceListRoutes(PricePages& pages) : _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);
    void accept(sdk::Request& request, sdk::Response& response);
    void render(sdk::Request& request, sdk::Response& response, int status, const std::string& notice,
                const std::string& problem);

    PricePages& _pages;
};

} // namespace molar::billing

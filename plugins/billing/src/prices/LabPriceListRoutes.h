#pragma once

#include "prices/PriceForm.h"
#include "prices/PricePages.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// The lab's price lists, /lab/billing/price-lists: every clinic organization with
// the state of its list, and per organization a form of the catalog's items where a
// blank price is the default. Admins and billing clerks save (each save a new
// version the owner accepts); leads read.
class LabPriceListRoutes
{
public:
    static constexpr const char* path = "/lab/billing/price-lists";

    explicit LabPriceListRoutes(PricePages& pages) : _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);

private:
    void index(sdk::Request& request, sdk::Response& response);
    void show(sdk::Request& request, sdk::Response& response);
    void save(sdk::Request& request, sdk::Response& response);
    // The form, with what was typed and the errors beside the fields when `form` is given.
    void render(sdk::Request& request, sdk::Response& response, int status,
                const sdk::OrganizationInfo& organization, const PriceForm* form, const std::string& notice,
                const std::string& problem);
    sdk::OrganizationInfo organizationOf(const sdk::Request& request);

    PricePages& _pages;
};

} // namespace molar::billing

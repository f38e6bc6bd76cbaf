#pragma once

#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// "My Cases": counts by status that filter the list, search by case number,
// patient reference or product, filters by status, product and date ranges, and
// keyset pagination (newest change first) that stays fast at a million cases. The
// route loads the rows; CaseListPresenter reads the parameters and builds the page.
class CaseListRoutes
{
public:
    CaseListRoutes(sdk::Host& host, PageSupport& pages) : _host(host), _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);

private:
    void list(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PageSupport& _pages;
};

} // namespace molar::cases

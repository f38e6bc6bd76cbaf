#pragma once

#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The lab's board: submitted cases by status with counts, overdue ones marked,
// filtered to one status or to every open case, newest change first.
class LabBoardRoutes
{
public:
    LabBoardRoutes(sdk::Host& host, PageSupport& pages) : _host(host), _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);

private:
    void board(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PageSupport& _pages;
};

} // namespace molar::cases

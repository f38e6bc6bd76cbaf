#pragma once

#include "insights/InsightsService.h"

#include "molar/sdk/Plugin.h"

#include <memory>
#include <vector>

namespace molar::aligners {

// GET /aligners/insights?period=30|90|365: a clinic organization's practice insights
// (the whole organization, then each practice) for its members; another period falls
// back to 30 days. The lab has no practice and gets the 404 of an unknown page.
class InsightsRoutes : public std::enable_shared_from_this<InsightsRoutes>
{
public:
    static constexpr const char* path = "/aligners/insights";

    InsightsRoutes(sdk::Host& host, InsightsService& service) : _host(host), _service(service) {}

    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    InsightsService& _service;
};

// The clinic dashboard's panel: the last 30 days' submissions and approvals, and a link
// to the page; none for the lab, or for an organization without aligner cases.
std::vector<sdk::Panel> insightsPanel(sdk::Host& host, InsightsService& service, sdk::Request& request);

} // namespace molar::aligners

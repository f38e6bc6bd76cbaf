#pragma once

#include "plans/PlanService.h"
#include "web/PlanPages.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::aligners {

// What a share link opens without signing in: /plans/shared/<token>, one plan read-only
// (its steps, notes, files and 3D preview, its options) with the case's number as the
// only reference, and that plan's files. A token unknown, expired or revoked answers one
// and the same "not available" page; tries are limited per client address.
class SharedRoutes : public std::enable_shared_from_this<SharedRoutes>
{
public:
    static constexpr int kTriesPerMinute = 60;

    SharedRoutes(sdk::Host& host, PlanService& service, PlanPages& pages)
        : _host(host), _service(service), _pages(pages)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);
    void file(sdk::Request& request, sdk::Response& response);
    // The plan the request's token opens; the "not available" answer otherwise.
    std::optional<PlanService::Shared> opened(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PlanService& _service;
    PlanPages& _pages;
};

} // namespace molar::aligners

#pragma once

#include "web/PageSupport.h"
#include "web/RateLimiter.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The public tracker, /track/<case number>: the clinic-facing stage and the ETA,
// nothing personal. An unknown number gets the same page shape (and status) as a
// withheld one, and each address is rate limited.
class TrackerRoutes
{
public:
    TrackerRoutes(sdk::Host& host, PageSupport& pages, int perMinute)
        : _host(host), _pages(pages), _limiter(perMinute)
    {
    }
    void registerRoutes(sdk::Routes& routes);

private:
    void track(sdk::Request& request, sdk::Response& response);
    void lookup(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PageSupport& _pages;
    RateLimiter _limiter;
};

} // namespace molar::cases

#pragma once

#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The public tracker, /track/<case number>: the clinic-facing stage and the ETA,
// nothing personal. An unknown number gets the same page shape (and status) as a
// withheld one, and each client address is rate limited through the host's
// database-backed limiter, so every host of the deployment shares the count. A
// delivered case shows for `visibleDays` after its delivery (0: always), then its
// number answers like an unknown one.
class TrackerRoutes
{
public:
    TrackerRoutes(sdk::Host& host, PageSupport& pages, int perMinute, int visibleDays)
        : _host(host), _pages(pages), _perMinute(perMinute), _visibleDays(visibleDays)
    {
    }
    void registerRoutes(sdk::Routes& routes);

private:
    void track(sdk::Request& request, sdk::Response& response);
    void lookup(sdk::Request& request, sdk::Response& response);
    // The stage's words for anyone holding the number: a stage that says more than a
    // stranger should read (a clinic short of credit) has neutral words of its own,
    // cases.tracker.stage.<stage>.
    std::string publicStageLabel(const sdk::Request& request, const std::string& stage) const;
    // Whether a submitted case may still be shown: not delivered longer ago than allowed.
    bool stillShown(const CaseRecord& record) const;

    sdk::Host& _host;
    PageSupport& _pages;
    int _perMinute;
    int _visibleDays;
};

} // namespace molar::cases

#pragma once

#include "expiry/ExpiryService.h"
#include "plans/PlanService.h"
#include "web/PlanPages.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::aligners {

// POST /aligners/cases/<caseId>/upgrade (form field planType, and `from`, the type the
// form was shown for): the clinic's decider upgrades the case's plan type; back to the
// plan page. A refused type is shown beside the field (400); another organization's case
// answers the same 404 as an unknown one.
class UpgradeRoutes : public std::enable_shared_from_this<UpgradeRoutes>
{
public:
    UpgradeRoutes(sdk::Host& host, PlanService& plans, ExpiryService& expiry, PlanPages& pages)
        : _host(host), _plans(plans), _expiry(expiry), _pages(pages)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void upgrade(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PlanService& _plans;
    ExpiryService& _expiry;
    PlanPages& _pages;
};

} // namespace molar::aligners

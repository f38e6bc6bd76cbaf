#pragma once

#include "expiry/ExpiryService.h"
#include "insights/InsightsService.h"
#include "plans/PlanService.h"
#include "web/PlanPages.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::aligners {

// Registers the plugin's routes and the case page's panel; keeps what the routes use.
class AlignersWeb
{
public:
    AlignersWeb(sdk::Host& host, PlanService& service, ExpiryService& expiry, InsightsService& insights);

private:
    PlanPages _pages;
};

} // namespace molar::aligners

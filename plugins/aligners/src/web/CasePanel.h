#pragma once

#include "plans/PlanService.h"

#include "molar/sdk/Plugin.h"
#include "molar/sdk/Views.h"

#include <vector>

namespace molar::aligners {

// The box on an aligner case's page (place "case.page", the case's id in the route's
// "id"): where the plan stands for the viewer, and the link to the plan page.
std::vector<sdk::Panel> casePanel(sdk::Host& host, PlanService& service, sdk::Request& request);

} // namespace molar::aligners

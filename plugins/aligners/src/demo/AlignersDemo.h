#pragma once

#include "plans/OrderService.h"
#include "plans/PlanService.h"

#include "molar/sdk/Plugin.h"

namespace molar::aligners {

// The demo's aligner work (molard --demo-data), on the aligner cases the cases plugin's
// demo left in planning, for each demo clinic organization: a plan waiting for the
// dentist's decision; a plan whose first version came back with changes and whose second
// waits; a TWO plan accepted and shipped 20 months ago (its expiry under 6 months: bold)
// with replacement aligners for steps 5-7 of the upper arch; a ONE plan shipped 10 months
// ago (under 3 months: red) with a removable retainer. Seeded once.
void seedAlignersDemo(sdk::Host& host, PlanService& plans, OrderService& orders);

} // namespace molar::aligners

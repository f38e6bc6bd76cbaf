#pragma once

#include "plans/Plan.h"

#include "molar/sdk/Plugin.h"

namespace molar::aligners {

// What the plugin tells others, in the transaction that made it so: `plan.<what>` for
// the notification rules (the case, its people, the plan's page; never a share token),
// and the case's timeline entry through `case.activity`.
void publishPlanEvent(sdk::Host& host, sdk::Transaction& tx, const std::string& eventName,
                      const AlignerCase& c, const Plan& plan, const sdk::Actor& actor);

// The case's price for billing, when the clinic accepted an option (`case.priced`: the
// billing plugin invoices the case at it instead of the price list's).
void publishCasePriced(sdk::Host& host, sdk::Transaction& tx, const AlignerCase& c, const Plan& plan);

} // namespace molar::aligners

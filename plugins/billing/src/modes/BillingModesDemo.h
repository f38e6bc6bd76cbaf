#pragma once

#include "modes/BillingAccounts.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// The demo's billing modes: Smile Studio pays its cases from prepaid credits (the credits
// plugin gives it an opening balance), set by the lab's admin as the accounts page does.
// Skipped once the lab has set its mode.
void seedBillingModesDemo(sdk::Host& host, const BillingAccounts& accounts);

} // namespace molar::billing

#pragma once

#include "prices/PriceLists.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// The demo's price lists: Pearl Dental Group has prices of its own, saved by the
// lab's admin and accepted by its owner. Skipped when the organization has a list.
void seedPriceListDemo(sdk::Host& host, PriceLists& lists);

} // namespace molar::billing

#pragma once

#include "CreditsServices.h"

namespace molar::credits {

// The clinic's pages (/credits, its activity and CSV, buying a pack, auto top-up, the card),
// the public /pricing, the dashboard panel and the menu links. From start().
void registerClinicPages(CreditsServices& services);

} // namespace molar::credits

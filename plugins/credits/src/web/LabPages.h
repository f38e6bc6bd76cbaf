#pragma once

#include "CreditsServices.h"

namespace molar::credits {

// The lab's pages: every balance and held case (/lab/credits), one organization's ledger
// with adjustments, its discount and debits given back (/lab/credits/<organization>).
void registerLabPages(CreditsServices& services);

} // namespace molar::credits

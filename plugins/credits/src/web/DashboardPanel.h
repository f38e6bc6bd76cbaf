#pragma once

#include "CreditsServices.h"

#include "molar/sdk/Views.h"

#include <vector>

namespace molar::credits {

// The clinic dashboard's box (place "clinic.dashboard"): "Credit balance: QAR 12,345.00"
// and a link to the Credits page, for members of a clinic organization; none for others.
std::vector<sdk::Panel> creditsPanel(CreditsServices& services, sdk::Request& request);

} // namespace molar::credits

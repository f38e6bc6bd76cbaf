#pragma once

#include "service/WarrantyService.h"

#include "molar/sdk/Views.h"

#include <vector>

namespace molar::warranty {

// The box on a delivered case's page (place "case.page", the case's id in the route's
// "id"): the warranty's state and expiry, and a link to its card. Nothing for a case
// without a warranty or one the viewer may not read.
std::vector<sdk::Panel> casePanel(sdk::Host& host, WarrantyService& service, sdk::Request& request);

} // namespace molar::warranty

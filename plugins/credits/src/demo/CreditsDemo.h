#pragma once

#include "CreditsServices.h"

namespace molar::credits {

// The demo's credits (molard --demo-data): idempotent, through the same services as users.
void seedCreditsDemo(CreditsServices& services);

} // namespace molar::credits

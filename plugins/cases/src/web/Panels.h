#pragma once

#include "molar/sdk/Views.h"

#include <string>

namespace molar::cases {

// Other plugins' boxes for `place` (SDK 1.8), as a page's data: each with an id for its
// heading ("<idPrefix>-<n>"), its words already in the viewer's language, and a link that
// always has visible text.
sdk::Value panelsData(sdk::Views& views, const std::string& place, sdk::Request& request,
                      const std::string& idPrefix);

} // namespace molar::cases

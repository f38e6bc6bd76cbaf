#pragma once

#include <string>

namespace molar::aligners {

// A binary STL of an arch of fourteen block teeth, for the demo's plans: the teeth
// straighten from `step` 0 to `steps`, so the 3D preview shows the steps apart. The
// lower arch is a little narrower than the upper.
std::string demoArchStl(bool upper, int step, int steps);

} // namespace molar::aligners

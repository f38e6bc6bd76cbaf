#pragma once

#include <molar/pdf/VisualText.h>

namespace molar::billing {

// The text ordering and shaping are the plugins' PDF library's (plugins/common/pdf); billing's
// code and tests keep calling them by these names.
using pdf::hasRightToLeft;
using pdf::visualOrder;

} // namespace molar::billing

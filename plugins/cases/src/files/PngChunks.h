#pragma once

#include <molar/photos/PngChunks.h>

namespace molar::cases {

// A PNG's chunks are read by the plugins' photo library (plugins/common/photos); the
// plugin's tests keep calling pngChunkTypes by this name.
using photos::pngChunkTypes;

} // namespace molar::cases

#pragma once

#include "molar/photos/Export.h"

#include <functional>
#include <string>
#include <vector>

namespace molar::photos {

// Rewrites the PNG at `path` keeping the image and how to show it: the critical
// chunks, transparency, colour, resolution and animation. Text (tEXt, zTXt, iTXt,
// where XMP lives), eXIf, tIME, anything after IEND and every chunk not known to be
// image data go. `exif` gets an eXIf chunk's payload and answers what to put in its
// place ("" for nothing). Throws std::runtime_error when the file is not a
// well-formed PNG or cannot be rewritten; then the file is left as it was.
MOLAR_PHOTOS_API void stripPngChunks(const std::string& path,
                                     const std::function<std::string(const std::string&)>& exif);

// The chunk types of the PNG at `path`, in order. Throws std::runtime_error when
// it is not a well-formed PNG.
MOLAR_PHOTOS_API std::vector<std::string> pngChunkTypes(const std::string& path);

} // namespace molar::photos

#pragma once

#include <string>

namespace molar::cases {

// Rewrites the JPEG at `path` without the header segments that carry text but no
// pixels, whatever exiv2 left of them: every comment, every Photoshop APP13 (where
// IPTC lives) and every APP1 but the first EXIF one (XMP and its extensions). exiv2
// 0.27 clears the IPTC of one APP13 only, so a photo with two kept the other's.
// The segments from the first scan on are copied as they are. Throws
// std::runtime_error when the file cannot be read or rewritten; then it is left as it was.
void dropJpegTextSegments(const std::string& path);

} // namespace molar::cases

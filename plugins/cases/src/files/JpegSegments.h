#pragma once

#include <string>

namespace molar::cases {

// Rewrites the JPEG at `path` keeping, of the segments that are not the image's own
// tables and scans, only those a decoder needs: JFIF's APP0, the first EXIF APP1 (after
// exiv2 has written it), the ICC colour profile's APP2 and Adobe's APP14. Every comment
// and every other application segment goes, before the first scan and between a
// progressive image's scans: XMP, Photoshop's APP13 (exiv2 0.27 clears the IPTC of one
// only), a JFXX thumbnail, a phone's MPF index, a camera maker's notes. The scans' data
// is copied as it is; what follows the image's end is left to the caller. Throws
// std::runtime_error when the file cannot be read or rewritten; then it is left as it was.
void dropJpegTextSegments(const std::string& path);

} // namespace molar::cases

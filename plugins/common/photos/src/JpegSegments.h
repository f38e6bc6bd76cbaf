#pragma once

#include <string>

namespace molar::photos {

// Rewrites the JPEG at `path` with the image's own segments (tables, frame, scans) and,
// of the others, only what a decoder needs: JFIF's APP0 without its thumbnail, the ICC
// colour profile's APP2 and Adobe's APP14. Every EXIF segment is replaced by one holding
// `exifTiff` (a TIFF structure; none when it is empty). Every comment and every other
// application segment goes, before the first scan and between a progressive image's
// scans: XMP, Photoshop's APP13 (IPTC), a JFXX thumbnail, a phone's MPF index, a camera
// maker's notes. Bytes between segments are dropped, as decoders skip them (0xFF00
// included). The scans' data is copied as it is; what follows the image's end is left to
// the caller. Throws std::runtime_error when the file cannot be read or rewritten, or
// holds a segment without a length or running past its end; then it is left as it was.
void keepJpegImageSegments(const std::string& path, const std::string& exifTiff);

} // namespace molar::photos

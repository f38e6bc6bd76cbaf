#pragma once

#include "molar/photos/Export.h"

#include <cstddef>
#include <string>

namespace molar::photos {

// Removes EXIF, XMP and IPTC metadata from the JPEG at `path`, in place, keeping
// only the orientation so the photo still shows upright, and drops what follows the
// image's end; from a PNG, every text chunk (XMP included) and the eXIf chunk but for
// the orientation. For a photo checkPhoto has accepted. Safe on several threads. Throws std::runtime_error
// when the file cannot be rewritten (a PNG is then left as it was).
MOLAR_PHOTOS_API void stripPhotoMetadata(const std::string& path);

// Metadata left in an image: how many EXIF, XMP and IPTC entries it holds.
struct MetadataCount
{
    std::size_t exif = 0;
    std::size_t xmp = 0;
    std::size_t iptc = 0;
};

// What exiv2 finds in the image at `path`. Safe on several threads. Throws
// std::runtime_error when exiv2 cannot read it.
MOLAR_PHOTOS_API MetadataCount countPhotoMetadata(const std::string& path);

} // namespace molar::photos

#pragma once

#include "molar/photos/Export.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace molar::photos {

// How many of a file's first bytes photoFormat needs to tell JPEG and PNG apart.
inline constexpr std::size_t photoSignatureBytes = 8;

// "jpeg" or "png" when `firstBytes` start with that format's signature (FF D8 FF for a
// JPEG, the eight bytes of PNG's), "" for anything else. The signature only: whether
// the rest is a photo is checkPhoto's business.
MOLAR_PHOTOS_API std::string photoFormat(std::string_view firstBytes);

// photoFormat of the first bytes of the file at `path`; "" when it cannot be read.
MOLAR_PHOTOS_API std::string photoFormatOfFile(const std::string& path);

} // namespace molar::photos

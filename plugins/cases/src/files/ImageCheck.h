#pragma once

#include "files/FileInspector.h"

#include <cstdint>
#include <string>

namespace molar::cases {

// Decodes the whole JPEG or PNG at `path` (`format` "jpeg" or "png"), so that a file
// that only starts like an image, is cut short or is damaged inside is refused with
// fileError::badImage, and one of more than limits.maxImagePixels with
// fileError::imageTooLarge. Answers an empty FileType when the image decodes.
// Throws std::runtime_error when the file cannot be opened.
FileType checkImage(const std::string& path, const std::string& format, const InspectionLimits& limits);

// Where the JPEG at `path` ends: the bytes up to and including its EOI marker, as
// libjpeg reads them. Throws std::runtime_error when it does not decode.
std::uint64_t jpegLength(const std::string& path);

} // namespace molar::cases

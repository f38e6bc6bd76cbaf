#pragma once

#include "molar/photos/Export.h"

#include <cstdint>
#include <string>

namespace molar::photos {

struct PhotoLimits
{
    // Bounds the work and memory of decoding a photo: 64 MP is 8000 x 8000.
    std::uint64_t maxPixels = 64ULL * 1000 * 1000;
};

// Why checkPhoto refuses a photo; each plugin words it for its users.
enum class PhotoProblem
{
    none,
    doesNotDecode, // only starts like a photo, is cut short or is damaged inside
    tooManyPixels, // more than PhotoLimits::maxPixels
};

struct PhotoCheck
{
    PhotoProblem problem = PhotoProblem::none;
    // When refused, the specifics in English for the log and the message: "the png image
    // does not decode: ...", "the image has N pixels; at most M are allowed".
    std::string detail;

    bool refused() const { return problem != PhotoProblem::none; }
};

// Decodes the whole JPEG or PNG at `path` (`format` "jpeg" or "png", as photoFormat
// answers), so that a file that only starts like a photo, is cut short or is damaged
// inside is refused (doesNotDecode), and one of more than limits.maxPixels too
// (tooManyPixels). Answers no problem when the photo decodes. Throws
// std::invalid_argument for another format, std::runtime_error when the file cannot
// be opened.
MOLAR_PHOTOS_API PhotoCheck checkPhoto(const std::string& path, const std::string& format,
                                       const PhotoLimits& limits);

// Where the JPEG at `path` ends: the bytes up to and including its EOI marker, as
// libjpeg reads them. Throws std::runtime_error when it does not decode.
MOLAR_PHOTOS_API std::uint64_t jpegLength(const std::string& path);

} // namespace molar::photos

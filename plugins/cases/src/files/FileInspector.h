#pragma once

#include <molar/photos/PhotoMetadata.h>

#include <cstdint>
#include <string>

namespace molar::cases {

// What an uploaded file is, judged by its bytes, never by its name.
struct FileType
{
    std::string kind;      // "scan", "photo", "document"; "" when refused
    std::string format;    // "stl", "ply", "obj", "zip", "jpeg", "png", "pdf", "dicom"
    std::string mediaType; // "model/stl", "image/jpeg", ...
    std::string problem;   // when refused: a catalog key, e.g. "cases.file.error.unknownType"
    std::string detail;    // when refused: specifics for the log and the message ("entry ../x escapes")
};

struct InspectionLimits
{
    std::uint64_t maxZipEntries = 200;
    std::uint64_t maxZipExpandedBytes = 1024ULL * 1024 * 1024;
    // Bounds the work and memory of decoding a photo: 64 MP is 8000 x 8000.
    std::uint64_t maxImagePixels = 64ULL * 1000 * 1000;
};

// Inspects the file at `path`. Scans: STL (ASCII or binary, size consistent with
// the triangle count), PLY, OBJ, and ZIP archives whose every entry is a scan (or
// a photo or PDF), with no absolute path or "..", within `limits` when actually
// decompressed. Photos: JPEG, PNG, decoded whole (a file that only starts like
// one is refused). Documents: PDF, DICOM radiographs.
// Throws std::runtime_error when the file itself cannot be read.
FileType inspectFile(const std::string& path, const InspectionLimits& limits);

// Decodes the whole JPEG or PNG at `path` (`format` "jpeg" or "png") through the
// plugins' photo library, so that a file that only starts like an image, is cut short
// or is damaged inside is refused with fileError::badImage, and one of more than
// limits.maxImagePixels with fileError::imageTooLarge. Answers an empty FileType when
// the image decodes. Throws std::runtime_error when the file cannot be opened.
FileType checkImage(const std::string& path, const std::string& format, const InspectionLimits& limits);

// Photos lose their metadata through the plugins' photo library (plugins/common/photos):
// EXIF, XMP and IPTC but for the orientation. The plugin's code and tests keep calling
// stripPhotoMetadata and countPhotoMetadata by these names.
using photos::countPhotoMetadata;
using photos::MetadataCount;
using photos::stripPhotoMetadata;

// Checks every photo inside the ZIP archive at `path` (decoded whole, as
// inspectFile does) and rewrites the archive with the photos stripped as
// stripPhotoMetadata does; other entries stay as they are. Answers the refusal
// when a photo does not decode, an empty FileType otherwise. Throws
// std::runtime_error when the archive cannot be rewritten.
FileType stripArchivePhotos(const std::string& path, const InspectionLimits& limits);

} // namespace molar::cases

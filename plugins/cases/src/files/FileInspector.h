#pragma once

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

// Removes EXIF, XMP and IPTC metadata from the JPEG at `path`, in place, keeping
// only the orientation so the photo still shows upright; from a PNG, every text
// chunk (XMP included) and the eXIf chunk but for the orientation. Throws
// std::runtime_error when the file cannot be rewritten.
void stripPhotoMetadata(const std::string& path);

// Checks every photo inside the ZIP archive at `path` (decoded whole, as
// inspectFile does) and rewrites the archive with the photos stripped as
// stripPhotoMetadata does; other entries stay as they are. Answers the refusal
// when a photo does not decode, an empty FileType otherwise. Throws
// std::runtime_error when the archive cannot be rewritten.
FileType stripArchivePhotos(const std::string& path, const InspectionLimits& limits);

// Metadata left in an image: how many EXIF, XMP and IPTC entries it holds.
struct MetadataCount
{
    std::size_t exif = 0;
    std::size_t xmp = 0;
    std::size_t iptc = 0;
};
MetadataCount countPhotoMetadata(const std::string& path);

} // namespace molar::cases

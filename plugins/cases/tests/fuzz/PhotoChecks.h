#pragma once

// What a photo holds once stripPhotoMetadata (alone or through stripArchivePhotos) is
// done with it: it still decodes, and it carries no EXIF but the orientation, no XMP,
// IPTC or comment. Read by walking the file's own segments and chunks, and by exiv2.
#include "FuzzCheck.h"

#include "files/FileInspector.h"
#include "files/PngChunks.h"

#include <molar/photos/PhotoCheck.h>

#include <exiv2/exiv2.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace molar::cases::fuzz {

inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// "jpeg" or "png" by the signature recogniseContent reads, or "".
inline std::string photoFormat(std::string_view bytes)
{
    if (bytes.substr(0, 3) == "\xFF\xD8\xFF")
        return "jpeg";
    if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8))
        return "png";
    return {};
}

struct Segment
{
    unsigned char marker;
    std::string_view data;
};

// A JPEG's marker segments, those between scans included, up to EOI or the first byte
// that is not where a marker should be.
inline std::vector<Segment> jpegSegments(std::string_view bytes)
{
    std::vector<Segment> segments;
    std::size_t at = 2; // after SOI
    while (at + 1 < bytes.size()) {
        if (static_cast<unsigned char>(bytes[at]) != 0xFF)
            return segments;
        const auto marker = static_cast<unsigned char>(bytes[at + 1]);
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        at += 2;
        if (marker == 0xD9)
            return segments;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // no length
        if (at + 2 > bytes.size())
            return segments;
        const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(bytes[at])) << 8 |
                                   static_cast<unsigned char>(bytes[at + 1]);
        if (length < 2 || at + length > bytes.size())
            return segments;
        segments.push_back({marker, bytes.substr(at + 2, length - 2)});
        at += length;
        if (marker == 0xDA) { // entropy-coded data up to the next marker
            while (at + 1 < bytes.size() &&
                   !(static_cast<unsigned char>(bytes[at]) == 0xFF && bytes[at + 1] != 0 &&
                     !(static_cast<unsigned char>(bytes[at + 1]) >= 0xD0 &&
                       static_cast<unsigned char>(bytes[at + 1]) <= 0xD7) &&
                     static_cast<unsigned char>(bytes[at + 1]) != 0xFF))
                ++at;
        }
    }
    return segments;
}

struct Chunk
{
    std::string type;
    std::string_view data;
};

// A PNG's chunks up to IEND or the first that does not fit.
inline std::vector<Chunk> pngChunks(std::string_view bytes)
{
    std::vector<Chunk> chunks;
    std::size_t at = 8;
    while (at + 12 <= bytes.size()) {
        const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + at);
        const std::size_t length =
            std::size_t(b[0]) << 24 | std::size_t(b[1]) << 16 | std::size_t(b[2]) << 8 | b[3];
        if (at + 12 + length > bytes.size())
            break;
        chunks.push_back({std::string(bytes.substr(at + 4, 4)), bytes.substr(at + 8, length)});
        at += 12 + length;
        if (chunks.back().type == "IEND")
            break;
    }
    return chunks;
}

// The EXIF keys of a TIFF structure (an APP1 segment's after "Exif\0\0", a PNG's eXIf
// payload); nothing when exiv2 cannot read it.
inline std::optional<std::vector<std::string>> exifKeys(std::string_view tiff)
{
    try {
        Exiv2::ExifData exif;
        Exiv2::ExifParser::decode(exif, reinterpret_cast<const Exiv2::byte*>(tiff.data()),
                                  static_cast<std::uint32_t>(tiff.size()));
        std::vector<std::string> keys;
        for (const auto& datum : exif)
            keys.push_back(datum.key());
        return keys;
    } catch (const Exiv2::AnyError&) {
        return std::nullopt;
    }
}

inline bool onlyOrientation(const std::optional<std::vector<std::string>>& keys)
{
    if (!keys)
        return false;
    for (const std::string& key : *keys)
        if (key != "Exif.Image.Orientation")
            return false;
    return true;
}

// The orientation exiv2 reads in the photo at `path`, as text; nothing when it has none
// or exiv2 cannot read the file.
inline std::optional<std::string> orientationOf(const std::string& path)
{
    try {
        std::unique_ptr<Exiv2::Image> image(Exiv2::ImageFactory::open(path).release());
        image->readMetadata();
        auto orientation = image->exifData().findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
        if (orientation == image->exifData().end())
            return std::nullopt;
        return orientation->toString();
    } catch (const Exiv2::AnyError&) {
        return std::nullopt;
    }
}

inline void checkStrippedJpeg(const std::string& bytes)
{
    using namespace std::string_view_literals;
    int exifSegments = 0;
    for (const Segment& segment : jpegSegments(bytes)) {
        MOLAR_FUZZ_CHECK(segment.marker != 0xFE, "a stripped JPEG has no comment");
        if (segment.marker == 0xE1) {
            MOLAR_FUZZ_CHECK(segment.data.substr(0, 29) != "http://ns.adobe.com/xap/1.0/\0"sv &&
                                 segment.data.substr(0, 35) != "http://ns.adobe.com/xmp/extension/\0"sv,
                             "a stripped JPEG has no XMP");
            if (segment.data.substr(0, 6) == "Exif\0\0"sv) {
                ++exifSegments;
                MOLAR_FUZZ_CHECK(onlyOrientation(exifKeys(segment.data.substr(6))),
                                 "a stripped JPEG's EXIF holds the orientation alone");
            }
        }
        // IPTC as readers find it: in Photoshop 3.0's resource block. Other APPn segments
        // are left as exiv2 leaves them.
        if (segment.marker == 0xED && segment.data.substr(0, 14) == "Photoshop 3.0\0"sv)
            MOLAR_FUZZ_CHECK(segment.data.find("8BIM\x04\x04"sv) == std::string_view::npos,
                             "a stripped JPEG has no IPTC");
    }
    MOLAR_FUZZ_CHECK(exifSegments <= 1, "a stripped JPEG has one EXIF segment at most");
}

inline void checkStrippedPng(const std::string& bytes)
{
    static const std::set<std::string> kept{"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA",
                                            "iCCP", "sBIT", "sRGB", "cICP", "mDCv", "cLLI", "bKGD",
                                            "hIST", "pHYs", "acTL", "fcTL", "fdAT"};
    const std::vector<Chunk> chunks = pngChunks(bytes);
    MOLAR_FUZZ_CHECK(!chunks.empty() && chunks.back().type == "IEND", "a stripped PNG ends with IEND");
    std::size_t end = 8;
    int exif = 0;
    for (const Chunk& chunk : chunks) {
        end += 12 + chunk.data.size();
        if (chunk.type == "eXIf") {
            ++exif;
            MOLAR_FUZZ_CHECK(onlyOrientation(exifKeys(chunk.data)),
                             "a stripped PNG's eXIf holds the orientation alone");
        } else {
            MOLAR_FUZZ_CHECK(kept.count(chunk.type) == 1, "a stripped PNG keeps image chunks alone");
        }
    }
    MOLAR_FUZZ_CHECK(exif <= 1, "a stripped PNG has one eXIf chunk at most");
    MOLAR_FUZZ_CHECK(end == bytes.size(), "nothing follows a stripped PNG's IEND");
}

// The photo at `path`, of `format`, after stripPhotoMetadata: it decodes as it did, and
// holds nothing but the orientation (`orientation`, when exiv2 read one before).
inline void checkStripped(const std::string& path, const std::string& format, const InspectionLimits& limits,
                          const std::optional<std::string>& orientation)
{
    MOLAR_FUZZ_CHECK(checkImage(path, format, limits).problem.empty(), "a stripped photo still decodes");
    const std::string bytes = readFile(path);
    MOLAR_FUZZ_CHECK(photoFormat(bytes) == format, "a stripped photo keeps its format");
    if (format == "jpeg") {
        checkStrippedJpeg(bytes);
        MOLAR_FUZZ_CHECK(photos::jpegLength(path) == bytes.size(), "nothing follows a stripped JPEG's EOI");
        if (orientation)
            MOLAR_FUZZ_CHECK(orientationOf(path) == orientation, "a stripped JPEG keeps its orientation");
        const MetadataCount count = countPhotoMetadata(path);
        MOLAR_FUZZ_CHECK(count.exif <= 1 && count.xmp == 0 && count.iptc == 0,
                         "exiv2 finds no metadata but the orientation in a stripped JPEG");
    } else {
        checkStrippedPng(bytes);
    }
}

} // namespace molar::cases::fuzz

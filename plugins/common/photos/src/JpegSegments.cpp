#include "JpegSegments.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace molar::photos {

namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

constexpr unsigned char startOfScan = 0xDA;
constexpr unsigned char endOfImage = 0xD9;
constexpr unsigned char comment = 0xFE;
constexpr unsigned char app0 = 0xE0;
constexpr unsigned char app1 = 0xE1;
constexpr unsigned char app2 = 0xE2;
constexpr unsigned char app14 = 0xEE;
constexpr unsigned char app15 = 0xEF;
constexpr std::size_t maxSegmentData = 0xFFFF - 2;

// Markers without a length: TEM, the restart markers, SOI and EOI.
bool standalone(unsigned char marker)
{
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

bool isRestart(unsigned char marker)
{
    return marker >= 0xD0 && marker <= 0xD7;
}

bool startsWith(std::string_view data, std::string_view prefix)
{
    return data.substr(0, prefix.size()) == prefix;
}

std::string segment(unsigned char marker, std::string_view data)
{
    const std::size_t length = data.size() + 2;
    std::string bytes{'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8),
                      static_cast<char>(length & 0xFF)};
    bytes += data;
    return bytes;
}

bool isJfif(unsigned char marker, std::string_view data)
{
    return marker == app0 && startsWith(data, "JFIF\0"sv);
}

// JFIF's APP0 without its thumbnail: the fields up to the thumbnail's size, set to 0 by 0
// (a thumbnail may show what a crop of the photo took out).
std::optional<std::string> jfifWithoutThumbnail(std::string_view data)
{
    constexpr std::size_t fields = 14; // "JFIF\0", version, units, densities, thumbnail size
    if (data.size() < fields)
        return std::nullopt;
    std::string jfif(data.substr(0, fields));
    jfif[12] = jfif[13] = '\0';
    return jfif;
}

// The data a segment with this marker keeps, or nothing when it goes. EXIF (APP1) goes
// here; the caller writes its own.
std::optional<std::string> keptData(unsigned char marker, std::string_view data)
{
    if (marker == comment)
        return std::nullopt;
    if (marker < app0 || marker > app15)
        return std::string(data); // the image's own: tables, frame, scans, restart interval
    if (isJfif(marker, data))
        return jfifWithoutThumbnail(data);
    if ((marker == app2 && startsWith(data, "ICC_PROFILE\0"sv)) ||
        (marker == app14 && startsWith(data, "Adobe"sv)))
        return std::string(data);
    return std::nullopt;
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void replaceFile(const std::string& path, const std::string& bytes)
{
    const std::string rewritten = path + ".segments";
    try {
        std::ofstream out(rewritten, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + rewritten);
        std::filesystem::rename(rewritten, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(rewritten, ignored);
        throw;
    }
}

} // namespace

void keepJpegImageSegments(const std::string& path, const std::string& exifTiff)
{
    const std::string bytes = readAll(path);
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]); };
    if (bytes.size() < 2 || byte(0) != 0xFF || byte(1) != 0xD8)
        throw std::runtime_error("no JPEG start in " + path);
    const std::string exifData = "Exif\0\0"s + exifTiff;
    if (!exifTiff.empty() && exifData.size() > maxSegmentData)
        throw std::runtime_error("the orientation's EXIF does not fit a segment in " + path);

    // Marker by marker to the end of the image. A segment the walk cannot follow (no
    // length, or one past the end of the file) refuses the photo: copying the rest as it
    // is would let a decoder that reads on find comments and application segments there.
    std::string kept = bytes.substr(0, 2);
    std::size_t exifAt = kept.size(); // after SOI, or after a JFIF APP0 right behind it
    std::size_t at = 2;
    while (at + 2 <= bytes.size()) {
        if (byte(at) != 0xFF) { // bytes between segments, which decoders skip
            ++at;
            continue;
        }
        const unsigned char marker = byte(at + 1);
        if (marker == 0xFF) { // a fill byte before a marker
            ++at;
            continue;
        }
        if (marker == 0x00) { // 0xFF00 is no marker; decoders skip it with the stray bytes
            at += 2;
            continue;
        }
        if (standalone(marker)) {
            kept.append(bytes, at, 2);
            at += 2;
            if (marker == endOfImage)
                break;
            continue;
        }
        const std::size_t length = at + 4 <= bytes.size() ? std::size_t(byte(at + 2)) << 8 | byte(at + 3) : 0;
        if (length < 2 || at + 2 + length > bytes.size())
            throw std::runtime_error("a JPEG segment without a length, or running past the end, in " + path);
        const std::string_view data = std::string_view(bytes).substr(at + 4, length - 2);
        const bool first = at == 2;
        if (const std::optional<std::string> keep = keptData(marker, data)) {
            kept += segment(marker, *keep);
            if (first && isJfif(marker, data))
                exifAt = kept.size();
        }
        at += 2 + length;
        if (marker != startOfScan)
            continue;
        // The scan's entropy-coded data runs to the next marker that is neither a
        // stuffed 0xFF00 nor a restart marker.
        const std::size_t scan = at;
        while (at + 1 < bytes.size() &&
               !(byte(at) == 0xFF && byte(at + 1) != 0x00 && !isRestart(byte(at + 1))))
            ++at;
        if (at + 1 >= bytes.size())
            at = bytes.size();
        kept.append(bytes, scan, at - scan);
    }
    kept.append(bytes, at, std::string::npos);
    if (!exifTiff.empty())
        kept.insert(exifAt, segment(app1, exifData));
    if (kept != bytes)
        replaceFile(path, kept);
}

} // namespace molar::photos

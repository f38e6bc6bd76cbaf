#include "files/JpegSegments.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace molar::cases {

namespace {

constexpr unsigned char startOfScan = 0xDA;
constexpr unsigned char endOfImage = 0xD9;
constexpr unsigned char comment = 0xFE;
constexpr unsigned char app0 = 0xE0;
constexpr unsigned char app1 = 0xE1;
constexpr unsigned char app2 = 0xE2;
constexpr unsigned char app14 = 0xEE;
constexpr unsigned char app15 = 0xEF;

// Markers without a length: TEM, the restart markers, SOI and EOI.
bool standalone(unsigned char marker)
{
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

bool startsWith(std::string_view data, std::string_view prefix)
{
    return data.substr(0, prefix.size()) == prefix;
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

class SegmentFilter
{
public:
    // The data a segment with this marker keeps, or nothing when it goes.
    std::optional<std::string> kept(unsigned char marker, std::string_view data)
    {
        using namespace std::string_view_literals;
        if (marker == comment)
            return std::nullopt;
        if (marker < app0 || marker > app15)
            return std::string(data); // the image's own: tables, frame, scans, restart interval
        switch (marker) {
        case app0:
            if (startsWith(data, "JFIF\0"sv))
                return jfifWithoutThumbnail(data);
            return std::nullopt;
        case app1:
            if (_exifKept || !startsWith(data, "Exif\0\0"sv))
                return std::nullopt;
            _exifKept = true;
            return std::string(data);
        case app2:
            if (startsWith(data, "ICC_PROFILE\0"sv))
                return std::string(data);
            return std::nullopt;
        case app14:
            if (startsWith(data, "Adobe"sv))
                return std::string(data);
            return std::nullopt;
        default:
            return std::nullopt;
        }
    }

private:
    bool _exifKept = false;
};

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

void dropJpegTextSegments(const std::string& path)
{
    const std::string bytes = readAll(path);
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]); };
    if (bytes.size() < 2 || byte(0) != 0xFF || byte(1) != 0xD8)
        throw std::runtime_error("no JPEG start in " + path);

    // Marker by marker to the end of the image; anything unexpected ends the walk and
    // is copied as it is, for the decoder to judge.
    std::string kept = bytes.substr(0, 2);
    std::size_t at = 2;
    SegmentFilter filter;
    bool dropped = false;
    while (at + 2 <= bytes.size() && byte(at) == 0xFF) {
        const unsigned char marker = byte(at + 1);
        if (marker == 0xFF) { // a fill byte before a marker
            kept += '\xFF';
            ++at;
            continue;
        }
        if (standalone(marker)) {
            kept.append(bytes, at, 2);
            at += 2;
            if (marker == endOfImage)
                break;
            continue;
        }
        if (at + 4 > bytes.size())
            break;
        const std::size_t length = std::size_t(byte(at + 2)) << 8 | byte(at + 3);
        if (length < 2 || at + 2 + length > bytes.size())
            break;
        const std::string_view data = std::string_view(bytes).substr(at + 4, length - 2);
        const std::optional<std::string> keptData = filter.kept(marker, data);
        if (keptData && *keptData == data) {
            kept.append(bytes, at, 2 + length);
        } else {
            dropped = true;
            if (keptData) {
                const std::size_t keptLength = keptData->size() + 2;
                kept += {'\xFF', static_cast<char>(marker), static_cast<char>(keptLength >> 8),
                         static_cast<char>(keptLength & 0xFF)};
                kept += *keptData;
            }
        }
        at += 2 + length;
        if (marker != startOfScan)
            continue;
        // The scan's entropy-coded data runs to the next marker that is neither a
        // stuffed 0xFF00 nor a restart marker.
        const std::size_t scan = at;
        while (at + 1 < bytes.size() &&
               !(byte(at) == 0xFF && byte(at + 1) != 0x00 && !(byte(at + 1) >= 0xD0 && byte(at + 1) <= 0xD7)))
            ++at;
        if (at + 1 >= bytes.size())
            at = bytes.size();
        kept.append(bytes, scan, at - scan);
    }
    if (!dropped)
        return;
    kept.append(bytes, at, std::string::npos);
    replaceFile(path, kept);
}

} // namespace molar::cases

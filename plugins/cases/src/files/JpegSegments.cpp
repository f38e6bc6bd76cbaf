#include "files/JpegSegments.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace molar::cases {

namespace {

constexpr unsigned char startOfScan = 0xDA;
constexpr unsigned char comment = 0xFE;
constexpr unsigned char app1 = 0xE1;
constexpr unsigned char app13 = 0xED;

bool standalone(unsigned char marker)
{
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

} // namespace

void dropJpegTextSegments(const std::string& path)
{
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw std::runtime_error("cannot open " + path);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]); };
    if (bytes.size() < 2 || byte(0) != 0xFF || byte(1) != 0xD8)
        throw std::runtime_error("no JPEG start in " + path);

    // The header up to the first scan, segment by segment; anything unexpected ends
    // it and is copied as it is, like the scans.
    std::string kept = bytes.substr(0, 2);
    std::size_t at = 2;
    bool exifKept = false;
    bool dropped = false;
    while (at + 4 <= bytes.size() && byte(at) == 0xFF) {
        const unsigned char marker = byte(at + 1);
        if (marker == startOfScan || marker == 0xFF || standalone(marker))
            break;
        const std::size_t length = std::size_t(byte(at + 2)) << 8 | byte(at + 3);
        if (length < 2 || at + 2 + length > bytes.size())
            break;
        const std::string_view data = std::string_view(bytes).substr(at + 4, length - 2);
        bool keep = marker != comment && marker != app13;
        if (marker == app1) {
            keep = !exifKept && data.substr(0, 6) == std::string_view("Exif\0\0", 6);
            exifKept = exifKept || keep;
        }
        if (keep)
            kept.append(bytes, at, 2 + length);
        else
            dropped = true;
        at += 2 + length;
    }
    if (!dropped)
        return;
    kept.append(bytes, at, std::string::npos);

    const std::string rewritten = path + ".segments";
    try {
        std::ofstream out(rewritten, std::ios::binary | std::ios::trunc);
        out.write(kept.data(), static_cast<std::streamsize>(kept.size()));
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

} // namespace molar::cases

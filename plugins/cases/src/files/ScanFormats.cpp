#include "files/ScanFormats.h"

#include "files/FileRefusals.h"
#include "files/TextLines.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

namespace molar::cases {

namespace {

constexpr std::uint64_t stlHeaderBytes = 84; // 80-byte header, then the triangle count
constexpr std::uint64_t stlTriangleBytes = 50;

std::uint32_t littleEndian32(const std::string& bytes, std::size_t at)
{
    auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i]));
    };
    return byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
}

float littleEndianFloat(const std::string& bytes, std::size_t at)
{
    std::uint32_t bits = littleEndian32(bytes, at);
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

FileType stl()
{
    return acceptFile("scan", "stl", "model/stl");
}

bool onlyKeywords(const ContentSample& sample, const std::set<std::string_view>& keywords,
                  std::string_view required)
{
    if (!sample.text)
        return false;
    bool found = false;
    for (std::string_view line : wholeLines(sample)) {
        if (line.empty() || line.front() == '#')
            continue;
        std::string_view word = firstWord(line);
        if (keywords.count(word) == 0)
            return false;
        found = found || word == required;
    }
    return found;
}

} // namespace

std::optional<FileType> recogniseBinaryStl(const ContentSample& sample)
{
    if (sample.size < stlHeaderBytes || sample.head.size() < stlHeaderBytes)
        return std::nullopt;
    std::uint64_t triangles = littleEndian32(sample.head, 80);
    if (stlHeaderBytes + stlTriangleBytes * triangles != sample.size)
        return std::nullopt;
    if (triangles == 0)
        return refuseFile(fileError::badScan, "binary STL holds no triangles");
    return stl();
}

std::optional<FileType> recogniseBrokenBinaryStl(const ContentSample& sample)
{
    const std::string& head = sample.head;
    if (sample.text || head.size() < stlHeaderBytes)
        return std::nullopt;
    for (std::size_t i = 0; i < 80; ++i) {
        if (head[i] != '\0' && !isTextByte(static_cast<unsigned char>(head[i])))
            return std::nullopt;
    }
    std::uint64_t triangles = littleEndian32(head, 80);
    if (triangles == 0)
        return std::nullopt;
    // Normal and three vertices: twelve finite floats of a sensible magnitude.
    if (head.size() >= stlHeaderBytes + stlTriangleBytes) {
        for (std::size_t i = 0; i < 12; ++i) {
            float value = littleEndianFloat(head, stlHeaderBytes + 4 * i);
            if (!std::isfinite(value) || std::fabs(value) > 1e7f)
                return std::nullopt;
        }
    }
    std::uint64_t expected = stlHeaderBytes + stlTriangleBytes * triangles;
    return refuseFile(fileError::badScan, "binary STL declares " + std::to_string(triangles) +
                                              " triangles, which take " + std::to_string(expected) +
                                              " bytes, but the file has " + std::to_string(sample.size));
}

std::optional<FileType> recogniseAsciiStl(const ContentSample& sample)
{
    if (!sample.text)
        return std::nullopt;
    std::vector<std::string_view> lines = wholeLines(sample);
    auto first =
        std::find_if(lines.begin(), lines.end(), [](std::string_view line) { return !line.empty(); });
    if (first == lines.end() || !startsWithNoCase(*first, "solid"))
        return std::nullopt;
    std::string head = lowerCase(sample.head);
    if (head.find("facet") == std::string::npos || head.find("vertex") == std::string::npos)
        return refuseFile(fileError::badScan, "ASCII STL holds no facets");
    if (lowerCase(sample.tail).find("endsolid") == std::string::npos)
        return refuseFile(fileError::badScan, "ASCII STL does not end with endsolid; it may be cut short");
    return stl();
}

std::optional<FileType> recognisePly(const ContentSample& sample)
{
    const std::string& head = sample.head;
    if (head.compare(0, 4, "ply\n") != 0 && head.compare(0, 5, "ply\r\n") != 0)
        return std::nullopt;

    // The header is text up to end_header; a binary body follows it.
    std::vector<std::string_view> lines = wholeLines(sample);
    std::string_view format;
    bool vertices = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        std::string_view word = firstWord(line);
        if (word == "end_header") {
            if (format.empty())
                return refuseFile(fileError::badScan, "PLY header has no format line");
            if (!vertices)
                return refuseFile(fileError::badScan, "PLY holds no vertices");
            return acceptFile("scan", "ply", "model/ply");
        }
        if (word == "format" && format.empty()) {
            format = secondWord(line);
            if (format != "ascii" && format != "binary_little_endian" && format != "binary_big_endian")
                return refuseFile(fileError::badScan, "PLY format '" + std::string(format) + "' is unknown");
        } else if (word == "element" && secondWord(line) == "vertex") {
            vertices = true;
        }
    }
    return refuseFile(fileError::badScan, "PLY header does not end (no end_header in the first " +
                                              std::to_string(ContentSample::headBytes / 1024) + " KiB)");
}

std::optional<FileType> recogniseObj(const ContentSample& sample)
{
    static const std::set<std::string_view> keywords{"v", "vt", "vn", "vp", "f",      "l",
                                                     "p", "o",  "g",  "s",  "usemtl", "mtllib"};
    if (!onlyKeywords(sample, keywords, "v"))
        return std::nullopt;
    return acceptFile("scan", "obj", "model/obj");
}

bool isMaterialLibrary(const ContentSample& sample)
{
    static const std::set<std::string_view> keywords{
        "newmtl",   "Ka",     "Kd",        "Ks",     "Ke",     "Ns",     "Ni",     "d",      "Tr",
        "Tf",       "illum",  "sharpness", "map_Ka", "map_Kd", "map_Ks", "map_Ke", "map_Ns", "map_d",
        "map_bump", "map_Pr", "map_Pm",    "bump",   "disp",   "decal",  "refl",   "norm",   "Pr",
        "Pm",       "Ps",     "Pc",        "Pcr",    "aniso",  "anisor"};
    return onlyKeywords(sample, keywords, "newmtl");
}

} // namespace molar::cases

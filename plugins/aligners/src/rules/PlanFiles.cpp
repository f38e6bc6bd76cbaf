#include "rules/PlanFiles.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace molar::aligners {

namespace {

constexpr std::uint64_t kStlHeaderBytes = 84; // an 80-byte header, then the triangle count
constexpr std::uint64_t kStlTriangleBytes = 50;

std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

int stepFromFileName(const std::string& fileName)
{
    // The name without its extension, so "step5.stl" gives 5 and "v2 step 7.stl" gives 7.
    std::string stem = fileName.substr(
        fileName.find_last_of("/\\") == std::string::npos ? 0 : fileName.find_last_of("/\\") + 1);
    const auto dot = stem.find_last_of('.');
    if (dot != std::string::npos)
        stem.resize(dot);
    const auto last = stem.find_last_of("0123456789");
    if (last == std::string::npos)
        return -1;
    auto first = last;
    while (first > 0 && std::isdigit(static_cast<unsigned char>(stem[first - 1])))
        --first;
    const std::string digits = stem.substr(first, last - first + 1);
    if (digits.size() > 3)
        return -1;
    return std::stoi(digits);
}

std::string checkStl(const std::string& head, std::uint64_t size)
{
    const std::string start = lowerCase(head.substr(0, 512));
    // ASCII: "solid", then facets (a binary file's header may also start with "solid",
    // so the size decides first when it matches the binary layout).
    if (size >= kStlHeaderBytes && head.size() >= kStlHeaderBytes) {
        std::uint32_t triangles = 0;
        for (int i = 3; i >= 0; --i)
            triangles = (triangles << 8) | static_cast<unsigned char>(head[80 + i]);
        if (triangles > 0 && size == kStlHeaderBytes + kStlTriangleBytes * triangles)
            return "";
    }
    if (start.rfind("solid", 0) == 0 && start.find("facet") != std::string::npos)
        return "";
    return "aligners.upload.error.notStl";
}

std::string checkPdf(const std::string& head)
{
    return head.rfind("%PDF-", 0) == 0 ? "" : "aligners.upload.error.notPdf";
}

std::string displayFileName(const std::string& fileName)
{
    const auto slash = fileName.find_last_of("/\\");
    const std::string base = slash == std::string::npos ? fileName : fileName.substr(slash + 1);
    std::string out;
    for (unsigned char c : base)
        if (c >= 0x20 && c != 0x7F && c != '"' && c != '\'' && c != '<' && c != '>')
            out += static_cast<char>(c);
    if (out.size() > 120) {
        std::size_t cut = 120;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out.resize(cut);
    }
    return out.empty() ? "file" : out;
}

} // namespace molar::aligners

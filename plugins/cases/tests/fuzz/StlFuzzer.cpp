// The STL recognisers over the sample intake takes of an upload, as the upload is
// and stretched past a sample's head, then inspectFile on the same bytes as a file.
#include "RecognitionChecks.h"

#include "files/ScanFormats.h"
#include "files/TextLines.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

using namespace molar::cases;
using namespace molar::cases::fuzz;

namespace {

std::unique_ptr<ScratchFile> scratch;

bool firstLineIsSolid(const std::string& content)
{
    for (std::string_view line : linesOf(content))
        if (!line.empty())
            return startsWithNoCase(line, "solid");
    return false;
}

void check(const std::string& content)
{
    const ContentSample sample = sampleOf(content);

    // Binary: the size alone decides, then the count.
    const std::optional<FileType> binary = recogniseBinaryStl(sample);
    MOLAR_FUZZ_CHECK(binary.has_value() == binaryStlSize(content), "a binary STL is known by its size");
    if (binary)
        MOLAR_FUZZ_CHECK(littleEndian32(content, 80) == 0 ? isRefused(*binary, fileError::badScan)
                                                          : isAccepted(*binary, "stl"),
                         "a binary STL with triangles is accepted, without them refused as badScan");

    const std::optional<FileType> ascii = recogniseAsciiStl(sample);
    if (ascii) {
        MOLAR_FUZZ_CHECK(sample.text && firstLineIsSolid(content),
                         "an ASCII STL is text that starts with solid");
        MOLAR_FUZZ_CHECK(isAccepted(*ascii, "stl") || isRefused(*ascii, fileError::badScan),
                         "an ASCII STL is accepted or refused as badScan");
        const std::string lower = lowerCase(content);
        if (ascii->problem.empty())
            MOLAR_FUZZ_CHECK(lower.find("facet") != std::string::npos &&
                                 lower.find("vertex") != std::string::npos &&
                                 lower.find("endsolid") != std::string::npos,
                             "an accepted ASCII STL has facets, vertices and an end");
    }

    const std::optional<FileType> broken = recogniseBrokenBinaryStl(sample);
    if (broken)
        MOLAR_FUZZ_CHECK(!sample.text && content.size() >= 84 && isRefused(*broken, fileError::badScan),
                         "only binary content is taken for a broken binary STL, and refused as badScan");

    const FileType type = recognised(sample);
    if (binary)
        MOLAR_FUZZ_CHECK(sameType(type, *binary), "a binary STL's size decides before any signature");
    else if (ascii && !hasSignature(content))
        MOLAR_FUZZ_CHECK(sameType(type, *ascii), "text starting with solid is judged as an ASCII STL");
    if (type.format == "stl")
        MOLAR_FUZZ_CHECK(binary || ascii, "stl comes from an STL recogniser");
    checkInspection(*scratch, content, type);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    scratch = std::make_unique<ScratchFile>("upload.stl");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    check(bytes);
    if (alsoStretched(size))
        check(stretched(bytes,
                        "  facet normal 0 0 1\n    outer loop\n      vertex 0 0 0\n      vertex 1 0 0\n"
                        "      vertex 0 1 0\n    endloop\n  endfacet\n"));
    return 0;
}

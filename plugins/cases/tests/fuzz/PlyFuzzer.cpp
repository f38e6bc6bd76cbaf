// The PLY recogniser over the sample intake takes of an upload, as the upload is and
// with its body stretched past a sample's head, then inspectFile on the same bytes.
#include "RecognitionChecks.h"

#include "files/ScanFormats.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

using namespace molar::cases;
using namespace molar::cases::fuzz;

namespace {

std::unique_ptr<ScratchFile> scratch;

// The header as an accepted PLY must have it: a known format and vertices before end_header.
bool headerIsComplete(const std::string& content)
{
    bool format = false;
    bool vertices = false;
    for (std::string_view line : linesOf(content)) {
        const std::string_view word = firstWordOf(line);
        if (word == "end_header")
            return format && vertices;
        format = format || word == "format";
        vertices = vertices || (word == "element" && line.find("vertex") != std::string_view::npos);
    }
    return false;
}

void check(const std::string& content)
{
    const ContentSample sample = sampleOf(content);
    const std::optional<FileType> ply = recognisePly(sample);
    const bool magic = content.compare(0, 4, "ply\n") == 0 || content.compare(0, 5, "ply\r\n") == 0;
    MOLAR_FUZZ_CHECK(ply.has_value() == magic, "a PLY is known by its first line alone");
    if (ply) {
        MOLAR_FUZZ_CHECK(isAccepted(*ply, "ply") || isRefused(*ply, fileError::badScan),
                         "a PLY is accepted or refused as badScan");
        if (ply->problem.empty())
            MOLAR_FUZZ_CHECK(headerIsComplete(content),
                             "an accepted PLY's header has its format and vertices");
    }

    const FileType type = recognised(sample);
    if (ply && !binaryStlSize(content) && !hasSignature(content))
        MOLAR_FUZZ_CHECK(sameType(type, *ply), "content starting with ply is judged as a PLY");
    if (type.format == "ply")
        MOLAR_FUZZ_CHECK(ply.has_value(), "ply comes from the PLY recogniser");
    checkInspection(*scratch, content, type);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    scratch = std::make_unique<ScratchFile>("upload.ply");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    check(bytes);
    if (alsoStretched(size))
        check(stretched(bytes, "0.5 1.25 -3\n"));
    return 0;
}

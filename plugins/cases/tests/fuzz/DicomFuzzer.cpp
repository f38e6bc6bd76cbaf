// recogniseContent's signatures, DICOM's preamble and magic above all, over the sample
// intake takes of an upload, as the upload is and with a long binary middle, then
// inspectFile on the same bytes as a file.
#include "RecognitionChecks.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

using namespace molar::cases;
using namespace molar::cases::fuzz;

namespace {

std::unique_ptr<ScratchFile> scratch;

std::string hexStart(const std::string& content)
{
    std::string hex;
    for (std::size_t i = 0; i < content.size() && i < 8; ++i) {
        char byte[4];
        std::snprintf(byte, sizeof byte, "%s%02x", i ? " " : "", static_cast<unsigned char>(content[i]));
        hex += byte;
    }
    return hex;
}

void check(const std::string& content)
{
    const ContentSample sample = sampleOf(content);
    const FileType type = recognised(sample);
    const bool magic = hasDicomMagic(content);
    if (type.format == "dicom")
        MOLAR_FUZZ_CHECK(magic, "dicom needs DICM after the 128-byte preamble");
    // Only a binary STL's size and the signatures at the start come before it.
    if (magic && !binaryStlSize(content) && !hasLeadingSignature(content))
        MOLAR_FUZZ_CHECK(isAccepted(type, "dicom"), "DICM after the preamble is a DICOM document");
    if (type.problem == fileError::unknownType && !sample.text)
        MOLAR_FUZZ_CHECK(type.detail == "content starts with " + hexStart(content),
                         "an unknown binary is described by its first bytes");
    if (!type.problem.empty())
        MOLAR_FUZZ_CHECK(type.problem == fileError::empty || type.problem == fileError::unknownType ||
                             type.problem == fileError::badScan,
                         "recognising refuses as empty, unknown or a bad scan only");
    checkInspection(*scratch, content, type);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    scratch = std::make_unique<ScratchFile>("upload.dcm");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    check(bytes);
    if (alsoStretched(size))
        check(stretched(bytes, std::string("\x10\x00\x10\x00PN\x08\x00Doe^Jane", 16)));
    return 0;
}

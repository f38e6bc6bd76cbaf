// The OBJ and material library recognisers over the sample intake takes of an upload,
// as the upload is and stretched past a sample's head, then inspectFile on the same bytes.
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

void check(const std::string& content)
{
    const ContentSample sample = sampleOf(content);
    const std::optional<FileType> obj = recogniseObj(sample);
    const bool material = isMaterialLibrary(sample);
    MOLAR_FUZZ_CHECK(!(obj && material), "a text is an OBJ or its material library, never both");
    if (obj)
        MOLAR_FUZZ_CHECK(isAccepted(*obj, "obj") && sample.text && hasLineStarting(content, "v"),
                         "an OBJ is text with vertices, and accepted");
    if (material)
        MOLAR_FUZZ_CHECK(sample.text && hasLineStarting(content, "newmtl"),
                         "a material library is text with a material");

    const FileType type = recognised(sample);
    if (obj && !binaryStlSize(content) && !hasSignature(content))
        MOLAR_FUZZ_CHECK(sameType(type, *obj), "text of OBJ statements alone is judged as an OBJ");
    if (type.format == "obj")
        MOLAR_FUZZ_CHECK(obj.has_value(), "obj comes from the OBJ recogniser");
    // Alone, a material library is no scan.
    if (material)
        MOLAR_FUZZ_CHECK(type.kind != "scan" || binaryStlSize(content),
                         "a material library alone is no scan");
    checkInspection(*scratch, content, type);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    scratch = std::make_unique<ScratchFile>("upload.obj");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    check(bytes);
    if (alsoStretched(size))
        check(stretched(bytes, "v 0.5 1.25 -3\nvt 0 1\nf 1/1 2/1 3/1\n"));
    return 0;
}

// An uploaded photo as intake meets it: pngChunkTypes, checkImage, countPhotoMetadata,
// then, when it decodes, stripPhotoMetadata. Checks that the answers are documented,
// that a stripped photo still decodes and keeps no metadata but its orientation, and
// that a PNG the stripper refuses is left as it was.
#include "PhotoChecks.h"
#include "RecognitionChecks.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

using namespace molar::cases;
using namespace molar::cases::fuzz;

namespace {

std::unique_ptr<ScratchFile> scratch;

InspectionLimits limits()
{
    InspectionLimits limits;
    // Small enough that one input stays fast; the checks hold for any limit.
    limits.maxImagePixels = 1024 * 1024;
    return limits;
}

bool isLetters(const std::string& type)
{
    if (type.size() != 4)
        return false;
    for (char c : type)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    return true;
}

void checkChunkTypes(const std::string& path)
{
    try {
        const std::vector<std::string> types = pngChunkTypes(path);
        MOLAR_FUZZ_CHECK(!types.empty() && types.back() == "IEND",
                         "a well-formed PNG's chunks end with IEND");
        for (const std::string& type : types)
            MOLAR_FUZZ_CHECK(isLetters(type), "a chunk type is four letters");
    } catch (const std::runtime_error&) {
        // Not a well-formed PNG, as documented.
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    scratch = std::make_unique<ScratchFile>("upload.photo");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const std::string& path = scratch->path();
    scratch->write(data, size);
    checkChunkTypes(path);

    const std::string format = photoFormat(bytes);
    if (format.empty())
        return 0;
    const FileType decoded = checkImage(path, format, limits());
    MOLAR_FUZZ_CHECK(decoded.problem.empty() ? decoded.kind.empty() && decoded.detail.empty()
                                             : isRefused(decoded, fileError::badImage) ||
                                                   isRefused(decoded, fileError::imageTooLarge),
                     "checkImage answers nothing or a documented refusal");
    if (!decoded.problem.empty())
        return 0;

    try {
        countPhotoMetadata(path);
    } catch (const std::runtime_error&) {
        // exiv2 cannot read it, as documented.
    }
    const std::optional<std::string> orientation = format == "jpeg" ? orientationOf(path) : std::nullopt;
    try {
        stripPhotoMetadata(path);
    } catch (const std::runtime_error&) {
        // Intake refuses the photo as badImage. A PNG is left as it was, with no trace.
        if (format == "png")
            MOLAR_FUZZ_CHECK(readFile(path) == bytes && !std::filesystem::exists(path + ".stripped"),
                             "a PNG the stripper refuses is left as it was");
        return 0;
    }
    checkStripped(path, format, limits(), orientation);
    return 0;
}

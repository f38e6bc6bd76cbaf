// An uploaded archive as intake meets it: declaredEntryCount and checkZip on the
// scratch file, then, when the archive is accepted, stripArchivePhotos. Checks that
// the answer is documented, that a declared count over the limit is refused, that an
// accepted archive's entry names are safe, and that once stripped the archive is
// still accepted with every photo in it stripped. The input's first bytes also go to
// unsafeEntryName and printableEntryName as a raw entry name.
#include "PhotoChecks.h"
#include "RecognitionChecks.h"

#include "files/ZipCheck.h"
#include "files/ZipDirectory.h"
#include "files/ZipEntryName.h"

#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using namespace molar::cases;
using namespace molar::cases::fuzz;

namespace {

std::unique_ptr<ScratchFile> scratch;

InspectionLimits limits()
{
    InspectionLimits limits;
    // Small enough that one input stays fast; the checks hold for any limit.
    limits.maxZipEntries = 64;
    limits.maxZipExpandedBytes = 32 * 1024 * 1024;
    limits.maxImagePixels = 1024 * 1024;
    return limits;
}

// What an extracting tool could write outside its folder, judged without the plugin's code.
bool escapes(std::string_view name)
{
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos)
        return true;
    if (name.size() >= 2 && name[1] == ':' &&
        ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
        return true; // a drive, to Windows tools
    for (char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return true;
    const std::string path = "/" + std::string(name) + "/";
    return path.find("/../") != std::string::npos;
}

void checkNames(std::string_view name)
{
    MOLAR_FUZZ_CHECK(unsafeEntryName(name).empty() == !escapes(name),
                     "unsafeEntryName refuses exactly the names that could leave the folder");
    const std::string shown = printableEntryName(name);
    MOLAR_FUZZ_CHECK(shown.size() <= 203, "a printable name is short");
    for (char c : shown)
        MOLAR_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f,
                         "a printable name has no control byte");
}

struct ArchiveCloser
{
    void operator()(zip_t* archive) const { zip_discard(archive); }
};

// Every entry of the archive at `path` that is a photo, written to a file of its own,
// with its format; the names of all entries are safe.
std::vector<std::pair<std::string, std::string>> extractPhotos(const std::string& path)
{
    int code = 0;
    std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open(path.c_str(), ZIP_RDONLY, &code));
    MOLAR_FUZZ_CHECK(archive != nullptr, "an accepted archive opens");
    std::vector<std::pair<std::string, std::string>> photos;
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    for (zip_int64_t index = 0; index < count; ++index) {
        const char* name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(index), ZIP_FL_ENC_RAW);
        MOLAR_FUZZ_CHECK(name != nullptr && !escapes(name), "an accepted archive's entry names are safe");
        zip_file_t* entry = zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(index), 0);
        MOLAR_FUZZ_CHECK(entry != nullptr, "an accepted archive's entries open");
        std::string bytes;
        char buffer[16 * 1024];
        zip_int64_t got;
        while ((got = zip_fread(entry, buffer, sizeof buffer)) > 0)
            bytes.append(buffer, static_cast<std::size_t>(got));
        zip_fclose(entry);
        MOLAR_FUZZ_CHECK(got == 0, "an accepted archive's entries read");
        const std::string format = photoFormat(bytes);
        if (format.empty())
            continue;
        const std::string file = scratch->sibling("entry-" + std::to_string(index));
        ScratchFile::writeTo(file, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        photos.emplace_back(file, format);
    }
    return photos;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    scratch = std::make_unique<ScratchFile>("upload.zip");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    checkNames(std::string_view(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 300)));

    scratch->write(data, size);
    const std::string& path = scratch->path();
    const std::optional<std::uint64_t> declared = declaredEntryCount(path);
    const FileType type = checkZip(path, limits());
    MOLAR_FUZZ_CHECK(isDocumentedAnswer(type), "checkZip answers a documented type or refusal");
    MOLAR_FUZZ_CHECK(type.problem.empty() ? type.format == "zip" : true, "checkZip accepts archives alone");
    if (declared && *declared > limits().maxZipEntries)
        MOLAR_FUZZ_CHECK(type.problem == fileError::zipTooManyEntries,
                         "too many declared entries are refused");
    if (!type.problem.empty())
        return 0;

    const FileType stripped = stripArchivePhotos(path, limits());
    MOLAR_FUZZ_CHECK(stripped.problem.empty() ? stripped.kind.empty() && stripped.detail.empty()
                                              : isRefused(stripped, fileError::badImage) ||
                                                    isRefused(stripped, fileError::imageTooLarge),
                     "stripArchivePhotos answers nothing or a photo's refusal");
    if (!stripped.problem.empty())
        return 0;
    MOLAR_FUZZ_CHECK(isAccepted(checkZip(path, limits()), "zip"), "a stripped archive is still accepted");
    for (const auto& [photo, format] : extractPhotos(path))
        checkStripped(photo, format, limits(), std::nullopt);
    return 0;
}

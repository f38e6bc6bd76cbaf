#include "files/ZipCheck.h"

#include "files/ContentSample.h"
#include "files/ContentTypes.h"
#include "files/FileRefusals.h"
#include "files/ScanFormats.h"
#include "files/ZipDirectory.h"
#include "files/ZipEntryName.h"

#include <zip.h>

#include <memory>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>
#include <vector>

namespace molar::cases {

namespace {

using namespace std::string_view_literals;

struct ArchiveCloser
{
    // Read only: nothing to write back.
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct EntryCloser
{
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
using Entry = std::unique_ptr<zip_file_t, EntryCloser>;

std::string errorText(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

// Links and devices are refused: extracting them can point outside the folder.
std::string specialFile(zip_t* archive, zip_uint64_t index)
{
    zip_uint8_t system = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive, index, 0, &system, &attributes) != 0 ||
        system != ZIP_OPSYS_UNIX)
        return {};
    mode_t type = (attributes >> 16) & S_IFMT;
    if (type == S_IFLNK)
        return "is a symbolic link";
    if (type != 0 && type != S_IFREG && type != S_IFDIR)
        return "is a special file";
    return {};
}

// Finder adds these beside the files it compresses (AppleDouble "._name" forks
// and .DS_Store); they carry no patient data worth refusing the archive for.
// Small ones only, so they cannot carry much else.
bool isFinderMetadata(const ContentSample& sample)
{
    constexpr std::string_view appleDouble("\x00\x05\x16\x07", 4);
    constexpr std::string_view desktopServices("\x00\x00\x00\x01"
                                               "Bud1",
                                               8);
    constexpr std::uint64_t largest = 1024 * 1024;
    const std::string& head = sample.head;
    return sample.size <= largest && (head.compare(0, appleDouble.size(), appleDouble) == 0 ||
                                      head.compare(0, desktopServices.size(), desktopServices) == 0);
}

// An entry passes when it is a scan, a photo, a PDF or a companion of a scan.
FileType judgeEntry(const std::string& name, const ContentSample& sample)
{
    if (isMaterialLibrary(sample) || isFinderMetadata(sample))
        return {};
    FileType type = recogniseContent(sample);
    if (type.problem == fileError::badScan)
        return refuseFile(fileError::badScan, "entry " + name + ": " + type.detail);
    if (!type.problem.empty())
        return refuseFile(fileError::zipUnknownEntry,
                          "entry " + name + " is no scan, photo or PDF (" + type.detail + ")");
    if (type.format == "zip")
        return refuseFile(fileError::zipUnknownEntry, "entry " + name + " is an archive inside the archive");
    if (type.kind == "document" && type.format != "pdf")
        return refuseFile(fileError::zipUnknownEntry, "entry " + name + " is a " + type.format + " document");
    return {};
}

FileType tooManyEntries(std::uint64_t count, const InspectionLimits& limits)
{
    return refuseFile(fileError::zipTooManyEntries,
                      "the archive has " + std::to_string(count) + " entries; at most " +
                          std::to_string(limits.maxZipEntries) + " are allowed");
}

class ZipInspection
{
public:
    ZipInspection(zip_t* archive, const InspectionLimits& limits)
        : _archive(archive), _limits(limits), _buffer(ContentSample::headBytes)
    {
    }

    FileType run()
    {
        zip_int64_t count = zip_get_num_entries(_archive, 0);
        if (count < 0)
            return refuseFile(fileError::zipCorrupt, "the archive's directory cannot be read");
        if (static_cast<std::uint64_t>(count) > _limits.maxZipEntries)
            return tooManyEntries(static_cast<std::uint64_t>(count), _limits);

        std::uint64_t files = 0;
        for (zip_uint64_t index = 0; index < static_cast<zip_uint64_t>(count); ++index) {
            FileType refusal = inspectEntry(index, files);
            if (!refusal.problem.empty())
                return refusal;
        }
        if (files == 0)
            return refuseFile(fileError::empty, "the archive holds no files");
        return acceptFile("scan", "zip", "application/zip");
    }

private:
    FileType inspectEntry(zip_uint64_t index, std::uint64_t& files)
    {
        // The raw name is what an extracting tool would use; ZIP_FL_ENC_RAW keeps
        // libzip from converting it first.
        const char* raw = zip_get_name(_archive, index, ZIP_FL_ENC_RAW);
        if (raw == nullptr)
            return refuseFile(fileError::zipCorrupt,
                              "entry " + std::to_string(index) + " has no readable name");
        std::string_view rawName(raw);
        std::string name = printableEntryName(rawName);
        if (std::string unsafe = unsafeEntryName(rawName); !unsafe.empty())
            return refuseFile(fileError::zipUnsafePath, "entry " + name + " " + unsafe);
        if (std::string special = specialFile(_archive, index); !special.empty())
            return refuseFile(fileError::zipUnsafePath, "entry " + name + " " + special);

        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(_archive, index, 0, &stat) != 0)
            return refuseFile(fileError::zipCorrupt, "entry " + name + " cannot be read");
        if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE)
            return refuseFile(fileError::zipEncrypted, "entry " + name + " is encrypted");

        SampleBuilder builder;
        if (FileType refusal = decompress(index, name, builder); !refusal.problem.empty())
            return refusal;
        ContentSample sample = builder.take();
        // libzip lets an entry inflate past its declared size; other tools would cut it there.
        if ((stat.valid & ZIP_STAT_SIZE) && stat.size != sample.size)
            return refuseFile(fileError::zipCorrupt, "entry " + name + " declares " +
                                                         std::to_string(stat.size) + " bytes but holds " +
                                                         std::to_string(sample.size));

        if (rawName.back() == '/') {
            if (sample.size != 0)
                return refuseFile(fileError::zipUnknownEntry, "folder entry " + name + " holds data");
            return {};
        }
        ++files;
        return judgeEntry(name, sample);
    }

    // Counts what libzip actually inflates, whatever sizes the archive declares.
    FileType decompress(zip_uint64_t index, const std::string& name, SampleBuilder& builder)
    {
        Entry entry(zip_fopen_index(_archive, index, 0));
        if (!entry) {
            int code = zip_error_code_zip(zip_get_error(_archive));
            if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
                return refuseFile(fileError::zipEncrypted, "entry " + name + " is encrypted");
            return refuseFile(fileError::zipCorrupt, "entry " + name + ": " + errorText(code));
        }
        for (;;) {
            zip_int64_t got = zip_fread(entry.get(), _buffer.data(), _buffer.size());
            if (got < 0)
                return refuseFile(fileError::zipCorrupt,
                                  "entry " + name + ": " + zip_file_strerror(entry.get()));
            if (got == 0)
                break;
            _expanded += static_cast<std::uint64_t>(got);
            if (_expanded > _limits.maxZipExpandedBytes)
                return refuseFile(fileError::zipTooLarge, "the archive expands past " +
                                                              std::to_string(_limits.maxZipExpandedBytes) +
                                                              " bytes (at entry " + name + ")");
            builder.add(_buffer.data(), static_cast<std::size_t>(got));
        }
        if (zip_fclose(entry.release()) != 0)
            return refuseFile(fileError::zipCorrupt, "entry " + name + " fails its checksum");
        return {};
    }

    zip_t* _archive;
    const InspectionLimits& _limits;
    std::vector<char> _buffer;
    std::uint64_t _expanded = 0;
};

} // namespace

FileType checkZip(const std::string& path, const InspectionLimits& limits)
{
    std::optional<std::uint64_t> declared = declaredEntryCount(path);
    if (declared && *declared > limits.maxZipEntries)
        return tooManyEntries(*declared, limits);

    int code = 0;
    Archive archive(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!archive) {
        // The upload is on local storage: failing to open it is the server's fault.
        if (code == ZIP_ER_OPEN || code == ZIP_ER_MEMORY)
            throw std::runtime_error("cannot open " + path + ": " + errorText(code));
        return refuseFile(fileError::zipCorrupt, errorText(code));
    }
    return ZipInspection(archive.get(), limits).run();
}

} // namespace molar::cases

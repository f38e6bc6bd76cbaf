#include "files/FileInspector.h"

#include "files/FileRefusals.h"
#include "files/ZipEntryName.h"

#include <molar/photos/PhotoFormat.h>

#include <zip.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

namespace molar::cases {

namespace {

struct ArchiveDiscarder
{
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct EntryCloser
{
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ArchiveDiscarder>;
using Entry = std::unique_ptr<zip_file_t, EntryCloser>;

// The photos taken out of the archive, removed whatever happens.
class Extracted
{
public:
    ~Extracted()
    {
        for (const std::string& path : _paths) {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    }
    const std::string& add(std::string path)
    {
        _paths.push_back(std::move(path));
        return _paths.back();
    }

private:
    std::vector<std::string> _paths;
};

// Copies entry `index` to `path` when it is a photo (checkZip has bounded its size);
// answers its format, or "" (and writes nothing) when it is none.
std::string extractPhoto(zip_t* archive, zip_uint64_t index, const std::string& path)
{
    Entry entry(zip_fopen_index(archive, index, 0));
    if (!entry)
        throw std::runtime_error(std::string("cannot open an archive entry: ") + zip_strerror(archive));
    std::vector<char> buffer(64 * 1024);
    std::ofstream out;
    std::string format;
    for (bool first = true;; first = false) {
        const zip_int64_t got = zip_fread(entry.get(), buffer.data(), buffer.size());
        if (got < 0)
            throw std::runtime_error(std::string("cannot read an archive entry: ") +
                                     zip_file_strerror(entry.get()));
        if (got == 0)
            break;
        if (first) {
            format = photos::photoFormat(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
            if (format.empty())
                return {};
            out.open(path, std::ios::binary | std::ios::trunc);
        }
        out.write(buffer.data(), got);
    }
    out.close();
    if (!format.empty() && !out)
        throw std::runtime_error("cannot write " + path);
    return format;
}

} // namespace

FileType stripArchivePhotos(const std::string& path, const InspectionLimits& limits)
{
    int code = 0;
    Archive archive(zip_open(path.c_str(), 0, &code));
    if (!archive)
        throw std::runtime_error("cannot open the archive " + path);
    Extracted extracted;
    bool changed = false;
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    for (zip_int64_t index = 0; index < count; ++index) {
        const char* raw = zip_get_name(archive.get(), static_cast<zip_uint64_t>(index), ZIP_FL_ENC_RAW);
        if (raw == nullptr || std::string_view(raw).empty() || std::string_view(raw).back() == '/')
            continue;
        const std::string& photo = extracted.add(path + ".photo-" + std::to_string(index));
        const std::string format = extractPhoto(archive.get(), static_cast<zip_uint64_t>(index), photo);
        if (format.empty())
            continue;
        FileType refusal = checkImage(photo, format, limits);
        if (!refusal.problem.empty()) {
            refusal.detail = "entry " + printableEntryName(raw) + ": " + refusal.detail;
            return refusal;
        }
        try {
            stripPhotoMetadata(photo);
        } catch (const std::runtime_error& e) {
            return refuseFile(fileError::badImage, "entry " + printableEntryName(raw) + ": " + e.what());
        }
        zip_source_t* source = zip_source_file(archive.get(), photo.c_str(), 0, -1);
        if (source == nullptr ||
            zip_file_replace(archive.get(), static_cast<zip_uint64_t>(index), source, 0) != 0) {
            zip_source_free(source);
            throw std::runtime_error(std::string("cannot replace a photo in the archive: ") +
                                     zip_strerror(archive.get()));
        }
        changed = true;
    }
    if (!changed)
        return {};
    // libzip writes the new archive beside the old one and renames it into place.
    if (zip_close(archive.get()) != 0)
        throw std::runtime_error(std::string("cannot rewrite the archive: ") + zip_strerror(archive.get()));
    archive.release();
    return {};
}

} // namespace molar::cases

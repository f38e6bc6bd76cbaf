#include "web/FileIntake.h"

#include "files/FileRefusals.h"

#include <random>
#include <stdexcept>

namespace molar::cases {
namespace {

std::string randomName()
{
    thread_local std::mt19937_64 generator{std::random_device{}()};
    static const char* hex = "0123456789abcdef";
    std::string name;
    for (int i = 0; i < 24; ++i)
        name += hex[generator() & 15];
    return name;
}

// The name as the user's computer called it, without folders, for display only.
std::string displayName(const std::string& fileName)
{
    std::string name = fileName.substr(fileName.find_last_of("/\\") + 1);
    std::string clean;
    for (unsigned char c : name)
        if (c >= 0x20 && c != 0x7F)
            clean += static_cast<char>(c);
    if (clean.size() > 200)
        clean.resize(200);
    return clean.empty() ? "file" : clean;
}

// Which slots accept which kinds of file.
bool slotAccepts(const std::string& slot, const std::string& kind)
{
    if (slot == "upper_scan" || slot == "lower_scan" || slot == "bite_scan" || slot == "scan")
        return kind == "scan";
    if (slot == "photo")
        return kind == "photo";
    if (slot == "radiograph")
        return kind == "photo" || kind == "document";
    return !kind.empty(); // document, message: anything recognised
}

} // namespace

bool FileIntake::isSlot(const std::string& slot)
{
    for (const char* s :
         {"upper_scan", "lower_scan", "bite_scan", "scan", "photo", "radiograph", "document", "message"})
        if (slot == s)
            return true;
    return false;
}

FileIntake::Received FileIntake::receive(const CaseRecord& record, const std::string& slot,
                                         const std::string& fileName, std::istream& in)
{
    const std::string name = displayName(fileName);
    if (!isSlot(slot))
        throw CaseRefusal(400, "cases.file.error.slot", name);
    Received received;
    const std::string key = "cases/" + std::to_string(record.id) + "/" + randomName();
    received.writer = _host.files().create(key);
    std::ostream& out = received.writer->stream();
    char buffer[64 * 1024];
    std::uint64_t total = 0;
    while (in) {
        in.read(buffer, sizeof buffer);
        const std::streamsize n = in.gcount();
        if (n <= 0)
            break;
        total += static_cast<std::uint64_t>(n);
        if (total > _limits.maxBytes)
            throw CaseRefusal(413, "cases.file.error.tooLarge", name); // the writer's destructor discards it
        out.write(buffer, n);
    }
    received.writer->flush();
    const std::string path = received.writer->localPath();
    auto refuse = [&](const FileType& type) {
        _host.logger().info("refused upload '" + name + "' for case " + std::to_string(record.id) + ": " +
                            type.problem + " " + type.detail);
        return CaseRefusal(415, type.problem.empty() ? fileError::unknownType : type.problem, name);
    };
    FileType type = inspectFile(path, _limits.inspection);
    if (type.kind.empty())
        throw refuse(type);
    if (!slotAccepts(slot, type.kind))
        throw CaseRefusal(415, "cases.file.error.wrongSlot", name);
    if (type.kind == "photo") {
        try {
            stripPhotoMetadata(path);
        } catch (const std::runtime_error& e) {
            // The pixels decoded, but the metadata around them cannot be rewritten.
            type = refuseFile(fileError::badImage, e.what());
        }
    } else if (type.format == "zip") {
        if (FileType refusal = stripArchivePhotos(path, _limits.inspection); !refusal.problem.empty())
            type = refusal;
    }
    if (type.kind.empty())
        throw refuse(type);
    received.file.slot = slot;
    received.file.originalName = name;
    received.file.storeKey = key;
    received.file.kind = type.kind;
    received.file.format = type.format;
    received.file.mediaType = type.mediaType;
    return received;
}

void FileIntake::store(std::vector<Received>& files, const std::function<void(std::vector<CaseFile>)>& record)
{
    std::vector<CaseFile> committed;
    try {
        for (Received& received : files) {
            received.file.size = static_cast<std::int64_t>(received.writer->commit());
            committed.push_back(received.file);
        }
        record(committed);
    } catch (...) {
        for (const CaseFile& file : committed)
            _host.files().remove(file.storeKey); // no row, no file
        throw;
    }
}

} // namespace molar::cases

#include "web/FileIntake.h"

#include "molar/sdk/Files.h"

#include <random>

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

std::int64_t FileIntake::receive(const CaseCaller& caller, const CaseRecord& record, const std::string& slot,
                                 const std::string& fileName, std::istream& in)
{
    if (!isSlot(slot))
        throw CaseRefusal(400, "cases.file.error.slot");
    const std::string key = "cases/" + std::to_string(record.id) + "/" + randomName();
    auto writer = _host.files().create(key);
    std::ostream& out = writer->stream();
    char buffer[64 * 1024];
    std::uint64_t total = 0;
    while (in) {
        in.read(buffer, sizeof buffer);
        const std::streamsize n = in.gcount();
        if (n <= 0)
            break;
        total += static_cast<std::uint64_t>(n);
        if (total > _maxBytes)
            throw CaseRefusal(413, "cases.file.error.tooLarge"); // the writer's destructor discards the file
        out.write(buffer, n);
    }
    writer->flush();
    const FileType type = inspectFile(writer->localPath(), _limits);
    if (type.kind.empty()) {
        _host.logger().info("refused upload '" + displayName(fileName) + "' for case " +
                            std::to_string(record.id) + ": " + type.problem + " " + type.detail);
        throw CaseRefusal(415, type.problem.empty() ? "cases.file.error.unknownType" : type.problem);
    }
    if (!slotAccepts(slot, type.kind))
        throw CaseRefusal(415, "cases.file.error.wrongSlot");
    if (type.format == "jpeg")
        stripPhotoMetadata(writer->localPath());
    CaseFile file;
    file.messageId = 0;
    file.slot = slot;
    file.originalName = displayName(fileName);
    file.storeKey = key;
    file.kind = type.kind;
    file.format = type.format;
    file.mediaType = type.mediaType;
    file.size = static_cast<std::int64_t>(writer->commit());
    try {
        return _service.recordFile(caller, record, file);
    } catch (...) {
        _host.files().remove(key); // no row, no file
        throw;
    }
}

} // namespace molar::cases

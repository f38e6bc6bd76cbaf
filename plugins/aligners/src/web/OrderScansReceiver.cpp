#include "web/OrderScansReceiver.h"

#include "plans/Plan.h"
#include "rules/PlanFiles.h"

#include "web/UploadParts.h"

#include "molar/sdk/Files.h"
#include "molar/tokens/UrlToken.h"

namespace molar::aligners {

void OrderScansReceiver::receive(const std::string& field, const std::string& fileName, std::istream& in)
{
    const std::string slot = field == "upperScan"   ? "upper_scan"
                             : field == "lowerScan" ? "lower_scan"
                             : field == "biteScan"  ? "bite_scan"
                                                    : "";
    // A file input left empty still sends a part, with no name and no bytes.
    if (slot.empty() || fileName.empty())
        return;
    if (_files.size() >= 6)
        throw PlanRefusal(413, "aligners.upload.error.tooManyFiles");
    OrderFile file;
    file.slot = slot;
    file.name = displayFileName(fileName);
    file.storeKey = "orders/" + std::to_string(_caseId) + "/" + tokens::newUrlToken() + ".stl";
    auto writer = _host.files().create(file.storeKey);
    const CopiedFile copied = copyFilePart(in, writer->stream());
    const std::string& head = copied.head;
    const std::uint64_t size = copied.size;
    const std::string problem = size == 0 ? "aligners.upload.error.emptyFile" : checkStl(head, size);
    if (!problem.empty())
        throw PlanRefusal(400, problem == "aligners.upload.error.notStl" ? "aligners.order.error.notStl"
                                                                         : problem);
    writer->flush();
    file.sizeBytes = static_cast<std::int64_t>(writer->commit());
    _files.push_back(std::move(file));
}

std::map<std::string, int> OrderScansReceiver::counts() const
{
    std::map<std::string, int> counts;
    for (const auto& file : _files)
        ++counts[file.slot];
    return counts;
}

void OrderScansReceiver::discard()
{
    for (const auto& file : _files) {
        try {
            _host.files().remove(file.storeKey);
        } catch (const std::exception& e) {
            _host.logger().warning("could not remove " + file.storeKey +
                                   " of an order not placed: " + e.what());
        }
    }
    _files.clear();
}

} // namespace molar::aligners

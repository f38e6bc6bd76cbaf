#include "web/PlanFilesReceiver.h"

#include "rules/PlanFiles.h"

#include "web/UploadParts.h"

#include "molar/sdk/Files.h"
#include "molar/tokens/UrlToken.h"

#include <set>
#include <utility>

namespace molar::aligners {

void PlanFilesReceiver::receive(const std::string& field, const std::string& fileName, std::istream& in)
{
    const bool step = field == "upperSteps" || field == "lowerSteps";
    if (!step && field != "report" && field != "viewer")
        return;
    // A file input left empty still sends a part, with no name and no bytes.
    if (fileName.empty())
        return;
    if (_files.size() >= static_cast<std::size_t>(kMaxPlanFiles))
        throw PlanRefusal(413, "aligners.upload.error.tooManyFiles");
    PlanFile file;
    file.kind = step ? "step" : field;
    file.arch = field == "upperSteps" ? "upper" : field == "lowerSteps" ? "lower" : "";
    file.name = displayFileName(fileName);
    file.format = step ? "stl" : field == "report" ? "pdf" : "file";
    if (step) {
        file.step = stepFromFileName(file.name);
        if (file.step < 0)
            throw PlanRefusal(400, "aligners.upload.error.stepNumber");
    }
    file.storeKey = "plans/" + std::to_string(_caseId) + "/" + tokens::newUrlToken() + "." + file.format;
    auto writer = _host.files().create(file.storeKey);
    const CopiedFile copied = copyFilePart(in, writer->stream());
    const std::string& head = copied.head;
    const std::uint64_t size = copied.size;
    if (size == 0)
        throw PlanRefusal(400, "aligners.upload.error.emptyFile");
    const std::string problem = step ? checkStl(head, size) : field == "report" ? checkPdf(head) : "";
    if (!problem.empty())
        throw PlanRefusal(400, problem);
    writer->flush();
    file.sizeBytes = static_cast<std::int64_t>(writer->commit());
    _files.push_back(std::move(file));
}

std::string PlanFilesReceiver::checkSteps(int stepsUpper, int stepsLower) const
{
    std::set<std::pair<std::string, int>> seen;
    for (const auto& file : _files) {
        if (file.kind != "step")
            continue;
        const int steps = file.arch == "upper" ? stepsUpper : stepsLower;
        if (file.step > steps)
            return "aligners.upload.error.stepBeyondPlan";
        if (!seen.insert({file.arch, file.step}).second)
            return "aligners.upload.error.stepTwice";
    }
    return "";
}

void PlanFilesReceiver::discard()
{
    for (const auto& file : _files) {
        try {
            _host.files().remove(file.storeKey);
        } catch (const std::exception& e) {
            _host.logger().warning("could not remove " + file.storeKey +
                                   " of a plan not stored: " + e.what());
        }
    }
    _files.clear();
}

} // namespace molar::aligners

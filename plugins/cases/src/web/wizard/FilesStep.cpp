#include "web/wizard/FilesStep.h"

#include "web/UploadErrors.h"

namespace molar::cases {

StepErrors FilesStep::read(const StepInput&, CaseRecord&) const
{
    return {};
}

void FilesStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                     sdk::Value& data) const
{
    const std::string base = "/cases/" + std::to_string(record.id);
    sdk::Value files = sdk::Value::array();
    for (const auto& f : _files(record.id))
        files.push(sdk::Value::object({{"name", f.originalName},
                                       {"slotLabel", input.words.t("cases.slot." + f.slot)},
                                       {"format", f.format},
                                       {"size", f.size}}));
    data.set("files", files);
    data.set("uploadAction", base + "/files?return=wizard");
    data.set("nextHref", base + "/edit/confirm");
    const std::string uploadError = input.query("uploadError");
    data.set("uploadError", isUploadErrorKey(uploadError) ? input.words.t(uploadError) : std::string());
    const Product* product = _catalog.product(record.product);
    data.set("aligner", product && product->chart == "arches");
}

} // namespace molar::cases

#include "web/wizard/FilesStep.h"

#include "web/UploadErrors.h"

#include <algorithm>

namespace molar::cases {

StepErrors FilesStep::read(const StepInput&, CaseRecord&) const
{
    return {};
}

void FilesStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                     sdk::Value& data) const
{
    const std::string base = "/cases/" + std::to_string(record.id);
    const std::vector<CaseFile> stored = _files(record.id);
    sdk::Value files = sdk::Value::array();
    for (const auto& f : stored)
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
    // The product's own list of scans says more than the general aligner hint.
    const bool listsFiles =
        product && (!product->requiredFiles.empty() || !product->recommendedFiles.empty());
    data.set("aligner", product && product->chart == "arches" && !listsFiles);
    // Each slot the product asks for, and whether a file is already in it.
    auto slots = [&](const std::vector<std::string>& names) {
        sdk::Value out = sdk::Value::array();
        for (const auto& slot : names) {
            const bool uploaded =
                std::any_of(stored.begin(), stored.end(), [&](const CaseFile& f) { return f.slot == slot; });
            out.push(sdk::Value::object(
                {{"slot", slot}, {"label", input.words.t("cases.slot." + slot)}, {"uploaded", uploaded}}));
        }
        return out;
    };
    data.set("requiredFiles", slots(product ? product->requiredFiles : std::vector<std::string>{}));
    data.set("recommendedFiles", slots(product ? product->recommendedFiles : std::vector<std::string>{}));
}

} // namespace molar::cases

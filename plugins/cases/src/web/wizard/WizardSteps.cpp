#include "web/wizard/WizardSteps.h"

#include "eta/WorkingCalendar.h"
#include "web/wizard/ConfirmStep.h"
#include "web/wizard/FieldsStep.h"
#include "web/wizard/ProductStep.h"
#include "web/wizard/ShadeStep.h"
#include "web/wizard/TeethStep.h"

#include <algorithm>
#include <ctime>

namespace molar::cases {

WizardSteps::WizardSteps(const Catalog& catalog, const CaseSettings& settings, ClinicsOf clinics,
                         FilesOf files, TodayOf today)
    : _catalog(catalog)
{
    if (!today)
        today = [] { return formatMinuteInZone(std::time(nullptr), "UTC").substr(0, 10); };
    _steps["details"] = std::make_unique<DetailsStep>(settings, catalog, std::move(clinics));
    _steps["product"] = std::make_unique<ProductStep>(catalog);
    _steps["patient"] = std::make_unique<PatientStep>(settings, std::move(today));
    _steps["teeth"] = std::make_unique<TeethStep>(catalog);
    _steps["shade"] = std::make_unique<ShadeStep>();
    _steps["fields"] = std::make_unique<FieldsStep>(catalog);
    _steps["files"] = std::make_unique<FilesStep>(catalog, std::move(files));
    _steps["confirm"] = std::make_unique<ConfirmStep>(settings);
}

std::vector<std::string> WizardSteps::names(const Catalog& catalog, const CaseRecord& record)
{
    std::vector<std::string> out{"details", "product"};
    const Product* product = catalog.product(record.product);
    if (product && product->patientDetails)
        out.push_back("patient");
    if (!product || product->chart != "none")
        out.push_back("teeth");
    if (!product || product->shade)
        out.push_back("shade");
    if (!product || !product->fields.empty())
        out.push_back("fields");
    out.push_back("files");
    out.push_back("confirm");
    return out;
}

bool WizardSteps::has(const CaseRecord& record, const std::string& step) const
{
    const auto all = names(record);
    return std::find(all.begin(), all.end(), step) != all.end();
}

std::string WizardSteps::next(const CaseRecord& record, const std::string& step) const
{
    const auto all = names(record);
    auto it = std::find(all.begin(), all.end(), step);
    if (it == all.end() || it + 1 == all.end())
        return "";
    return *(it + 1);
}

const WizardStep& WizardSteps::step(const std::string& name) const
{
    const auto it = _steps.find(name);
    if (it == _steps.end())
        throw CaseRefusal(404, "cases.error.noSuchStep");
    return *it->second;
}

StepErrors WizardSteps::read(const std::string& name, const StepInput& input, CaseRecord& record) const
{
    const WizardStep& current = step(name);
    if (name != "details" && name != "product" && !_catalog.product(record.product))
        throw CaseRefusal(409, "cases.missing.product");
    return current.read(input, record);
}

sdk::Value WizardSteps::view(const std::string& name, const StepInput& input, const CaseRecord& record,
                             const sdk::Value& typed) const
{
    const std::string base = record.id ? "/cases/" + std::to_string(record.id) : std::string();
    sdk::Value data = sdk::Value::object({{"id", record.id},
                                          {"action", record.id ? base + "/edit/" + name : "/cases/new"},
                                          {"caseHref", base}});
    // The progress list: every step, the current one marked.
    sdk::Value progress = sdk::Value::array();
    const auto all = names(record);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const bool reachable = record.id && (all[i] != "files" || !record.product.empty());
        progress.push(sdk::Value::object({{"label", input.words.t("cases.step." + all[i])},
                                          {"number", static_cast<int>(i + 1)},
                                          {"current", all[i] == name},
                                          {"href", reachable ? base + "/edit/" + all[i] : std::string()}}));
    }
    data.set("steps", progress);
    const auto it = std::find(all.begin(), all.end(), name);
    const std::string previous = it == all.begin() || it == all.end() ? std::string() : *(it - 1);
    data.set("backHref", previous.empty() || !record.id ? std::string() : base + "/edit/" + previous);
    step(name).view(input, record, typed, data);
    // Values the steps share: what the case is so far.
    const Product* product = _catalog.product(record.product);
    data.set("productName", product ? input.words.name("cases.productName." + product->code, product->name)
                                    : record.product);
    data.set("patientRefShown", record.patientRef);
    return data;
}

} // namespace molar::cases

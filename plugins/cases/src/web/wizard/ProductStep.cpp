#include "web/wizard/ProductStep.h"

#include <algorithm>

namespace molar::cases {

StepErrors ProductStep::read(const StepInput& input, CaseRecord& record) const
{
    const Product* product = _catalog.product(input.form("product"));
    if (!product)
        return {{"product", "cases.error.product"}};
    if (product->code != record.product) {
        // Another product: what the previous one needed no longer applies.
        record.fields.clear();
        if (product->chart != "arches")
            record.arches.clear();
        if (!product->shade)
            record.shade.clear(), record.shadeGuide.clear();
        if (!product->patientDetails)
            record.patient = PatientDetails();
    }
    record.product = product->code;
    record.workflow = product->workflow;
    return {};
}

void ProductStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                       sdk::Value& data) const
{
    std::vector<std::string> order;
    for (const auto& p : _catalog.products())
        if (std::find(order.begin(), order.end(), p.family) == order.end())
            order.push_back(p.family);
    sdk::Value families = sdk::Value::array();
    for (const auto& family : order) {
        sdk::Value items = sdk::Value::array();
        for (const auto& p : _catalog.products())
            if (p.family == family)
                items.push(
                    sdk::Value::object({{"code", p.code},
                                        {"name", input.words.name("cases.productName." + p.code, p.name)},
                                        {"slaHours", p.slaHours},
                                        {"checked", p.code == record.product}}));
        families.push(
            sdk::Value::object({{"label", input.words.label("cases.family.", family)}, {"products", items}}));
    }
    data.set("families", families);
}

} // namespace molar::cases

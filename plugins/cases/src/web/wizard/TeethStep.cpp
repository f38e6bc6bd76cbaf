#include "web/wizard/TeethStep.h"

#include "chart/ToothChart.h"

#include <stdexcept>

namespace molar::cases {

StepErrors TeethStep::read(const StepInput& input, CaseRecord& record) const
{
    StepErrors errors;
    const Product* product = _catalog.product(record.product);
    const std::string numbering = input.form("numbering");
    if (numbering == "fdi" || numbering == "universal")
        record.numbering = numbering;
    ToothSelection selection;
    for (int fdi : permanentChartOrder()) {
        const std::string field = "tooth-" + std::to_string(fdi);
        const std::string state = input.form(field);
        if (state.empty() || state == "none")
            continue;
        if (!isToothState(state))
            errors.emplace_back(field, "cases.error.toothState");
        else
            selection[fdi] = state;
    }
    record.teeth = encodeSelection(selection);
    if (product && product->chart == "arches") {
        const std::string arches = input.form("arches");
        if (!isArch(arches))
            errors.emplace_back("arches", "cases.error.arches");
        record.arches = arches;
    }
    return errors;
}

void TeethStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                     sdk::Value& data) const
{
    const Product* product = _catalog.product(record.product);
    const std::string asked = input.query("numbering");
    const std::string numbering = asked == "universal" || asked == "fdi" ? asked : record.numbering;
    const Numbering scheme = numbering == "universal" ? Numbering::Universal : Numbering::FDI;
    ToothSelection selection;
    try {
        selection = decodeSelection(record.teeth);
    } catch (const std::invalid_argument&) {
    }
    sdk::Value upper = sdk::Value::array(), lower = sdk::Value::array();
    for (int fdi : permanentChartOrder()) {
        sdk::Value states = sdk::Value::array();
        const std::string current = selection.count(fdi) ? selection[fdi] : "none";
        states.push(sdk::Value::object({{"value", "none"},
                                        {"label", input.words.t("cases.tooth.none")},
                                        {"selected", current == "none"}}));
        for (const auto& s : toothStates())
            states.push(sdk::Value::object(
                {{"value", s}, {"label", input.words.t("cases.tooth." + s)}, {"selected", current == s}}));
        sdk::Value tooth = sdk::Value::object({{"fdi", fdi},
                                               {"label", toothLabel(fdi, scheme)},
                                               {"marked", current != "none"},
                                               {"states", states}});
        (fdi < 30 ? upper : lower).push(tooth);
    }
    data.set("upper", upper);
    data.set("lower", lower);
    data.set("universal", scheme == Numbering::Universal);
    data.set("numbering", numbering);
    data.set("arches", product && product->chart == "arches");
    for (const char* arch : {"upper", "lower", "both"})
        data.set(std::string("arch_") + arch, record.arches == arch);
}

} // namespace molar::cases

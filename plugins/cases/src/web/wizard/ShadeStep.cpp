#include "web/wizard/ShadeStep.h"

#include "chart/Shades.h"

namespace molar::cases {

StepErrors ShadeStep::read(const StepInput& input, CaseRecord& record) const
{
    const std::string value = input.form("shade");
    const auto colon = value.find(':');
    ShadeGuide guide;
    if (colon == std::string::npos || !parseShadeGuide(value.substr(0, colon), guide) ||
        !isShade(guide, value.substr(colon + 1)))
        return {{"shade", "cases.error.shade"}};
    record.shadeGuide = shadeGuideName(guide);
    record.shade = value.substr(colon + 1);
    return {};
}

void ShadeStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                     sdk::Value& data) const
{
    sdk::Value guides = sdk::Value::array();
    for (ShadeGuide guide : {ShadeGuide::Classical, ShadeGuide::ThreeDMaster}) {
        sdk::Value options = sdk::Value::array();
        for (const auto& s : shades(guide))
            options.push(sdk::Value::object(
                {{"value", shadeGuideName(guide) + ":" + s},
                 {"label", s},
                 {"selected", record.shadeGuide == shadeGuideName(guide) && record.shade == s}}));
        guides.push(sdk::Value::object(
            {{"label", input.words.t("cases.shade." + shadeGuideName(guide))}, {"shades", options}}));
    }
    data.set("guides", guides);
}

} // namespace molar::cases

#include "web/Panels.h"

namespace molar::cases {

sdk::Value panelsData(sdk::Views& views, const std::string& place, sdk::Request& request,
                      const std::string& idPrefix)
{
    sdk::Value panels = sdk::Value::array();
    for (const auto& p : views.panels(place, request))
        panels.push(sdk::Value::object({{"id", idPrefix + "-" + std::to_string(panels.size())},
                                        {"heading", p.heading},
                                        {"text", p.text},
                                        {"linkText", p.linkText.empty() ? p.heading : p.linkText},
                                        {"linkPath", p.linkPath}}));
    return panels;
}

} // namespace molar::cases

#include "web/PrivacyRoutes.h"

namespace molar::cases {

void PrivacyRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", "/privacy", sdk::Access::Public,
               [this](sdk::Request& request, sdk::Response& response) { show(request, response); });
}

std::string PrivacyRoutes::policyHref(const CaseSettings& settings)
{
    return settings.privacyUrl.empty() ? "/privacy" : settings.privacyUrl;
}

void PrivacyRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const CaseSettings& settings = _pages.service().settings();
    // The lab's own page wins over the text.
    if (!settings.privacyUrl.empty() && settings.privacyUrl != "/privacy") {
        response.redirect(settings.privacyUrl);
        return;
    }
    // One paragraph per line of the configured text ("\n" in the properties file).
    sdk::Value paragraphs = sdk::Value::array();
    std::size_t start = 0;
    const auto translated = settings.privacyTexts.find(request.language());
    const std::string& text =
        translated != settings.privacyTexts.end() ? translated->second : settings.privacyText;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        line.erase(0, line.find_first_not_of(" \t\r"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (!line.empty())
            paragraphs.push(sdk::Value::object({{"text", line}}));
        start = end + 1;
    }
    _pages.page(request, response, "privacy", "cases.privacy.title",
                sdk::Value::object({{"paragraphs", paragraphs}}));
}

} // namespace molar::cases

#include "web/ProviderHandoff.h"

namespace molar::credits {

bool ProviderHandoff::isAbsolute(const std::string& url)
{
    return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

void ProviderHandoff::send(sdk::Request& request, sdk::Response& response, const std::string& url,
                           const std::string& providerName) const
{
    const std::string& portal = _host.publicUrl();
    if (!portal.empty() && url.size() > portal.size() && url.compare(0, portal.size(), portal) == 0 &&
        url[portal.size()] == '/')
        return response.redirect(url);
    std::string label = _host.views().translate("credits.handoff.continue", request.language());
    const auto slot = label.find("{provider}");
    if (slot != std::string::npos)
        label.replace(slot, 10, providerName);
    // Never cached: the address is one payer's checkout.
    response.setHeader("Cache-Control", "no-store");
    // Never a header with a line break.
    if (url.find_first_of("\r\n") == std::string::npos)
        response.setHeader("Refresh", "0;url=" + url);
    _host.views().page(request, response, "credits/continue-to-provider", "credits.handoff.title",
                       sdk::Value::object({{"url", url}, {"continueLabel", label}}));
}

} // namespace molar::credits

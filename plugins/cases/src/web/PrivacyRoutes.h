#pragma once

#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The privacy policy clinics accept when they send a case: /privacy shows the text the
// lab configured (cases.privacy.text), or leads to the lab's own page (cases.privacy.url).
class PrivacyRoutes
{
public:
    explicit PrivacyRoutes(PageSupport& pages) : _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);
    // Where the wizard links the policy.
    static std::string policyHref(const CaseSettings& settings);

private:
    void show(sdk::Request& request, sdk::Response& response);

    PageSupport& _pages;
};

} // namespace molar::cases

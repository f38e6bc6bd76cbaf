#pragma once

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::billing {

// Sends the payer from a form's POST on to a provider's own page (Stripe Checkout) on
// another origin. The portal's pages carry Content-Security-Policy form-action 'self',
// and Chromium blocks a form submission whose answer redirects to another origin, so
// the POST is answered with a small page instead of a 303: a "Continue to <provider>"
// link and a meta refresh that follows it at once (a navigation, which form-action
// does not govern). A redirect within the portal stays a 303.
class ProviderHandoff
{
public:
    explicit ProviderHandoff(sdk::Host& host) : _host(host) {}

    // Whether `url` is an absolute http(s) address (a provider's page, or the portal's own).
    static bool isAbsolute(const std::string& url);
    // Sends the payer to `url`: a 303 within the portal (its public URL), else the page that
    // continues there, naming the provider as the payer knows it.
    void send(sdk::Request& request, sdk::Response& response, const std::string& url,
              const std::string& providerName) const;

private:
    sdk::Host& _host;
};

} // namespace molar::billing

#pragma once

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::credits {

// Sends the payer from a form's POST on to a provider's own page (a hosted checkout, a
// card's setup) on another origin. The portal's pages carry Content-Security-Policy
// form-action 'self', and browsers block a form submission whose answer redirects to
// another origin, so the POST is answered with a page instead of a 303: a "Continue to
// <provider>" link, and a Refresh header that follows it at once. An address within the
// portal stays a 303.
class ProviderHandoff
{
public:
    explicit ProviderHandoff(sdk::Host& host) : _host(host) {}

    // Whether `url` is an absolute http(s) address.
    static bool isAbsolute(const std::string& url);
    void send(sdk::Request& request, sdk::Response& response, const std::string& url,
              const std::string& providerName) const;

private:
    sdk::Host& _host;
};

} // namespace molar::credits

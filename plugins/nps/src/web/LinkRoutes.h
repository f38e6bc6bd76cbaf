#pragma once

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::nps {

// The feedback link a delivered case's message carries: /feedback/t/<token>, no sign-in.
// A link unknown, used or expired gets one and the same page, so that it tells nothing.
// Answers are rate limited per client address on every host; the pages are kept out of
// caches, search engines and other sites' Referer headers.
class LinkRoutes : public std::enable_shared_from_this<LinkRoutes>
{
public:
    static constexpr const char* thanksPath = "/feedback/thanks";

    LinkRoutes(sdk::Host& host, const NpsSettings& settings, FeedbackService& service)
        : _host(host), _settings(settings), _service(service)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void form(sdk::Request& request, sdk::Response& response);
    void answer(sdk::Request& request, sdk::Response& response);
    void thanks(sdk::Request& request, sdk::Response& response);
    void gone(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    const NpsSettings& _settings;
    FeedbackService& _service;
};

} // namespace molar::nps

#pragma once

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::nps {

// The public /reviews: the lab's Net Promoter Score over nps.windowDays with the number of
// answers it stands on, and the comments clinics agreed to publish, newest first, each with
// the author's initials and the case number's last four only.
class ReviewsRoutes : public std::enable_shared_from_this<ReviewsRoutes>
{
public:
    static constexpr const char* path = "/reviews";

    ReviewsRoutes(sdk::Host& host, const NpsSettings& settings, FeedbackService& service)
        : _host(host), _settings(settings), _service(service)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void list(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    const NpsSettings& _settings;
    FeedbackService& _service;
};

} // namespace molar::nps

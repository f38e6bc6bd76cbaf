#pragma once

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::nps {

// The lab's feedback dashboard, /lab/feedback, for its admins and leads (other lab users
// get 403): the NPS month by month over a year, the star averages, the answers by product
// and by technician, the open follow-ups with the overdue ones marked, and the last ones
// closed.
class DashboardRoutes : public std::enable_shared_from_this<DashboardRoutes>
{
public:
    static constexpr const char* path = "/lab/feedback";

    DashboardRoutes(sdk::Host& host, const NpsSettings& settings, FeedbackService& service)
        : _host(host), _settings(settings), _service(service)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    const NpsSettings& _settings;
    FeedbackService& _service;
};

} // namespace molar::nps

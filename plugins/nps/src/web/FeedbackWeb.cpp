#include "web/FeedbackWeb.h"

#include "web/DashboardRoutes.h"
#include "web/FeedbackPanel.h"
#include "web/FollowUpRoutes.h"
#include "web/LinkRoutes.h"
#include "web/MemberRoutes.h"
#include "web/ReviewsRoutes.h"

#include "molar/sdk/Views.h"

#include <memory>

namespace molar::nps {

void startFeedbackWeb(sdk::Host& host, const NpsSettings& settings, FeedbackService& service)
{
    // Each route table is held by its own handlers, which the host drops before stop().
    std::make_shared<LinkRoutes>(host, settings, service)->registerRoutes(host.routes());
    std::make_shared<MemberRoutes>(host, settings, service)->registerRoutes(host.routes());
    std::make_shared<ReviewsRoutes>(host, settings, service)->registerRoutes(host.routes());
    std::make_shared<DashboardRoutes>(host, settings, service)->registerRoutes(host.routes());
    std::make_shared<FollowUpRoutes>(host, service)->registerRoutes(host.routes());
    host.views().addPanel("case.page", [&host, &service](sdk::Request& request) {
        return feedbackPanel(host, service, request);
    });
    host.views().addMenuItem({"nps.menu.reviews", ReviewsRoutes::path, sdk::Access::Public, 96});
    host.views().addMenuItemFor({"nps.menu.dashboard", DashboardRoutes::path, sdk::Access::Lab, 50},
                                {"admin", "lead"});
}

} // namespace molar::nps

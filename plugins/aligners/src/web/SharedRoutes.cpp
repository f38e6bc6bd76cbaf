#include "web/SharedRoutes.h"

#include "web/PlanRoutes.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/RateLimits.h"

#include <chrono>

namespace molar::aligners {

void SharedRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (SharedRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    routes.add("GET", "/plans/shared/{token}", sdk::Access::Public, bind(&SharedRoutes::show));
    routes.add("GET", "/plans/shared/{token}/files/{fileId}", sdk::Access::Public, bind(&SharedRoutes::file));
}

std::optional<PlanService::Shared> SharedRoutes::opened(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const auto decision = _host.rateLimiter().allow("shared-plan", request.clientAddress(), kTriesPerMinute,
                                                    std::chrono::minutes(1));
    if (!decision.allowed) {
        response.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
        throw sdk::HttpError(429, viewer.t("aligners.shared.tooMany"));
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Robots-Tag", "noindex");
    response.setHeader("Referrer-Policy", "no-referrer");
    auto shared = _service.shared(request.param("token"));
    if (!shared) {
        response.setStatus(404);
        _host.views().page(request, response, "aligners/shared-gone", "aligners.shared.goneTitle",
                           sdk::Value::object());
    }
    return shared;
}

void SharedRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const auto shared = opened(request, response);
    if (shared)
        _pages.sharedPlan(request, response, Viewer(_host, request), *shared, request.param("token"));
}

void SharedRoutes::file(sdk::Request& request, sdk::Response& response)
{
    const auto shared = opened(request, response);
    if (!shared)
        return;
    const std::int64_t fileId = idFromPath(request.param("fileId"));
    for (const auto& file : shared->plan.files)
        if (file.id == fileId) {
            sendPlanFile(_host, response, file);
            return;
        }
    response.setStatus(404);
    _host.views().page(request, response, "aligners/shared-gone", "aligners.shared.goneTitle",
                       sdk::Value::object());
}

} // namespace molar::aligners

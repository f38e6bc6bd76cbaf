#include "web/UpgradeRoutes.h"

#include "molar/sdk/Errors.h"

namespace molar::aligners {

void UpgradeRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 16 * 1024;
    routes.add(
        "POST", "/aligners/cases/{caseId}/upgrade", sdk::Access::Clinic,
        [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
            self->upgrade(request, response);
        },
        form);
}

void UpgradeRoutes::upgrade(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const std::int64_t caseId = idFromPath(request.param("caseId"));
    try {
        _expiry.upgrade(viewer.caller(), caseId, request.form("planType"), request.form("from"));
        response.redirect("/aligners/cases/" + std::to_string(caseId) + "#expiry");
    } catch (const PlanRefusal& refusal) {
        if (refusal.status() != 400)
            throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
        response.setStatus(400);
        _pages.planPage(request, response, viewer, _plans.readableCase(viewer.caller(), caseId),
                        sdk::Value::object({{"upgradeError", viewer.t(refusal.key())}}));
    }
}

} // namespace molar::aligners

#include "web/FeedbackPanel.h"

#include "web/DashboardRoutes.h"
#include "web/MemberRoutes.h"
#include "web/PageViewer.h"

#include <string>

namespace molar::nps {

std::vector<sdk::Panel> feedbackPanel(sdk::Host& host, FeedbackService& service, sdk::Request& request)
{
    const PageViewer viewer(host, request);
    const std::int64_t caseId = idFromPath(request.param("id"));
    if (caseId == 0 || (!viewer.isLab() && !viewer.isClinic()))
        return {};
    const auto found = service.requestForCase(caseId);
    if (!found)
        return {};
    sdk::Panel panel;
    panel.heading = viewer.t("nps.panel.heading");
    panel.order = 30;
    const auto answer = service.answerForCase(caseId);
    const std::string score = answer ? std::to_string(answer->score) : std::string();
    if (viewer.isLab()) {
        if (!answer)
            return {};
        panel.text = viewer.t("nps.panel.labScore", {{"score", score}});
        if (viewer.handlesFeedback()) {
            panel.linkText = viewer.t("nps.panel.dashboard");
            panel.linkPath = DashboardRoutes::path;
        }
        return {panel};
    }
    if (!viewer.answersFor(*found))
        return {};
    panel.linkPath = MemberRoutes::pathOf(caseId);
    if (!answer) {
        panel.text = viewer.t("nps.panel.ask");
        panel.linkText = viewer.t("nps.panel.leave");
    } else {
        panel.text = viewer.t("nps.panel.yours", {{"score", score}});
        panel.linkText = viewer.t(service.editable(*answer) ? "nps.panel.change" : "nps.panel.view");
    }
    return {panel};
}

} // namespace molar::nps

#include "web/FollowUpRoutes.h"

#include "web/PageViewer.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Views.h"

#include <string>

namespace molar::nps {

namespace {

std::string starsText(const PageViewer& viewer, int stars)
{
    return stars == 0 ? viewer.t("nps.stars.none") : viewer.t("nps.stars." + std::to_string(stars));
}

// The answer behind a follow-up as facts; none when it is gone.
sdk::Value answerFacts(sdk::Host& host, const PageViewer& viewer, const std::optional<FeedbackAnswer>& answer)
{
    sdk::Value facts = sdk::Value::array();
    if (!answer)
        return facts;
    auto fact = [&](const std::string& key, const std::string& value) {
        facts.push(sdk::Value::object({{"term", viewer.t(key)}, {"value", value}}));
    };
    fact("nps.field.score", viewer.t("nps.scoreOf", {{"score", std::to_string(answer->score)}}));
    fact("nps.field.fit", starsText(viewer, answer->fitStars));
    fact("nps.field.aesthetics", starsText(viewer, answer->aestheticsStars));
    fact("nps.field.speed", starsText(viewer, answer->speedStars));
    fact("nps.field.comment", answer->comment.empty() ? viewer.t("nps.form.noComment") : answer->comment);
    fact("nps.field.product", viewer.product(answer->product, answer->productName));
    const auto organization = host.accounts().organization(answer->organizationId);
    if (organization)
        fact("nps.field.clinic", organization->name);
    fact("nps.field.author", answer->authorName);
    fact("nps.field.given", viewer.dayAndTime(answer->answeredAt));
    return facts;
}

} // namespace

std::string FollowUpRoutes::pathOf(std::int64_t followUpId)
{
    return "/lab/feedback/followups/" + std::to_string(followUpId);
}

void FollowUpRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (FollowUpRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    sdk::RouteOptions form;
    form.maxBodyBytes = 16 * 1024;
    routes.add("GET", "/lab/feedback/followups/{id}", sdk::Access::Lab, bind(&FollowUpRoutes::show));
    routes.add("POST", "/lab/feedback/followups/{id}", sdk::Access::Lab, bind(&FollowUpRoutes::close), form);
}

FollowUp FollowUpRoutes::readable(const sdk::Request& request, const PageViewer& viewer)
{
    if (!viewer.handlesFeedback())
        throw sdk::HttpError(403, viewer.t("nps.error.leadsOnly"));
    const std::int64_t id = idFromPath(request.param("id"));
    const auto followUp = id > 0 ? _service.followUp(id) : std::nullopt;
    if (!followUp)
        throw sdk::HttpError(404, viewer.t("nps.error.followUpNotFound"));
    return *followUp;
}

void FollowUpRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const PageViewer viewer(_host, request);
    const FollowUp followUp = readable(request, viewer);
    render(request, response, viewer, followUp,
           sdk::Value::object({{"saved", request.query("closed") == "1"}}));
}

void FollowUpRoutes::close(sdk::Request& request, sdk::Response& response)
{
    const PageViewer viewer(_host, request);
    const FollowUp followUp = readable(request, viewer);
    const std::string note = request.form("note");
    try {
        _service.closeFollowUp(followUp.id, note, sdk::Actor::of(request));
    } catch (const NpsRefusal& refusal) {
        if (refusal.status() != 400)
            throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
        // The mistake beside the note, what was typed kept.
        response.setStatus(400);
        render(request, response, viewer, followUp,
               sdk::Value::object({{"note", note}, {"noteError", viewer.t(refusal.key())}}));
        return;
    }
    response.redirect(pathOf(followUp.id) + "?closed=1");
}

void FollowUpRoutes::render(sdk::Request& request, sdk::Response& response, const PageViewer& viewer,
                            const FollowUp& f, const sdk::Value& form)
{
    const std::int64_t now = _service.nowMs();
    sdk::Value data =
        sdk::Value::object({{"action", pathOf(f.id)},
                            {"caseNumber", f.caseNumber},
                            {"caseHref", "/cases/" + std::to_string(f.caseId)},
                            {"opened", viewer.dayAndTime(f.openedAt)},
                            {"due", viewer.dayAndTime(f.dueAt)},
                            {"open", f.open()},
                            {"overdue", f.overdueAt(now)},
                            {"escalated", f.escalatedAt != 0},
                            {"closed", f.closedAt ? viewer.dayAndTime(f.closedAt) : std::string()},
                            {"closedBy", f.closedByName},
                            {"closingNote", f.note},
                            {"form", form}});
    data.set("facts", answerFacts(_host, viewer, _service.answerForCase(f.caseId)));
    data.set("dashboardHref", "/lab/feedback");
    _host.views().page(request, response, "nps/followup", "nps.followup.title", data);
}

} // namespace molar::nps

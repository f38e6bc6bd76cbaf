#include "web/MemberRoutes.h"

#include "web/AnswerPage.h"
#include "web/PageViewer.h"

#include "molar/sdk/Errors.h"

#include <string>

namespace molar::nps {

namespace {

constexpr std::size_t kMaxFormBytes = 16 * 1024;
constexpr std::int64_t kHourMs = 3600 * 1000;

AnswerView memberView(const PageViewer& viewer, const NpsSettings& settings, const FeedbackRequest& found)
{
    AnswerView view;
    view.editHours = settings.editHours;
    view.action = MemberRoutes::pathOf(found.caseId);
    view.caseNumber = found.caseNumber;
    view.product = viewer.product(found.product, found.productName);
    view.caseHref = "/cases/" + std::to_string(found.caseId);
    return view;
}

} // namespace

std::string MemberRoutes::pathOf(std::int64_t caseId)
{
    return "/feedback/cases/" + std::to_string(caseId);
}

void MemberRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (MemberRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    sdk::RouteOptions form;
    form.maxBodyBytes = kMaxFormBytes;
    // Signed in, not Clinic: the lab reads an answer given (the case's timeline links here)
    // and gets a 404 for a case not answered; only the clinic's members answer.
    routes.add("GET", "/feedback/cases/{caseId}", sdk::Access::SignedIn, bind(&MemberRoutes::show));
    routes.add("POST", "/feedback/cases/{caseId}", sdk::Access::SignedIn, bind(&MemberRoutes::answer), form);
}

FeedbackRequest MemberRoutes::answerable(const sdk::Request& request, const PageViewer& viewer)
{
    const std::int64_t caseId = idFromPath(request.param("caseId"));
    std::optional<FeedbackRequest> found;
    if (caseId > 0 && viewer.isClinic())
        found = _service.requestForCase(caseId);
    if (!found || !viewer.answersFor(*found))
        throw sdk::HttpError(404, viewer.t("nps.error.notFound"));
    return *found;
}

void MemberRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const PageViewer viewer(_host, request);
    if (viewer.isLab()) {
        showToLab(request, response, viewer);
        return;
    }
    const FeedbackRequest found = answerable(request, viewer);
    AnswerView view = memberView(viewer, _settings, found);
    view.saved = request.query("saved") == "1";
    if (const auto answer = _service.answerForCase(found.caseId)) {
        view.form = formOfAnswer(*answer);
        view.changing = true;
        view.answeredAt = answer->answeredAt;
        view.readOnly = !_service.editable(*answer);
        if (!view.readOnly)
            view.editableUntil = answer->answeredAt + _settings.editHours * kHourMs;
    }
    renderAnswerPage(_host, request, response, viewer, view);
}

void MemberRoutes::showToLab(sdk::Request& request, sdk::Response& response, const PageViewer& viewer)
{
    const std::int64_t caseId = idFromPath(request.param("caseId"));
    const auto found = caseId > 0 ? _service.requestForCase(caseId) : std::nullopt;
    const auto answer = found ? _service.answerForCase(caseId) : std::nullopt;
    if (!answer)
        throw sdk::HttpError(404, viewer.t("nps.error.notFound"));
    AnswerView view = memberView(viewer, _settings, *found);
    view.form = formOfAnswer(*answer);
    view.changing = true;
    view.answeredAt = answer->answeredAt;
    view.readOnly = true;
    view.labReader = true;
    renderAnswerPage(_host, request, response, viewer, view);
}

void MemberRoutes::answer(sdk::Request& request, sdk::Response& response)
{
    const PageViewer viewer(_host, request);
    const FeedbackRequest found = answerable(request, viewer);
    const AnswerForm typed = postedAnswer(request);
    CheckedAnswer checked;
    try {
        checked = _service.answerAsMember(found.caseId, typed, sdk::Actor::of(request));
    } catch (const NpsRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
    }
    if (!checked.ok()) {
        // Each mistake beside its field, everything typed kept.
        AnswerView view = memberView(viewer, _settings, found);
        view.form = typed;
        view.errors = checked.errors;
        if (const auto answer = _service.answerForCase(found.caseId)) {
            view.changing = true;
            view.answeredAt = answer->answeredAt;
            view.editableUntil = answer->answeredAt + _settings.editHours * kHourMs;
        }
        response.setStatus(400);
        renderAnswerPage(_host, request, response, viewer, view);
        return;
    }
    response.redirect(pathOf(found.caseId) + "?saved=1");
}

} // namespace molar::nps

#include "web/LinkRoutes.h"

#include "molar/tokens/UrlToken.h"
#include "web/AnswerPage.h"
#include "web/PageViewer.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/RateLimits.h"
#include "molar/sdk/Views.h"

#include <chrono>
#include <string>

namespace molar::nps {

namespace {

// The form's largest body: a comment of 1,000 characters of up to four bytes each,
// percent-encoded, and the other fields.
constexpr std::size_t kMaxFormBytes = 16 * 1024;

AnswerView viewOf(const PageViewer& viewer, const FeedbackRequest& request, const std::string& token)
{
    AnswerView view;
    view.action = "/feedback/t/" + token;
    view.caseNumber = request.caseNumber;
    view.product = viewer.product(request.product, request.productName);
    return view;
}

} // namespace

void LinkRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (LinkRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    // The form carries the CSRF token of the visitor's cookie, as the sign-in form does.
    sdk::RouteOptions form;
    form.maxBodyBytes = kMaxFormBytes;
    routes.add("GET", "/feedback/t/{token}", sdk::Access::Public, bind(&LinkRoutes::form));
    routes.add("POST", "/feedback/t/{token}", sdk::Access::Public, bind(&LinkRoutes::answer), form);
    routes.add("GET", thanksPath, sdk::Access::Public, bind(&LinkRoutes::thanks));
}

void LinkRoutes::form(sdk::Request& request, sdk::Response& response)
{
    markPrivate(response);
    const std::string token = request.param("token");
    // A token of the wrong shape is never hashed nor looked up.
    const auto found = tokens::looksLikeToken(token) ? _service.requestForToken(token) : std::nullopt;
    if (!found) {
        gone(request, response);
        return;
    }
    const PageViewer viewer(_host, request);
    renderAnswerPage(_host, request, response, viewer, viewOf(viewer, *found, token));
}

void LinkRoutes::answer(sdk::Request& request, sdk::Response& response)
{
    markPrivate(response);
    const PageViewer viewer(_host, request);
    const auto decision = _host.rateLimiter().allow("feedback-answer", request.clientAddress(),
                                                    _settings.answerPerMinute, std::chrono::minutes(1));
    if (!decision.allowed) {
        response.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
        throw sdk::HttpError(429, viewer.t("nps.error.tooMany"));
    }
    const std::string token = request.param("token");
    if (!tokens::looksLikeToken(token)) {
        gone(request, response);
        return;
    }
    const AnswerForm typed = postedAnswer(request);
    CheckedAnswer checked;
    try {
        checked = _service.answerWithToken(token, typed, sdk::Actor::of(request));
    } catch (const NpsRefusal&) {
        // Used meanwhile, expired or answered by a signed-in member: the link no longer works.
        gone(request, response);
        return;
    }
    if (!checked.ok()) {
        const auto found = _service.requestForToken(token);
        if (!found) {
            gone(request, response);
            return;
        }
        // Each mistake beside its field, everything typed kept.
        AnswerView view = viewOf(viewer, *found, token);
        view.form = typed;
        view.errors = checked.errors;
        response.setStatus(400);
        renderAnswerPage(_host, request, response, viewer, view);
        return;
    }
    response.redirect(thanksPath);
}

void LinkRoutes::thanks(sdk::Request& request, sdk::Response& response)
{
    markPrivate(response);
    const PageViewer viewer(_host, request);
    _host.views().page(
        request, response, "nps/thanks", "nps.thanks.title",
        sdk::Value::object(
            {{"change", viewer.t("nps.thanks.change", {{"hours", std::to_string(_settings.editHours)}})}}));
}

void LinkRoutes::gone(sdk::Request& request, sdk::Response& response)
{
    // One page for every link that does not work: the same status, words and headers.
    response.setStatus(404);
    _host.views().page(request, response, "nps/gone", "nps.gone.title", sdk::Value::object());
}

} // namespace molar::nps

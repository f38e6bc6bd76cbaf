#include "web/AnswerPage.h"

#include "molar/sdk/Views.h"

#include <string>

namespace molar::nps {

namespace {

// The star questions, in the form's order: the field's name and its catalog word.
struct StarQuestion
{
    const char* field;
    const char* key;
};
constexpr StarQuestion kStarQuestions[] = {
    {"fit", "nps.field.fit"}, {"aesthetics", "nps.field.aesthetics"}, {"speed", "nps.field.speed"}};

std::string errorOf(const PageViewer& viewer, const AnswerView& view, const std::string& field)
{
    const auto found = view.errors.find(field);
    return found == view.errors.end() ? std::string() : viewer.t(found->second);
}

const std::string& typedStars(const AnswerForm& form, const std::string& field)
{
    return field == "fit" ? form.fit : field == "aesthetics" ? form.aesthetics : form.speed;
}

std::string starsText(const PageViewer& viewer, const std::string& typed)
{
    return typed.empty() || typed == "0" ? viewer.t("nps.stars.none") : viewer.t("nps.stars." + typed);
}

sdk::Value scoreOptions(const AnswerForm& form)
{
    sdk::Value options = sdk::Value::array();
    for (int score = 0; score <= 10; ++score)
        options.push(sdk::Value::object(
            {{"value", std::to_string(score)}, {"checked", form.score == std::to_string(score)}}));
    return options;
}

sdk::Value starGroups(const PageViewer& viewer, const AnswerView& view)
{
    sdk::Value groups = sdk::Value::array();
    for (const auto& question : kStarQuestions) {
        const std::string& typed = typedStars(view.form, question.field);
        // "Not rated" is the first choice and the one checked when nothing else is.
        sdk::Value options = sdk::Value::array();
        bool anyChecked = false;
        for (int stars = 1; stars <= 5; ++stars)
            anyChecked = anyChecked || typed == std::to_string(stars);
        options.push(sdk::Value::object({{"value", ""},
                                         {"slug", "none"},
                                         {"label", viewer.t("nps.stars.none")},
                                         {"checked", !anyChecked}}));
        for (int stars = 1; stars <= 5; ++stars) {
            const std::string value = std::to_string(stars);
            options.push(sdk::Value::object({{"value", value},
                                             {"slug", value},
                                             {"label", viewer.t("nps.stars." + value)},
                                             {"checked", typed == value}}));
        }
        groups.push(sdk::Value::object({{"field", question.field},
                                        {"legend", viewer.t(question.key)},
                                        {"options", options},
                                        {"error", errorOf(viewer, view, question.field)}}));
    }
    return groups;
}

// The answer as facts, for the read-only page.
sdk::Value answerFacts(const PageViewer& viewer, const AnswerView& view)
{
    sdk::Value facts = sdk::Value::array();
    auto fact = [&](const std::string& key, const std::string& value) {
        facts.push(sdk::Value::object({{"term", viewer.t(key)}, {"value", value}}));
    };
    fact("nps.field.score", viewer.t("nps.scoreOf", {{"score", view.form.score}}));
    for (const auto& question : kStarQuestions)
        fact(question.key, starsText(viewer, typedStars(view.form, question.field)));
    fact("nps.field.comment", view.form.comment.empty() ? viewer.t("nps.form.noComment") : view.form.comment);
    fact("nps.field.published",
         viewer.t(view.form.consent ? "nps.form.publishedYes" : "nps.form.publishedNo"));
    if (view.answeredAt != 0)
        fact("nps.field.given", viewer.day(view.answeredAt));
    return facts;
}

} // namespace

AnswerForm postedAnswer(sdk::Request& request)
{
    AnswerForm form;
    form.score = request.form("score");
    form.fit = request.form("fit");
    form.aesthetics = request.form("aesthetics");
    form.speed = request.form("speed");
    form.comment = request.form("comment");
    form.consent = request.form("consent") == "yes";
    return form;
}

AnswerForm formOfAnswer(const FeedbackAnswer& answer)
{
    auto stars = [](int count) { return count == 0 ? std::string() : std::to_string(count); };
    AnswerForm form;
    form.score = std::to_string(answer.score);
    form.fit = stars(answer.fitStars);
    form.aesthetics = stars(answer.aestheticsStars);
    form.speed = stars(answer.speedStars);
    form.comment = answer.comment;
    form.consent = answer.consent;
    return form;
}

void renderAnswerPage(sdk::Host& host, sdk::Request& request, sdk::Response& response,
                      const PageViewer& viewer, const AnswerView& view)
{
    sdk::Value data = sdk::Value::object({{"action", view.action},
                                          {"caseNumber", view.caseNumber},
                                          {"product", view.product},
                                          {"caseHref", view.caseHref},
                                          {"saved", view.saved},
                                          {"readOnly", view.readOnly}});
    if (view.readOnly) {
        data.set("facts", answerFacts(viewer, view));
        data.set("readOnlyText",
                 view.labReader ? viewer.t("nps.form.labReader")
                                : viewer.t("nps.form.readOnly", {{"hours", std::to_string(view.editHours)}}));
    } else {
        data.set("scores", scoreOptions(view.form));
        data.set("scoreError", errorOf(viewer, view, "score"));
        data.set("starGroups", starGroups(viewer, view));
        data.set("comment", view.form.comment);
        data.set("commentError", errorOf(viewer, view, "comment"));
        data.set("consent", view.form.consent);
        data.set("submit", viewer.t(view.changing ? "nps.form.save" : "nps.form.send"));
        if (view.editableUntil != 0)
            data.set("editNote",
                     viewer.t("nps.form.editUntil", {{"until", viewer.dayAndTime(view.editableUntil)}}));
    }
    host.views().page(request, response, "nps/form", "nps.form.title", data);
}

void markPrivate(sdk::Response& response)
{
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Robots-Tag", "noindex");
    response.setHeader("Referrer-Policy", "no-referrer"); // the token stays out of other sites' logs
}

} // namespace molar::nps

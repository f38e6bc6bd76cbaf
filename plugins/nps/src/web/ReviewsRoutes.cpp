#include "web/ReviewsRoutes.h"

#include "reports/FeedbackReports.h"
#include "web/PageViewer.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Views.h"

#include <string>

namespace molar::nps {

namespace {

constexpr int kPageSize = 20;

} // namespace

void ReviewsRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Public,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->list(request, response);
               });
}

void ReviewsRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const PageViewer viewer(_host, request);
    const std::string beforeText = request.query("before");
    const std::int64_t before = idFromPath(beforeText);
    if (!beforeText.empty() && before == 0)
        throw sdk::HttpError(400, viewer.t("nps.error.badCursor"));

    const ScoreSummary summary =
        FeedbackReports::window(_host.database(), _settings.windowDays, _service.nowMs());
    const auto nps = summary.nps();
    const int answers = summary.counts.answers();
    sdk::Value data = sdk::Value::object(
        {{"hasScore", nps.has_value()},
         {"score", nps ? std::to_string(*nps) : std::string()},
         {"basis",
          viewer.t(answers == 1 ? "nps.reviews.basisOne" : "nps.reviews.basis",
                   {{"answers", std::to_string(answers)}, {"days", std::to_string(_settings.windowDays)}})}});

    const auto rows = FeedbackReports::reviews(_host.database(), before, kPageSize + 1);
    sdk::Value items = sdk::Value::array();
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(kPageSize); ++i) {
        const PublishedReview& r = rows[i];
        items.push(
            sdk::Value::object({{"id", r.answerId},
                                {"initials", r.initials},
                                {"caseTail", r.caseTail},
                                {"product", viewer.product(r.product, r.productName)},
                                {"scoreText", viewer.t("nps.scoreOf", {{"score", std::to_string(r.score)}})},
                                {"day", viewer.day(r.answeredAt)},
                                {"comment", r.comment}}));
    }
    data.set("reviews", items);
    data.set("empty", rows.empty());
    if (rows.size() > static_cast<std::size_t>(kPageSize))
        data.set("olderHref", std::string(path) + "?before=" + std::to_string(rows[kPageSize - 1].answerId));
    _host.views().page(request, response, "nps/reviews", "nps.reviews.title", data);
}

} // namespace molar::nps

#include "web/DashboardRoutes.h"

#include "reports/FeedbackReports.h"
#include "web/FollowUpRoutes.h"
#include "web/PageViewer.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Views.h"

#include <functional>
#include <string>
#include <vector>

namespace molar::nps {

namespace {

constexpr int kMonths = 12;
constexpr int kClosedShown = 10;

std::string npsText(const PageViewer& viewer, const ScoreSummary& summary)
{
    const auto nps = summary.nps();
    return nps ? std::to_string(*nps) : viewer.t("nps.dashboard.noScore");
}

std::string starsText(const PageViewer& viewer, const StarAverage& average)
{
    return average.count == 0 ? viewer.t("nps.dashboard.noStars") : average.text();
}

// One row of a summary table: its label, the answers, the NPS and the star averages.
sdk::Value summaryRow(const PageViewer& viewer, const std::string& label, const ScoreSummary& s)
{
    return sdk::Value::object({{"label", label},
                               {"answers", std::to_string(s.counts.answers())},
                               {"promoters", std::to_string(s.counts.promoters)},
                               {"passives", std::to_string(s.counts.passives)},
                               {"detractors", std::to_string(s.counts.detractors)},
                               {"nps", npsText(viewer, s)},
                               {"fit", starsText(viewer, s.fit)},
                               {"aesthetics", starsText(viewer, s.aesthetics)},
                               {"speed", starsText(viewer, s.speed)}});
}

sdk::Value summaryRows(const PageViewer& viewer, const std::vector<GroupSummary>& groups,
                       const std::function<std::string(const GroupSummary&)>& labelOf)
{
    sdk::Value rows = sdk::Value::array();
    for (const GroupSummary& group : groups)
        rows.push(summaryRow(viewer, labelOf(group), group.summary));
    return rows;
}

std::string userName(sdk::Host& host, const PageViewer& viewer, const std::string& key)
{
    const std::int64_t id = idFromPath(key);
    if (id == 0)
        return viewer.t("nps.dashboard.nobody");
    const auto user = host.accounts().user(id);
    return user ? user->displayName : viewer.t("nps.dashboard.formerUser");
}

sdk::Value followUpRows(const PageViewer& viewer, const std::vector<FollowUp>& followUps, std::int64_t now)
{
    sdk::Value rows = sdk::Value::array();
    for (const FollowUp& f : followUps)
        rows.push(
            sdk::Value::object({{"href", FollowUpRoutes::pathOf(f.id)},
                                {"caseNumber", f.caseNumber},
                                {"scoreText", viewer.t("nps.scoreOf", {{"score", std::to_string(f.score)}})},
                                {"opened", viewer.dayAndTime(f.openedAt)},
                                {"due", viewer.dayAndTime(f.dueAt)},
                                {"overdue", f.overdueAt(now)},
                                {"closed", f.closedAt ? viewer.dayAndTime(f.closedAt) : std::string()},
                                {"closedBy", f.closedByName},
                                {"note", f.note}}));
    return rows;
}

} // namespace

void DashboardRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Lab,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->show(request, response);
               });
}

void DashboardRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const PageViewer viewer(_host, request);
    if (!viewer.handlesFeedback())
        throw sdk::HttpError(403, viewer.t("nps.error.leadsOnly"));
    sdk::SqlRunner& db = _host.database();
    const std::int64_t now = _service.nowMs();

    const ScoreSummary window = FeedbackReports::window(db, _settings.windowDays, now);
    sdk::Value data = sdk::Value::object(
        {{"windowText",
          viewer.t(window.counts.answers() == 1 ? "nps.dashboard.windowOne" : "nps.dashboard.window",
                   {{"days", std::to_string(_settings.windowDays)},
                    {"answers", std::to_string(window.counts.answers())},
                    {"nps", npsText(viewer, window)}})},
         {"window", summaryRow(viewer, "", window)},
         {"starsHeading",
          viewer.t("nps.dashboard.starsHeading", {{"days", std::to_string(_settings.windowDays)}})}});
    const auto months = FeedbackReports::byMonth(db, kMonths, now, _host.timeZone());
    sdk::Value monthRows = sdk::Value::array();
    for (const GroupSummary& group : months) {
        sdk::Value row = summaryRow(viewer, viewer.month(group.key), group.summary);
        row.set("stamp", group.key); // "2026-05", for <time datetime>
        monthRows.push(row);
    }
    data.set("months", monthRows);
    const auto products = FeedbackReports::byProduct(db);
    data.set("products", summaryRows(viewer, products, [&](const GroupSummary& g) {
                 return viewer.product(g.key, g.label.empty() ? g.key : g.label);
             }));
    data.set("anyProducts", !products.empty());
    const auto technicians = FeedbackReports::byTechnician(db);
    data.set("technicians", summaryRows(viewer, technicians, [&](const GroupSummary& g) {
                 return userName(_host, viewer, g.key);
             }));
    data.set("anyTechnicians", !technicians.empty());
    const auto open = FeedbackReports::openFollowUps(db);
    data.set("open", followUpRows(viewer, open, now));
    data.set("anyOpen", !open.empty());
    const auto closed = FeedbackReports::closedFollowUps(db, kClosedShown);
    data.set("closed", followUpRows(viewer, closed, now));
    data.set("anyClosed", !closed.empty());
    _host.views().page(request, response, "nps/dashboard", "nps.dashboard.title", data);
}

} // namespace molar::nps

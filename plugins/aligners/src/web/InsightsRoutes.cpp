#include "web/InsightsRoutes.h"

#include "web/Viewer.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Views.h"

namespace molar::aligners {

namespace {

std::string signedNumber(std::int64_t n)
{
    return (n > 0 ? "+" : "") + std::to_string(n);
}

std::string signedTenths(std::int64_t tenths)
{
    return (tenths > 0 ? "+" : "") + formatTenths(tenths);
}

// A row of the table: the figure in both periods and its change, in the viewer's words.
struct RowWords
{
    const Viewer& viewer;

    std::string value(const std::optional<std::int64_t>& v, const std::string& key, bool tenths) const
    {
        if (!v)
            return viewer.t("aligners.insights.none");
        const std::string n = tenths ? formatTenths(*v) : std::to_string(*v);
        return key.empty() ? n : viewer.t(key, {{"n", n}});
    }

    std::string change(const InsightFigure& f, const std::string& key, bool tenths, bool percent) const
    {
        if (!f.difference)
            return viewer.t("aligners.insights.none");
        const std::string n = tenths ? signedTenths(*f.difference) : signedNumber(*f.difference);
        std::string text = key.empty() ? n : viewer.t(key, {{"n", n}});
        if (percent && f.percentChange)
            text +=
                " " + viewer.t("aligners.insights.percentChange", {{"n", signedNumber(*f.percentChange)}});
        return text;
    }

    sdk::Value row(const std::string& labelKey, const InsightFigure& f, const std::string& valueKey,
                   const std::string& changeKey, bool tenths, bool percent) const
    {
        return sdk::Value::object({{"label", viewer.t(labelKey)},
                                   {"current", value(f.current, valueKey, tenths)},
                                   {"previous", value(f.previous, valueKey, tenths)},
                                   {"change", change(f, changeKey, tenths, percent)}});
    }
};

sdk::Value table(const Viewer& viewer, const std::string& caption, const PracticeInsights& insights)
{
    const RowWords words{viewer};
    sdk::Value rows = sdk::Value::array();
    rows.push(words.row("aligners.insights.submissions", insights.submissions, "", "", false, true));
    rows.push(words.row("aligners.insights.approvals", insights.approvals, "", "", false, true));
    // A rate's change is told in percentage points, not as a percent of a percent.
    rows.push(words.row("aligners.insights.approvalRate", insights.approvalRate, "aligners.insights.percent",
                        "aligners.insights.points", false, false));
    rows.push(words.row("aligners.insights.timeToApprove", insights.meanTenthsOfHourToApprove,
                        "aligners.insights.hours", "aligners.insights.hours", true, true));
    return sdk::Value::object({{"caption", caption}, {"rows", rows}});
}

} // namespace

void InsightsRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::SignedIn,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->show(request, response);
               });
}

void InsightsRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const PlanCaller& caller = viewer.caller();
    if (caller.side != "clinic" || caller.organizationId == 0)
        throw sdk::HttpError(404, viewer.t("aligners.error.notFound"));
    int days = 30;
    const std::string asked = request.query("period");
    if (asked == "90" || asked == "365")
        days = std::stoi(asked);
    const InsightsReport report = _service.report(caller.organizationId, days);
    const PracticeInsights& whole = report.organization.insights;

    sdk::Value periods = sdk::Value::array();
    for (int offered : {30, 90, 365})
        periods.push(
            sdk::Value::object({{"value", std::to_string(offered)},
                                {"label", viewer.t("aligners.insights.period." + std::to_string(offered))},
                                {"selected", offered == days}}));
    sdk::Value tables = sdk::Value::array();
    tables.push(table(viewer, viewer.t("aligners.insights.organization"), whole));
    for (const auto& practice : report.practices)
        tables.push(table(viewer, viewer.t("aligners.insights.practice", {{"name", practice.name}}),
                          practice.insights));
    sdk::Value data =
        sdk::Value::object({{"action", path},
                            {"periods", periods},
                            {"periodLine", viewer.t("aligners.insights.periodLine",
                                                    {{"days", std::to_string(days)},
                                                     {"from", viewer.day(whole.current.startMs)},
                                                     {"to", viewer.day(whole.current.endMs - 1)},
                                                     {"previousFrom", viewer.day(whole.previous.startMs)},
                                                     {"previousTo", viewer.day(whole.previous.endMs - 1)}})},
                            {"tables", tables}});
    _host.views().page(request, response, "aligners/insights", "aligners.insights.title", data);
}

std::vector<sdk::Panel> insightsPanel(sdk::Host& host, InsightsService& service, sdk::Request& request)
{
    const Viewer viewer(host, request);
    const PlanCaller& caller = viewer.caller();
    if (caller.side != "clinic" || caller.organizationId == 0 || !service.hasCases(caller.organizationId))
        return {};
    const PracticeInsights last30 = service.organization(caller.organizationId, 30);
    sdk::Panel panel;
    panel.heading = viewer.t("aligners.insights.panelHeading");
    panel.text = viewer.t("aligners.insights.panelText",
                          {{"submissions", std::to_string(last30.submissions.current.value_or(0))},
                           {"approvals", std::to_string(last30.approvals.current.value_or(0))}});
    panel.linkText = viewer.t("aligners.insights.panelLink");
    panel.linkPath = InsightsRoutes::path;
    panel.order = 20;
    return {panel};
}

} // namespace molar::aligners

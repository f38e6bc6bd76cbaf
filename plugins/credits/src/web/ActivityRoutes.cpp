#include "web/ActivityRoutes.h"

#include "web/CreditsPage.h"
#include "web/LocalTime.h"
#include "web/ReasonText.h"

#include "molar/sdk/Errors.h"

#include <chrono>

namespace molar::credits {

void ActivityRoutes::registerRoutes(sdk::Routes& routes)
{
    const std::string base = std::string(CreditsPage::path) + "/activity";
    routes.add("GET", base, sdk::Access::Clinic,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->page(request, response);
               });
    routes.add("GET", base + ".csv", sdk::Access::Clinic,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->csv(request, response);
               });
}

ActivityFilter ActivityRoutes::filterOf(const sdk::Request& request, const ClinicViewer& viewer) const
{
    return ActivityFilter::read(request.query("kind"), request.query("from"), request.query("to"),
                                request.query("before"), viewer.timeZone());
}

std::string ActivityRoutes::kindWords(const ClinicViewer& viewer, const std::string& kind) const
{
    const std::string key = "credits.kind." + kind;
    const std::string words = viewer.t(key);
    return words == key ? kind : words;
}

ActivityCsvWords ActivityRoutes::csvWords(const ClinicViewer& viewer) const
{
    ActivityCsvWords words;
    const std::string currency = _services.settings.currency;
    words.header = {viewer.t("credits.csv.date"),
                    viewer.t("credits.csv.kind"),
                    viewer.t("credits.csv.amount", {{"currency", currency}}),
                    viewer.t("credits.csv.balance", {{"currency", currency}}),
                    viewer.t("credits.csv.case"),
                    viewer.t("credits.csv.reason"),
                    viewer.t("credits.csv.by")};
    for (const std::string& kind : ActivityFilter::kinds())
        words.kinds[kind] = kindWords(viewer, kind);
    words.system = viewer.t("credits.activity.system");
    words.reason = [&viewer, this](const LedgerEntry& entry) {
        return reasonText(viewer, _services.settings, entry);
    };
    return words;
}

void ActivityRoutes::page(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.organization();
    ActivityFilter filter = filterOf(request, viewer);
    filter.ledger.limit = pageSize + 1;
    auto entries = _services.ledger.entries(_services.host.database(), organizationId, filter.ledger);
    const bool more = entries.size() > static_cast<std::size_t>(pageSize);
    if (more)
        entries.resize(pageSize);

    sdk::Value rows = sdk::Value::array();
    for (const LedgerEntry& entry : entries) {
        sdk::Value row = sdk::Value::object({
            {"when", viewer.time(entry.createdAt)},
            {"kind", kindWords(viewer, entry.kind)},
            {"kindCode", entry.kind},
            {"amount", viewer.money(entry.amountMinor, entry.currency)},
            {"balance", viewer.money(entry.balanceAfterMinor, entry.currency)},
            {"caseNumber", entry.caseNumber},
            {"reason", reasonText(viewer, _services.settings, entry)},
            {"reasonTyped", reasonTyped(entry)},
            {"by", entry.actorName.empty() && entry.actorUserId == 0 ? viewer.t("credits.activity.system")
                                                                     : entry.actorName},
        });
        if (entry.caseId != 0)
            row.set("caseHref", "/cases/" + std::to_string(entry.caseId));
        rows.push(row);
    }
    sdk::Value kinds = sdk::Value::array();
    for (const std::string& kind : ActivityFilter::kinds())
        kinds.push(sdk::Value::object(
            {{"value", kind}, {"label", kindWords(viewer, kind)}, {"selected", kind == filter.kind}}));
    sdk::Value errors = sdk::Value::object();
    for (const auto& [field, key] : filter.errors)
        errors.set(field, viewer.t(key));

    const std::string base = std::string(CreditsPage::path) + "/activity";
    const std::string query = filter.query();
    sdk::Value data = sdk::Value::object();
    data.set("action", base);
    data.set("kinds", kinds);
    data.set("from", filter.from);
    data.set("to", filter.to);
    data.set("errors", errors);
    data.set("rows", rows);
    data.set("hasRows", rows.size() > 0);
    data.set("filtered", !query.empty() || filter.ledger.beforeId != 0);
    data.set("csvHref", base + ".csv" + (query.empty() ? "" : "?" + query));
    data.set("creditsHref", CreditsPage::path);
    if (more)
        data.set("nextHref", base + "?" + (query.empty() ? "" : query + "&") +
                                 "before=" + std::to_string(entries.back().id));
    if (!filter.errors.empty())
        response.setStatus(400);
    _services.host.views().page(request, response, "credits/activity", "credits.activity.title", data);
}

void ActivityRoutes::csv(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.organization();
    ActivityFilter filter = filterOf(request, viewer);
    if (!filter.errors.empty())
        throw sdk::HttpError(400, viewer.t(filter.errors.begin()->second));
    filter.ledger.limit = 0;
    const auto entries = _services.ledger.entries(_services.host.database(), organizationId, filter.ledger);
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(_services.host.clock().now().time_since_epoch())
            .count();
    response.setHeader("Content-Disposition", "attachment; filename=\"credits-activity-" +
                                                  LocalTime::date(now, viewer.timeZone()) + ".csv\"");
    response.setHeader("Cache-Control", "no-store");
    response.send("text/csv; charset=utf-8", activityCsv(entries, csvWords(viewer), viewer.timeZone()));
}

} // namespace molar::credits

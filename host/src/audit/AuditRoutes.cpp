#include "audit/AuditRoutes.h"

#include "locale/IcuLocales.h"

#include "molar/sdk/Errors.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

namespace molar::host {

namespace {

const std::int64_t DAY_MS = 24LL * 3600 * 1000;

// A YYYY-MM-DD date as the start of that day, UTC, in epoch milliseconds.
std::int64_t dayStart(const std::string& text, const std::string& field)
{
    if (text.empty())
        return 0;
    Poco::DateTime parsed;
    int tz = 0;
    if (text.size() != 10 || !Poco::DateTimeParser::tryParse("%Y-%m-%d", text, parsed, tz))
        throw sdk::HttpError(400, "The " + field + " date must look like 2026-05-12.");
    return parsed.timestamp().epochMicroseconds() / 1000;
}

std::string queryString(const sdk::Request& request)
{
    std::string out;
    for (const char* name : {"actor", "action", "objectType", "objectId", "from", "to"}) {
        const std::string value = request.query(name);
        if (value.empty())
            continue;
        std::string encoded;
        Poco::URI::encode(value, "&=+?#/", encoded);
        out += (out.empty() ? "" : "&") + std::string(name) + "=" + encoded;
    }
    return out;
}

} // namespace

AuditQuery AuditRoutes::queryFrom(const sdk::Request& request)
{
    AuditQuery q;
    q.actor = request.query("actor");
    q.action = request.query("action");
    q.objectType = request.query("objectType");
    q.objectId = request.query("objectId");
    q.fromMs = dayStart(request.query("from"), "from");
    const std::int64_t to = dayStart(request.query("to"), "to");
    q.toMs = to ? to + DAY_MS : 0; // "to" names the last day included
    const std::string before = request.query("before");
    if (!before.empty() && !Poco::NumberParser::tryParse64(before, q.beforeId))
        throw sdk::HttpError(400, "The page address is malformed; start the search again.");
    q.limit = 50;
    return q;
}

void AuditRoutes::registerAll(Router& router)
{
    Route list;
    list.owner = "accounts";
    list.method = "GET";
    list.pathTemplate = "/admin/audit";
    list.access = sdk::Access::LabAdmin;
    list.handler = [this](sdk::Request& rq, sdk::Response& rs) { page(rq, rs); };
    router.add(list);
    Route download = list;
    download.pathTemplate = "/admin/audit.csv";
    download.handler = [this](sdk::Request& rq, sdk::Response& rs) { csv(rq, rs); };
    router.add(download);
}

void AuditRoutes::page(sdk::Request& request, sdk::Response& response)
{
    const AuditQuery query = queryFrom(request);
    const auto records = _audit.search(query);
    sdk::Value rows = sdk::Value::array();
    // The time as the reader writes it, in their zone; the machine-readable one stays UTC.
    const sdk::Viewer viewer = languageData().viewerOf(request);
    for (const auto& r : records)
        rows.push(
            sdk::Value::object({{"time", AuditLog::isoUtc(r.atMs)},
                                {"timeText", languageData().dateTime(r.atMs, viewer, sdk::DateStyle::Medium)},
                                {"actor", r.actorLabel},
                                {"address", r.address},
                                {"action", r.action},
                                {"object", r.objectType + (r.objectId.empty() ? "" : " " + r.objectId)},
                                {"detail", r.detail}}));
    const std::string filters = queryString(request);
    sdk::Value data = sdk::Value::object(
        {{"rows", rows},
         {"hasRows", !records.empty()},
         {"actor", query.actor},
         {"action", query.action},
         {"objectType", query.objectType},
         {"objectId", query.objectId},
         {"from", request.query("from")},
         {"to", request.query("to")},
         {"csvLink", "/admin/audit.csv" + (filters.empty() ? "" : "?" + filters)},
         {"hasMore", static_cast<int>(records.size()) == query.limit},
         {"moreLink", "/admin/audit?" + filters + (filters.empty() ? "" : "&") +
                          "before=" + (records.empty() ? "0" : std::to_string(records.back().id))}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/audit", "audit.title", data, pageContextFor(request)));
}

void AuditRoutes::csv(sdk::Request& request, sdk::Response& response)
{
    const AuditQuery query = queryFrom(request);
    response.setHeader("Content-Disposition", "attachment; filename=\"molar-audit.csv\"");
    std::ostream& out = response.stream("text/csv; charset=utf-8");
    _audit.exportCsv(query, out);
}

} // namespace molar::host

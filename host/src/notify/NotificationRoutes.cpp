#include "notify/NotificationRoutes.h"

#include "molar/sdk/Errors.h"

#include <Poco/NumberParser.h>

namespace molar::host {

namespace {

const std::string PATH = "/admin/notifications";
const std::vector<std::string> STATUSES{"failed", "pending", "sent"};

std::int64_t numberOrZero(const std::string& text)
{
    std::int64_t n = 0;
    return Poco::NumberParser::tryParse64(text, n) && n > 0 ? n : 0;
}

} // namespace

void NotificationRoutes::registerAll(Router& router)
{
    router.add(formRoute("notifications", "GET", PATH, sdk::Access::LabAdmin,
                         [this](sdk::Request& rq, sdk::Response& rs) { page(rq, rs); }));
    router.add(formRoute("notifications", "GET", PATH + "/{id}", sdk::Access::LabAdmin,
                         [this](sdk::Request& rq, sdk::Response& rs) { detail(rq, rs); }));
    router.add(formRoute("notifications", "POST", PATH + "/{id}/retry", sdk::Access::LabAdmin,
                         [this](sdk::Request& rq, sdk::Response& rs) { retry(rq, rs); }));
}

void NotificationRoutes::page(sdk::Request& request, sdk::Response& response)
{
    MessageQuery query;
    query.status = request.query("status");
    if (!query.status.empty() && std::find(STATUSES.begin(), STATUSES.end(), query.status) == STATUSES.end())
        throw sdk::HttpError(400, "Choose the messages to show: failed, pending or sent.");
    query.beforeId = numberOrZero(request.query("before"));
    const auto messages = _outbox.store().list(query);
    const std::string language = pageContextFor(request).language;

    sdk::Value rows = sdk::Value::array();
    for (const auto& m : messages) {
        sdk::Value row = sdk::Value::object(
            {{"id", m.id},
             {"time", AuditLog::isoUtc(m.createdAt)},
             {"event", m.event},
             {"recipient", m.recipientName},
             {"address", m.address},
             {"channel", m.channel},
             {"summary", m.summary},
             {"status", m.status},
             {"statusLabel", _views.translate("notifications.status." + m.status, language)},
             {"attempts", m.attempts},
             {"reason", m.lastError},
             {"providerStatus", m.providerStatus},
             {"providerDetail", m.providerDetail},
             {"failed", m.status == "failed"}});
        if (m.sentAt > 0)
            row.set("sentAt", AuditLog::isoUtc(m.sentAt));
        rows.push(row);
    }
    sdk::Value filters = sdk::Value::array();
    for (const std::string status : {"", "failed", "pending", "sent"}) {
        const std::string link = status.empty() ? PATH : PATH + "?status=" + status;
        filters.push(sdk::Value::object(
            {{"link", link},
             {"label",
              _views.translate(status.empty() ? "notifications.all" : "notifications.status." + status,
                               language)},
             {"current", status == query.status}}));
    }
    sdk::Value data = sdk::Value::object(
        {{"rows", rows},
         {"hasRows", !messages.empty()},
         {"filters", filters},
         {"failedCount", _outbox.store().count("failed")},
         {"retried", request.query("retried") == "1"},
         {"hasMore", static_cast<int>(messages.size()) == query.limit},
         {"moreLink", PATH + "?" + (query.status.empty() ? "" : "status=" + query.status + "&") +
                          "before=" + (messages.empty() ? "0" : std::to_string(messages.back().id))}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/admin-notifications", "notifications.title", data,
                                    pageContextFor(request)));
}

void NotificationRoutes::detail(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = numberOrZero(request.param("id"));
    auto m = id > 0 ? _outbox.store().find(id) : std::nullopt;
    if (!m)
        throw sdk::HttpError(404, "There is no message with that number.");
    const std::string language = pageContextFor(request).language;
    sdk::Value parameters = sdk::Value::array();
    for (const auto& p : m->content.templateParameters)
        parameters.push(p);
    sdk::Value data =
        sdk::Value::object({{"id", m->id},
                            {"event", m->event},
                            {"rule", m->rule},
                            {"recipient", m->recipientName},
                            {"address", m->address},
                            {"channel", m->channel},
                            {"language", m->language},
                            {"summary", m->summary},
                            {"status", _views.translate("notifications.status." + m->status, language)},
                            {"failed", m->status == "failed"},
                            {"attempts", m->attempts},
                            {"retries", m->retries},
                            {"reason", m->lastError},
                            {"providerId", m->providerId},
                            {"providerStatus", m->providerStatus},
                            {"providerDetail", m->providerDetail},
                            {"queuedAt", AuditLog::isoUtc(m->createdAt)},
                            {"sentAt", m->sentAt > 0 ? AuditLog::isoUtc(m->sentAt) : ""},
                            {"secret", m->sensitive},
                            {"subject", m->content.subject},
                            {"text", m->sensitive ? "" : m->content.text},
                            {"templateName", m->content.templateName},
                            {"parameters", parameters},
                            {"hasParameters", !m->content.templateParameters.empty()}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/admin-notification", "notifications.detail.title", data,
                                    pageContextFor(request)));
}

void NotificationRoutes::retry(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = numberOrZero(request.param("id"));
    bool reopened = false;
    _database.transaction([&](sdk::Transaction& tx) {
        reopened = id > 0 && _outbox.retry(tx, id);
        if (reopened)
            _audit.record(tx, sdk::Actor::of(request),
                          {"notification.retried", "notification", std::to_string(id), 0, ""});
    });
    if (!reopened)
        throw sdk::HttpError(409,
                             "That message is not waiting for a retry: it was sent, or someone retried it "
                             "already. Reload the list.");
    response.redirect(PATH + "?status=pending&retried=1", 303);
}

} // namespace molar::host

// What the notification suites share: the accounts' tables and a few people, the
// real templates and catalogs, an outbox on a queue run by hand, and a channel
// that records what it is asked to send and fails when told to.
#pragma once

#include "../accounts/AccountsTestSupport.h"

#include "accounts/HostAccounts.h"
#include "app/DataDir.h"
#include "jobs/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"
#include "notify/ChannelRegistry.h"
#include "notify/MessageRenderer.h"
#include "notify/NotificationMigrations.h"
#include "notify/NotificationOutbox.h"
#include "views/MessageCatalog.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Errors.h"

#include <deque>
#include <mutex>

namespace molar::test {

// Sends nothing: records each message, and answers with the outcomes it was
// scripted with ("ok", "temporary", "permanent"), then "ok".
class RecordingChannel : public sdk::NotificationChannel
{
public:
    RecordingChannel(std::string name, sdk::AddressKind kind, bool templates = false)
        : _info{std::move(name), kind, templates}
    {
    }
    sdk::ChannelInfo info() const override { return _info; }
    std::string send(const sdk::OutgoingMessage& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        std::string outcome = "ok";
        if (!_script.empty()) {
            outcome = _script.front();
            _script.pop_front();
        }
        _attempts.push_back(message);
        if (outcome == "temporary")
            throw std::runtime_error("connection refused by the provider");
        if (outcome == "permanent")
            throw sdk::PermanentError("550 mailbox unavailable");
        _sent.push_back(message);
        return _info.name + "-provider-" + message.id;
    }
    void script(std::initializer_list<std::string> outcomes)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _script.insert(_script.end(), outcomes.begin(), outcomes.end());
    }
    std::vector<sdk::OutgoingMessage> sent() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _sent;
    }
    std::size_t attempts() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _attempts.size();
    }

private:
    sdk::ChannelInfo _info;
    mutable std::mutex _mutex;
    std::deque<std::string> _script;
    std::vector<sdk::OutgoingMessage> _attempts;
    std::vector<sdk::OutgoingMessage> _sent;
};

// The rules the suites use: a status change to the case's owner by email and
// WhatsApp, a lab message to the clinic, and a password reset that ignores settings.
inline host::NotificationSettings testRules()
{
    host::NotificationSettings s;
    s.maxAttempts = 3;
    s.firstRetrySeconds = 60;
    s.sendLeaseSeconds = 120;
    s.labels["stage"] = "cases.stage.";
    host::NotificationRule status;
    status.id = "case_status";
    status.event = "case.status_changed";
    status.recipients = {"user:ownerUserId"};
    status.channels = {"email", "whatsapp"};
    status.templateName = "case_status";
    status.preference = "case.status_changed";
    status.link = {"trackUrl"};
    status.whatsappTemplate = "case_status_update";
    status.whatsappParameters = {"number", "stageLabel", "trackUrl"};
    host::NotificationRule message;
    message.id = "message_to_clinic";
    message.event = "case.message_added";
    message.when = {{"authorSide", "lab", true}};
    message.recipients = {"user:ownerUserId"};
    message.channels = {"email"};
    message.templateName = "message_to_clinic";
    message.preference = "case.message_added";
    message.link = {"caseUrl"};
    host::NotificationRule reset;
    reset.id = "password_reset";
    reset.event = "account.password_reset_requested";
    reset.recipients = {"user:userId"};
    reset.channels = {"email"};
    reset.templateName = "password_reset";
    reset.preference = reset.event;
    reset.required = true;
    reset.sensitive = true;
    reset.link = {"link"};
    s.rules = {status, message, reset};
    return s;
}

// One host's outbox on the shared database: its own pool, queue, runner and bus.
struct OutboxHost
{
    OutboxHost(const std::string& url, const sdk::Clock& clock, const std::string& id,
               host::HostAccounts& accounts, host::ChannelRegistry& channels,
               const host::MessageRenderer& renderer, const host::NotificationSettings& settings)
        : pool(host::DatabaseUrl::parse(url), 4), database(pool), queue(database, clock, id),
          runner(queue, database, clock, id, 0, std::chrono::milliseconds(5)), events(runner),
          outbox(host::NotificationOutbox::Context{database,
                                                   runner,
                                                   events,
                                                   accounts,
                                                   channels,
                                                   renderer,
                                                   settings,
                                                   clock,
                                                   {"en", "ar", "fr"},
                                                   "en",
                                                   "https://portal.lab.example"})
    {
        outbox.start();
    }

    // Runs due jobs until none is left; returns how many ran.
    int drain()
    {
        int ran = 0;
        while (runner.runOnce())
            ++ran;
        return ran;
    }

    host::ConnectionPool pool;
    host::PooledDatabase database;
    host::JobQueue queue;
    host::JobRunner runner;
    host::EventBus events;
    host::NotificationOutbox outbox;
};

class NotifyFixture
{
public:
    NotifyFixture()
        : views(catalog, {{"en", "English"}, {"ar", "العربية"}, {"fr", "Français"}}, "Molar Test Lab"),
          hostAccounts(f.database()), settings(testRules()),
          renderer(views, settings, "https://portal.lab.example", "Molar Test Lab")
    {
        host::Migrator(f.db->pool()).apply("notifications", host::notificationMigrations(f.db->dialect()));
        const std::string data = molar::host::defaultDataDir();
        catalog.loadDirectory(data + "/templates/messages");
        // The wording of the plugin-like rules above, which a plugin's catalog would hold.
        catalog.add("en", "cases.stage.in_design", "In design");
        catalog.add("fr", "cases.stage.in_design", "En conception");
        catalog.add("en", "message.case_status.subject", "Case {{number}}: {{stageLabel}}");
        catalog.add("en", "message.case_status.body",
                    "Your case {{number}} ({{productName}}) is now: {{stageLabel}}.");
        catalog.add("en", "message.case_status.action", "Track the case");
        catalog.add("fr", "message.case_status.subject", "Cas {{number}} : {{stageLabel}}");
        catalog.add("fr", "message.case_status.body",
                    "Votre cas {{number}} ({{productName}}) est maintenant : {{stageLabel}}.");
        catalog.add("en", "message.message_to_clinic.subject", "New message on case {{number}}");
        catalog.add("en", "message.message_to_clinic.body",
                    "{{authorName}} wrote on case {{number}}: “{{preview}}”");
        catalog.add("en", "message.message_to_clinic.action", "Read and reply");
        views.addTemplateDirectory("host", data + "/templates");
        organizationId = f.createOrganization("Pearl Dental");
        ownerId = createUser("owner@pearl.example", "owner", organizationId, "en");
        channels.add("email-plugin", email, nullptr);
        channels.add("whatsapp-plugin", whatsapp, nullptr);
    }

    std::int64_t createUser(const std::string& email, const std::string& username, std::int64_t organization,
                            const std::string& language)
    {
        host::UserRecord user;
        user.side = organization ? "clinic" : "lab";
        user.role = organization ? "owner" : "lead";
        user.organizationId = organization;
        user.email = email;
        user.username = username;
        user.firstName = "Noor";
        user.lastName = "Saleh";
        user.phone = "+97455001122";
        user.language = language;
        user.passwordHash = "x";
        return f.insertUser(user);
    }

    std::unique_ptr<OutboxHost> makeHost(const std::string& id)
    {
        return std::make_unique<OutboxHost>(f.db->url(), f.clock, id, hostAccounts, channels, renderer,
                                            settings);
    }

    sdk::Value statusChange(const std::string& number, std::int64_t owner) const
    {
        return sdk::Value::object({{"caseId", 7},
                                   {"number", number},
                                   {"organizationId", organizationId},
                                   {"ownerUserId", owner},
                                   {"status", "design"},
                                   {"stage", "in_design"},
                                   {"productName", "Zirconia crown"},
                                   {"trackPath", "/track/" + number},
                                   {"casePath", "/cases/7"}});
    }

    void publish(OutboxHost& host, const std::string& event, const sdk::Value& payload)
    {
        host.database.transaction([&](sdk::Transaction& tx) { host.events.publish(tx, event, payload); });
    }

    std::int64_t count(const std::string& where = "1 = 1")
    {
        return f.database()
            .query("SELECT COUNT(*) FROM molar_notifications WHERE " + where)
            .row(0)
            .at(0)
            .asInt();
    }

    std::string column(std::int64_t id, const std::string& name)
    {
        auto v = f.database()
                     .query("SELECT " + name + " FROM molar_notifications WHERE id = ?", {id})
                     .row(0)
                     .at(0);
        return v.isNull() ? "" : v.isString() ? v.asString() : v.toString();
    }

    std::vector<std::int64_t> ids()
    {
        std::vector<std::int64_t> out;
        auto rows = f.database().query("SELECT id FROM molar_notifications ORDER BY id");
        for (std::size_t i = 0; i < rows.size(); ++i)
            out.push_back(rows.row(i).at(0).asInt());
        return out;
    }

    AccountsFixture f;
    host::MessageCatalog catalog;
    host::ViewEngine views;
    host::HostAccounts hostAccounts;
    host::NotificationSettings settings;
    host::MessageRenderer renderer;
    host::ChannelRegistry channels;
    std::shared_ptr<RecordingChannel> email =
        std::make_shared<RecordingChannel>("email", sdk::AddressKind::Email);
    std::shared_ptr<RecordingChannel> whatsapp =
        std::make_shared<RecordingChannel>("whatsapp", sdk::AddressKind::Phone, true);
    std::int64_t organizationId = 0;
    std::int64_t ownerId = 0;
};

} // namespace molar::test

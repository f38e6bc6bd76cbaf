#pragma once

#include "db/PooledDatabase.h"
#include "jobs/EventBus.h"
#include "jobs/JobRunner.h"
#include "notify/ChannelRegistry.h"
#include "notify/MessageRenderer.h"
#include "notify/NotificationSettings.h"
#include "notify/NotificationStore.h"

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Clock.h"

#include <Poco/Logger.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// Events become messages, delivered once each. Every event a rule names has a
// durable subscription, so its fan-out job is queued in the transaction of the
// change. The fan-out resolves recipients, settings and channels and writes one
// molar_notifications row per recipient and channel (unique per event, so a
// fan-out that runs twice adds nothing), each with its delivery job, in one
// transaction. Delivery claims the row, sends, and records the provider's id;
// temporary errors back off, permanent ones and the last attempt park the message
// as failed for lab admins to see and retry.
class NotificationOutbox
{
public:
    static constexpr const char* FANOUT_JOB = "notifications.fanout";
    static constexpr const char* DELIVER_JOB = "notifications.deliver";

    struct Context
    {
        PooledDatabase& database;
        JobRunner& jobs;
        EventBus& events;
        sdk::Accounts& accounts;
        ChannelRegistry& channels;
        const MessageRenderer& renderer;
        const NotificationSettings& settings;
        const sdk::Clock& clock;
        std::vector<std::string> languages;
        std::string defaultLanguage;
        std::string publicUrl = {}; // http.publicUrl: what a plugin's secret link path goes after
    };

    // A secret an event names by id and the message shows (a password-reset link).
    // It is made at delivery, so no event, job or message row ever holds it: the
    // fan-out puts a placeholder in the message, delivery asks `reveal` for the
    // secret and sends it; sensitive rules only. `reveal` answers nothing when the
    // secret is no longer good (the link expired or was used): the message fails.
    // Plugins offer theirs as sdk::SecretLink (ChannelRegistry::addSecretLink), which
    // answer a path the outbox puts publicUrl in front of; the host's own come first.
    struct SecretSource
    {
        std::string payloadField; // the id in the event, e.g. resetId
        std::string modelField;   // the field the wording uses, e.g. link
        std::function<std::optional<std::string>(const std::string& id)> reveal;
    };

    explicit NotificationOutbox(Context context);

    // Before start().
    void addSecret(SecretSource source);

    // Defines the jobs, subscribes to the rules' events, takes delivery reports.
    void start();

    void fanOut(const sdk::Job& job);
    void deliver(const sdk::Job& job);
    // An admin's retry of a failed message, in the caller's transaction (with its
    // audit entry); false when the message is not failed.
    bool retry(sdk::Transaction& tx, std::int64_t id);
    bool report(const sdk::DeliveryReport& report);

    NotificationStore& store() { return _store; }
    // Whether messages for `channel` can be made now (a plugin offers it, or the log stands in).
    bool available(const std::string& channel) const;

private:
    std::optional<ChannelRegistry::Entry> channel(const std::string& name) const;
    std::string languageFor(const sdk::UserInfo& user) const;
    std::int64_t now() const;
    // The payload as one sensitive message sees it: a placeholder for its secret,
    // recorded in `secret` ("" when the event has none).
    sdk::Value withPlaceholder(const sdk::Value& payload, std::string& secret) const;
    // The message's secret, made now, in place of its placeholder; why it cannot be sent
    // when the secret is gone (used, expired, its plugin stopped), "" when it is in place.
    std::string reveal(StoredMessage& message) const;
    // A plugin's link, made now; none when the plugin answers none or throws (logged without
    // the plugin's words, which might hold the secret).
    std::optional<std::string> revealLink(const ChannelRegistry::LinkEntry& entry, const std::string& id,
                                          std::int64_t messageId) const;

    Context _c;
    NotificationStore _store;
    std::map<std::string, std::shared_ptr<sdk::NotificationChannel>> _logChannels;
    std::vector<SecretSource> _secrets;
    Poco::Logger& _logger;
};

// Whether the payload meets every condition of a rule.
bool conditionsHold(const std::vector<PayloadCondition>& conditions, const sdk::Value& payload);

} // namespace molar::host

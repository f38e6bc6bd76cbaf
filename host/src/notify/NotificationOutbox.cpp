#include "notify/NotificationOutbox.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"
#include "jobs/LeaseKeeper.h"
#include "notify/LogChannel.h"
#include "notify/Recipients.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

namespace molar::host {

namespace {

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

} // namespace

bool conditionsHold(const std::vector<PayloadCondition>& conditions, const sdk::Value& payload)
{
    for (const auto& c : conditions) {
        std::string actual;
        if (payload.isObject() && payload.has(c.field)) {
            const auto& v = payload.get(c.field);
            actual = v.isString() ? v.asString() : v.toString();
        }
        if ((actual == c.value) != c.equals)
            return false;
    }
    return true;
}

NotificationOutbox::NotificationOutbox(Context context)
    : _c(std::move(context)), _store(_c.database), _logger(Poco::Logger::get("notifications"))
{
    for (const auto& name : _c.settings.logChannels)
        _logChannels.emplace(name, std::make_shared<LogChannel>(name));
}

void NotificationOutbox::addSecret(SecretSource source)
{
    _secrets.push_back(std::move(source));
}

sdk::Value NotificationOutbox::withPlaceholder(const sdk::Value& payload, std::string& secret) const
{
    secret.clear();
    if (!payload.isObject())
        return payload;
    const auto marked = [&](const std::string& idField, const std::string& modelField) {
        const auto& id = payload.get(idField);
        // Letters and digits only: the placeholder comes through HTML escaping and URLs unchanged.
        const std::string placeholder = "molarsecret" + randomHex(16);
        secret = idField + ":" + (id.isString() ? id.asString() : id.toString()) + ":" + placeholder;
        sdk::Value out = payload;
        out.set(modelField, placeholder);
        return out;
    };
    for (const auto& source : _secrets)
        if (payload.has(source.payloadField))
            return marked(source.payloadField, source.modelField);
    for (const auto& entry : _c.channels.secretLinks())
        if (payload.has(entry.link.idField))
            return marked(entry.link.idField, entry.link.linkField);
    return payload;
}

std::optional<std::string> NotificationOutbox::revealLink(const ChannelRegistry::LinkEntry& entry,
                                                          const std::string& id, std::int64_t messageId) const
{
    try {
        const auto path = entry.link.reveal(id);
        if (!path)
            return std::nullopt;
        return _c.publicUrl + *path;
    } catch (...) {
        _logger.error("message #%?d: the secret link of %s for %s %s could not be made", messageId,
                      entry.owner, entry.link.idField, id);
        return std::nullopt;
    }
}

std::string NotificationOutbox::reveal(StoredMessage& message) const
{
    const auto first = message.secret.find(':');
    const auto last = message.secret.rfind(':');
    if (first == std::string::npos || last == first)
        return "the message's link is unreadable";
    const std::string field = message.secret.substr(0, first);
    const std::string id = message.secret.substr(first + 1, last - first - 1);
    const std::string placeholder = message.secret.substr(last + 1);
    std::optional<std::string> value;
    bool known = false;
    for (const auto& source : _secrets)
        if (!known && source.payloadField == field) {
            known = true;
            value = source.reveal(id);
        }
    if (!known)
        for (const auto& entry : _c.channels.secretLinks())
            if (!known && entry.link.idField == field) {
                known = true;
                value = revealLink(entry, id, message.id);
            }
    if (!known)
        return "the link's plugin stopped before it could be sent";
    if (!value)
        return "the link expired or was used before it could be sent";
    auto& c = message.content;
    for (std::string* part : {&c.subject, &c.text, &c.html})
        replaceAll(*part, placeholder, *value);
    for (auto& parameter : c.templateParameters)
        replaceAll(parameter, placeholder, *value);
    return {};
}

void NotificationOutbox::start()
{
    _c.jobs.define(
        "host", FANOUT_JOB, [this](const sdk::Job& job) { fanOut(job); }, sdk::JobOptions{});
    sdk::JobOptions delivery;
    delivery.maxAttempts = _c.settings.maxAttempts;
    delivery.lease = std::chrono::seconds(_c.settings.sendLeaseSeconds);
    delivery.firstRetryDelay = std::chrono::seconds(_c.settings.firstRetrySeconds);
    _c.jobs.define(
        "host", DELIVER_JOB, [this](const sdk::Job& job) { deliver(job); }, delivery);
    for (const auto& event : _c.settings.events())
        _c.events.onDurable("host", event, FANOUT_JOB);
    _c.channels.setReportSink([this](const sdk::DeliveryReport& r) { return report(r); });
}

std::int64_t NotificationOutbox::now() const
{
    return millisSinceEpoch(_c.clock.now());
}

std::optional<ChannelRegistry::Entry> NotificationOutbox::channel(const std::string& name) const
{
    if (auto entry = _c.channels.find(name))
        return entry;
    auto log = _logChannels.find(name);
    if (log == _logChannels.end())
        return std::nullopt;
    return ChannelRegistry::Entry{"host", log->second, nullptr, log->second->info()};
}

bool NotificationOutbox::available(const std::string& name) const
{
    return channel(name).has_value();
}

std::string NotificationOutbox::languageFor(const sdk::UserInfo& user) const
{
    const auto& supported = _c.languages;
    return std::find(supported.begin(), supported.end(), user.language) != supported.end()
               ? user.language
               : _c.defaultLanguage;
}

void NotificationOutbox::fanOut(const sdk::Job& job)
{
    const std::string event = job.payload.getString("event");
    const std::string eventKey = "job-" + std::to_string(job.id);
    std::vector<StoredMessage> messages;
    // Nobody is told about what they did themselves, unless the rule confirms it.
    const std::int64_t actor = job.payload.getInt("actorUserId", job.payload.getInt("authorUserId", 0));
    for (const auto& rule : _c.settings.rules) {
        if (rule.event != event || !conditionsHold(rule.when, job.payload))
            continue;
        // A channel nobody offers makes no message, not even a failed one.
        std::vector<std::pair<std::string, ChannelRegistry::Entry>> channels;
        for (const auto& name : rule.channels)
            if (auto entry = channel(name))
                channels.emplace_back(name, std::move(*entry));
        if (channels.empty())
            continue;
        for (const auto& user : resolveRecipients(_c.accounts, rule.recipients, job.payload)) {
            if (actor > 0 && user.id == actor && !rule.required && !rule.toActor)
                continue;
            // A blocked or pending account hears only what it cannot do without (its registration).
            if (!rule.required && user.status != "active")
                continue;
            for (const auto& [name, entry] : channels) {
                if (!rule.required && !_c.accounts.wantsNotification(user.id, rule.preference, name))
                    continue;
                const std::string address =
                    entry.info.address == sdk::AddressKind::Phone ? user.phone : user.email;
                if (address.empty())
                    continue;
                const std::string language = languageFor(user);
                StoredMessage m;
                m.eventKey = eventKey;
                m.event = event;
                m.rule = rule.id;
                m.userId = user.id;
                m.channel = name;
                m.address = address;
                m.recipientName = user.displayName;
                m.language = language;
                // Only a sensitive message, whose body is erased once sent, gets the event's secret.
                std::string secret;
                const sdk::Value payload =
                    rule.sensitive ? withPlaceholder(job.payload, secret) : job.payload;
                m.content = _c.renderer.render(rule, entry.info, payload, user, language);
                m.secret = secret;
                m.summary = MessageRenderer::summary(m.content);
                m.sensitive = rule.sensitive;
                messages.push_back(std::move(m));
            }
        }
    }
    if (messages.empty())
        return;
    const std::int64_t at = now();
    int queued = 0;
    _c.database.transaction([&](sdk::Transaction& tx) {
        for (const auto& m : messages) {
            const std::int64_t id = _store.insertOnce(tx, m, at);
            if (id == 0)
                continue; // this event already made it (the fan-out ran before)
            _c.jobs.enqueue(tx, DELIVER_JOB, sdk::Value::object({{"messageId", id}}),
                            std::chrono::milliseconds(0), "msg-" + std::to_string(id) + "-0");
            ++queued;
        }
    });
    _logger.debug("%s (%s): %d message(s) queued", event, eventKey, queued);
}

void NotificationOutbox::deliver(const sdk::Job& job)
{
    const std::int64_t id = job.payload.getInt("messageId");
    const std::string token = randomHex(16);
    const std::int64_t start = now();
    if (!_store.claim(id, token, start, start + _c.settings.sendLeaseSeconds * 1000LL)) {
        auto current = _store.find(id);
        if (current && current->status == "sending")
            throw std::runtime_error("message #" + std::to_string(id) + " is being sent by another worker");
        return; // sent, failed, or gone: nothing to do
    }
    auto message = _store.find(id);
    if (!message)
        return;
    auto entry = channel(message->channel);
    // The secret is made only when there is a channel to send it by.
    if (entry && !message->secret.empty()) {
        const std::string gone = reveal(*message);
        if (!gone.empty()) {
            _logger.warning("message #%?d to %s: %s", id, message->address, gone);
            _store.markFailed(id, token, gone, now());
            return;
        }
    }
    try {
        if (!entry)
            throw std::runtime_error("the " + message->channel + " channel is not enabled on this host");
        std::string providerId;
        {
            // A slow send (a channel's timeouts add up) keeps its claim: no other
            // worker sends the message meanwhile.
            const std::int64_t lease = _c.settings.sendLeaseSeconds * 1000LL;
            LeaseKeeper keeper(std::chrono::milliseconds(lease / 3),
                               [&] { _store.renewClaim(id, token, now() + lease); });
            providerId = entry->channel->send(message->content);
        }
        if (providerId.empty())
            throw std::runtime_error("the " + message->channel + " channel returned no message id");
        if (!_store.markSent(id, token, providerId, message->sensitive, now()))
            _logger.warning("message #%?d was sent but its claim had run out; it may be sent again", id);
    } catch (const sdk::PermanentError& e) {
        _logger.error("message #%?d to %s by %s failed: %s", id, message->address, message->channel,
                      std::string(e.what()));
        _store.markFailed(id, token, e.what(), now());
    } catch (const std::exception& e) {
        if (job.attempt >= _c.settings.maxAttempts) {
            const std::string reason =
                "gave up after " + std::to_string(job.attempt) + " attempts: " + std::string(e.what());
            _logger.error("message #%?d to %s by %s: %s", id, message->address, message->channel, reason);
            _store.markFailed(id, token, reason, now());
            return;
        }
        _store.markRetrying(id, token, e.what(), now());
        throw; // the job backs off and runs again
    }
}

bool NotificationOutbox::retry(sdk::Transaction& tx, std::int64_t id)
{
    auto retries = _store.reopen(tx, id, now());
    if (!retries)
        return false;
    _c.jobs.enqueue(tx, DELIVER_JOB, sdk::Value::object({{"messageId", id}}), std::chrono::milliseconds(0),
                    "msg-" + std::to_string(id) + "-" + std::to_string(*retries));
    return true;
}

bool NotificationOutbox::report(const sdk::DeliveryReport& report)
{
    return _store.recordDelivery(report, now());
}

} // namespace molar::host

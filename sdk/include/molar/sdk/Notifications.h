#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Value.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace molar::sdk {

// An amount a message shows in its reader's language (since SDK 1.10). An event payload
// names it in its "amounts" object, under the Mustache field that shows it:
//     {"amounts", Value::object({{"totalText", messageAmount({40500, "QAR"})}})}
// and the message reads "QAR 405.00" in English and "‏٤٠٥٫٠٠ ر.ق.‏" in Arabic, whatever the
// payload's own "totalText" says.
inline Value messageAmount(const Money& amount)
{
    return Value::object({{"minor", amount.minor}, {"currency", amount.currency}});
}

// Sets `field` of an event payload to an amount in both its forms at once (header only,
// with SDK 1.10): the English text ("QAR 405.00") that readers of the payload itself see,
// and its "amounts" entry that each message's recipient reads in their own language. One
// call per amount, so the two can never tell different sums.
//     setMessageAmount(payload, "totalText", {invoice.totalMinor, invoice.currency});
inline void setMessageAmount(Value& payload, const std::string& field, const Money& amount)
{
    payload.set(field, formatMoney(amount));
    Value amounts = payload.get("amounts").isObject() ? payload.get("amounts") : Value::object();
    amounts.set(field, messageAmount(amount));
    payload.set("amounts", amounts);
}

// A day a message shows in its reader's language and time zone (since SDK 1.10), named in
// the payload's "dates" object like an amount: an instant, and the zone to read it in for a
// reader who has none (the lab's, Host::timeZone()).
//     {"dates", Value::object({{"dueDate", messageDate(invoice.dueAt, host.timeZone())}})}
// reads "May 12, 2026" in English and "١٢ مايو ٢٠٢٦" in Arabic.
inline Value messageDate(std::int64_t utcMillis, const std::string& zone)
{
    return Value::object({{"utcMillis", utcMillis}, {"zone", zone}});
}

// What a channel needs to reach someone: the user's email address, or their phone
// number in E.164 form ("+97455512345").
enum class AddressKind
{
    Email,
    Phone
};

// A channel's capabilities, as data (since SDK 1.2).
struct ChannelInfo
{
    std::string name; // [a-z][a-z0-9-]*: "email", "whatsapp"; the name users pick in their settings
    AddressKind address = AddressKind::Email;
    bool usesTemplates = false; // sends a provider template (WhatsApp) instead of subject and bodies
};

// One rendered message for one recipient on one channel. The host renders it from
// the event, the rule and the recipient's language; the channel only delivers it.
struct OutgoingMessage
{
    // The host's id for this message, the same on every retry: use it as the
    // provider's idempotency key, or in the email's Message-ID.
    std::string id;
    std::string address; // email address or E.164 phone, by ChannelInfo::address
    std::string recipientName;
    std::string language; // the recipient's language, e.g. "en"

    // Channels without templates (email).
    std::string subject;
    std::string text; // plain-text body
    std::string html; // HTML body; may be empty

    // Channels with templates (WhatsApp): the provider-approved template and its
    // body parameters, in order. templateName is empty when the rule has none.
    std::string templateName;
    std::vector<std::string> templateParameters;

    // Where the recipient changes which messages they get; empty for messages
    // they cannot turn off (a password reset). Email puts it in List-Unsubscribe.
    std::string settingsUrl;
};

// How far a sent message got, as the provider reports it after the send.
enum class DeliveryState
{
    Sent,
    Delivered,
    Read,
    Failed
};

struct DeliveryReport
{
    std::string channel;           // ChannelInfo::name of the reporting channel
    std::string providerMessageId; // what send() returned
    DeliveryState state = DeliveryState::Sent;
    std::string detail;        // the provider's reason when Failed; may be empty otherwise
    std::int64_t atMillis = 0; // the provider's time, milliseconds since the epoch (0: now)
};

// A way to deliver messages: email over SMTP, WhatsApp, SMS... (since SDK 1.2).
// A plugin implements it and adds it from start(); the host's notification outbox
// calls send() on its worker threads, several at once, so send() must be thread-safe.
//
// Errors: throw PermanentError when retrying cannot help (the address is refused,
// the template does not exist): the message is parked at once and shown to lab
// admins with the reason. Any other exception is temporary (a timeout, a rate limit,
// the server is down) and the message is retried with backoff.
class MOLAR_SDK_API NotificationChannel
{
public:
    virtual ~NotificationChannel();
    NotificationChannel() = default;
    NotificationChannel(const NotificationChannel&) = delete; // interfaces are never copied or moved
    NotificationChannel& operator=(const NotificationChannel&) = delete;
    virtual ChannelInfo info() const = 0;
    // Delivers the message and returns the provider's id for it (never empty).
    virtual std::string send(const OutgoingMessage& message) = 0;
};

// Since SDK 1.9. A link holding a secret that a sensitive rule's message shows (a
// feedback form that opens without signing in). The secret is made when the message
// goes out, so no event, job, log line or message row ever holds it: the event names
// the secret by an id, the message is stored with a placeholder, and at delivery the
// host asks `reveal` for the link and sends it in the placeholder's place. Only rules
// marked sensitive get the link (their bodies are erased once sent).
struct SecretLink
{
    std::string idField;   // the event payload's field that names the secret, "feedbackRequestId"
    std::string linkField; // the message field the wording and the rule's `link` use, "feedbackUrl"
    // Makes the secret now and answers the link's path with it ("/feedback/t/<token>"); the host puts
    // its public URL in front. None when it is no longer good (answered, expired): the message then fails.
    // Called on the outbox's worker threads, outside any transaction, once per message sent (again
    // for each retry of a message whose send failed).
    std::function<std::optional<std::string>(const std::string& id)> reveal;
};

// The host's notification outbox, for channel plugins (since SDK 1.2) and for
// plugins whose messages carry a secret link (since SDK 1.9).
//
// Ownership: host owns; valid until Plugin::stop() returns. The host keeps the
// channels and links it is given and drops them before the plugin stops.
class MOLAR_SDK_API Notifications
{
public:
    virtual ~Notifications();
    Notifications() = default;
    Notifications(const Notifications&) = delete; // interfaces are never copied or moved
    Notifications& operator=(const Notifications&) = delete;
    // Offers a channel under info().name. Throws std::invalid_argument when another
    // plugin already offers a channel of that name.
    virtual void addChannel(std::shared_ptr<NotificationChannel> channel) = 0;
    // Records a provider's delivery report (from a webhook) on the message it
    // concerns; false when no message of that channel has that provider id.
    virtual bool report(const DeliveryReport& report) = 0;

    // Since SDK 1.9. Offers a secret link for the messages of sensitive rules; call from
    // start(). Throws std::invalid_argument when a field is empty, `reveal` is missing, or
    // another plugin's link already uses idField. The host drops the plugin's links when it
    // stops; a message whose link is gone by then fails. The SDK's library ignores them.
    // Ownership: the host keeps `link` until the plugin stops.
    virtual void addSecretLink(SecretLink link);
};

} // namespace molar::sdk

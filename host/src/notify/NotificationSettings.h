#pragma once

#include "config/ConfigView.h"

#include <map>
#include <string>
#include <vector>

namespace molar::host {

// A condition on an event's payload: `field = value` or `field != value`.
struct PayloadCondition
{
    std::string field;
    std::string value;
    bool equals = true;
};

// One line of the event -> message table: on `event` (when the conditions hold),
// tell `recipients` on `channels` with `templateName`.
struct NotificationRule
{
    std::string id; // the key under notifications.rules
    std::string event;
    std::vector<PayloadCondition> when;
    std::vector<std::string> recipients; // see isRecipient()
    std::vector<std::string> channels;
    std::string templateName;         // message keys message.<template>.*
    std::string preference;           // the event name users turn on or off (default: event)
    std::vector<std::string> offerTo; // whose settings page offers `preference`: clinic, lab
    int offerOrder = 100;             // its place on that page, smaller first
    bool required = false;            // sent whatever the user's settings (password reset)
    bool sensitive = false;           // the body holds a secret: erased once sent, never shown
    bool toActor = false;             // the user who made the change is told too (a confirmation)
    std::vector<std::string> link;    // model fields for the message's button: the first one set
    std::string whatsappTemplate;
    std::vector<std::string> whatsappParameters; // model fields, in order
};

struct NotificationSettings
{
    std::vector<NotificationRule> rules;
    // Channels written to the log instead of sent when no plugin offers them (demo).
    std::vector<std::string> logChannels;
    int maxAttempts = 6;
    int firstRetrySeconds = 60;
    int sendLeaseSeconds = 120;
    // Payload fields shown through the message catalog: field -> key prefix
    // (stage -> cases.stage. gives the model stageLabel).
    std::map<std::string, std::string> labels;

    // Reads the "notifications" subtree; throws sdk::ConfigError naming the key.
    static NotificationSettings read(ConfigView& config);
    // The distinct events the rules listen to.
    std::vector<std::string> events() const;
    // The preferences offered on `side`'s (clinic or lab) settings page, in the rules'
    // offerOrder, each once: only what some enabled plugin's rule sends.
    std::vector<std::string> offered(const std::string& side) const;
};

} // namespace molar::host

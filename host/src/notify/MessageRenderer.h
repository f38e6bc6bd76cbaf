#pragma once

#include "notify/NotificationSettings.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Notifications.h"
#include "molar/sdk/Value.h"

#include <string>
#include <vector>

namespace molar::host {

// Turns an event's payload into the message one recipient reads, in their
// language. The wording of each template is message-catalog text with Mustache
// fields (message.<template>.subject, .heading, .body, .body2, .action); the email
// layouts (templates/notifications/email.html and email.txt) are shared.
class MessageRenderer
{
public:
    MessageRenderer(ViewEngine& views, const NotificationSettings& settings, std::string publicUrl,
                    std::string siteName);

    // The fields messages can use: the payload's scalars, <x>Url for each /<x>Path,
    // <field>Label for the configured labels (else <field>Name when the catalogs lack the
    // code), recipientName, siteName.
    sdk::Value model(const sdk::Value& payload, const sdk::UserInfo& recipient,
                     const std::string& language) const;
    // The message for `channel`: subject and both bodies, or the provider template
    // and its parameters. Address and id are left to the caller.
    sdk::OutgoingMessage render(const NotificationRule& rule, const sdk::ChannelInfo& channel,
                                const sdk::Value& payload, const sdk::UserInfo& recipient,
                                const std::string& language) const;
    // What admins see of a message: its subject, or template and parameters.
    static std::string summary(const sdk::OutgoingMessage& message);
    // Rules whose template has no subject or body in `language`: rule id and what is missing.
    std::vector<std::pair<std::string, std::string>> missingWording(const std::string& language) const;

private:
    std::string wording(const std::string& key, const sdk::Value& model, const std::string& language) const;

    ViewEngine& _views;
    const NotificationSettings& _settings;
    std::string _publicUrl;
    std::string _siteName;
};

} // namespace molar::host

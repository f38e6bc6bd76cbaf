#pragma once

#include "GraphClient.h"
#include "WhatsAppSettings.h"
#include "molar/sdk/Notifications.h"

namespace molar::whatsapp {

// The "whatsapp" notification channel: each message goes out as an approved
// template through the Business Cloud API, and send() returns its wamid. Safe to
// call from several threads: it keeps no state between sends.
class WhatsAppChannel : public sdk::NotificationChannel
{
public:
    explicit WhatsAppChannel(WhatsAppSettings settings);

    sdk::ChannelInfo info() const override;
    std::string send(const sdk::OutgoingMessage& message) override;

private:
    WhatsAppSettings _settings;
    GraphClient _graph;
};

} // namespace molar::whatsapp

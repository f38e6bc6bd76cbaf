#pragma once

#include "molar/sdk/Notifications.h"

#include <Poco/Logger.h>

namespace molar::host {

// Writes messages to the log (logger "notifications") instead of sending them:
// for the demo, and for trying rules before a channel plugin is set up. It stands
// in only for channels no plugin offers (notifications.logChannels).
class LogChannel : public sdk::NotificationChannel
{
public:
    explicit LogChannel(std::string name);
    sdk::ChannelInfo info() const override { return _info; }
    std::string send(const sdk::OutgoingMessage& message) override;

private:
    sdk::ChannelInfo _info;
    Poco::Logger& _logger;
};

} // namespace molar::host

#pragma once

#include "molar/sdk/Notifications.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// The notification channels plugins offer, by name. An entry holds the plugin's
// keep-alive with the channel, so a send in progress keeps the plugin's library
// loaded even if the plugin is stopped meanwhile.
class ChannelRegistry
{
public:
    struct Entry
    {
        Entry(std::string owner_, std::shared_ptr<sdk::NotificationChannel> channel_,
              std::shared_ptr<void> keepAlive_, sdk::ChannelInfo info_)
            : keepAlive(std::move(keepAlive_)), owner(std::move(owner_)), channel(std::move(channel_)),
              info(std::move(info_))
        {
        }
        // First, so that it is released last: the channel's code is in the plugin's library.
        std::shared_ptr<void> keepAlive;
        std::string owner;
        std::shared_ptr<sdk::NotificationChannel> channel;
        sdk::ChannelInfo info;
    };
    using ReportSink = std::function<bool(const sdk::DeliveryReport&)>;

    // Throws std::invalid_argument for a bad or taken name.
    void add(const std::string& owner, std::shared_ptr<sdk::NotificationChannel> channel,
             std::shared_ptr<void> keepAlive);
    void removeOwner(const std::string& owner);
    std::optional<Entry> find(const std::string& name) const;
    std::vector<std::string> names() const;

    // Where delivery reports go (the outbox); reports before it is set are refused.
    void setReportSink(ReportSink sink);
    bool report(const sdk::DeliveryReport& report) const;

private:
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _channels;
    ReportSink _sink;
};

} // namespace molar::host

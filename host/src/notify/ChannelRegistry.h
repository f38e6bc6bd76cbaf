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

// What plugins offer the notification outbox: channels by name and (since SDK 1.9)
// secret links by the payload field naming their secret. An entry holds the plugin's
// keep-alive with the channel or link, so a send or reveal in progress keeps the
// plugin's library loaded even if the plugin is stopped meanwhile.
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
    struct LinkEntry
    {
        // First, so that it is released last: the link's reveal is in the plugin's library.
        std::shared_ptr<void> keepAlive;
        std::string owner;
        sdk::SecretLink link;
    };
    using ReportSink = std::function<bool(const sdk::DeliveryReport&)>;

    // Throws std::invalid_argument for a bad or taken name.
    void add(const std::string& owner, std::shared_ptr<sdk::NotificationChannel> channel,
             std::shared_ptr<void> keepAlive);
    // Removes the owner's channels and links.
    void removeOwner(const std::string& owner);
    std::optional<Entry> find(const std::string& name) const;
    std::vector<std::string> names() const;

    // Throws std::invalid_argument for an empty field, a missing reveal, or an id field
    // another plugin's link already uses.
    void addSecretLink(const std::string& owner, sdk::SecretLink link, std::shared_ptr<void> keepAlive);
    // Copies of the links, in the order they were added: callers reveal without the lock.
    std::vector<LinkEntry> secretLinks() const;

    // Where delivery reports go (the outbox); reports before it is set are refused.
    void setReportSink(ReportSink sink);
    bool report(const sdk::DeliveryReport& report) const;

private:
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _channels;
    std::vector<LinkEntry> _links;
    ReportSink _sink;
};

} // namespace molar::host

#include "notify/ChannelRegistry.h"

#include <stdexcept>

namespace molar::host {

namespace {

bool validName(const std::string& name)
{
    if (name.empty() || name.size() > 32 || name[0] < 'a' || name[0] > 'z')
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

} // namespace

void ChannelRegistry::add(const std::string& owner, std::shared_ptr<sdk::NotificationChannel> channel,
                          std::shared_ptr<void> keepAlive)
{
    if (!channel)
        throw std::invalid_argument("addChannel() was given no channel");
    sdk::ChannelInfo info = channel->info();
    if (!validName(info.name))
        throw std::invalid_argument("notification channel name '" + info.name +
                                    "' must be 1-32 characters of [a-z0-9-], starting with a letter");
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _channels.find(info.name);
    if (found != _channels.end())
        throw std::invalid_argument("notification channel '" + info.name + "' is already offered by " +
                                    found->second.owner);
    const std::string name = info.name;
    _channels.emplace(name, Entry{owner, std::move(channel), std::move(keepAlive), std::move(info)});
}

void ChannelRegistry::removeOwner(const std::string& owner)
{
    // The owner's links are destroyed whole, each keep-alive after its reveal, once the lock
    // is released (moving them about inside the vector would release a keep-alive first).
    std::vector<LinkEntry> gone;
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto it = _channels.begin(); it != _channels.end();)
        it = it->second.owner == owner ? _channels.erase(it) : std::next(it);
    std::vector<LinkEntry> kept;
    for (auto& entry : _links)
        (entry.owner == owner ? gone : kept).push_back(std::move(entry));
    _links.swap(kept);
}

void ChannelRegistry::addSecretLink(const std::string& owner, sdk::SecretLink link,
                                    std::shared_ptr<void> keepAlive)
{
    if (link.idField.empty() || link.linkField.empty())
        throw std::invalid_argument("addSecretLink() needs both the id field and the link field");
    if (!link.reveal)
        throw std::invalid_argument("addSecretLink() for " + link.idField + " was given no reveal");
    std::lock_guard<std::mutex> lock(_mutex);
    for (const auto& entry : _links)
        if (entry.link.idField == link.idField)
            throw std::invalid_argument("a secret link for " + link.idField + " is already offered by " +
                                        entry.owner);
    _links.push_back({std::move(keepAlive), owner, std::move(link)});
}

std::vector<ChannelRegistry::LinkEntry> ChannelRegistry::secretLinks() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _links;
}

std::optional<ChannelRegistry::Entry> ChannelRegistry::find(const std::string& name) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _channels.find(name);
    if (found == _channels.end())
        return std::nullopt;
    return found->second;
}

std::vector<std::string> ChannelRegistry::names() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<std::string> out;
    for (const auto& entry : _channels)
        out.push_back(entry.first);
    return out;
}

void ChannelRegistry::setReportSink(ReportSink sink)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _sink = std::move(sink);
}

bool ChannelRegistry::report(const sdk::DeliveryReport& report) const
{
    ReportSink sink;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        sink = _sink;
    }
    return sink ? sink(report) : false;
}

} // namespace molar::host

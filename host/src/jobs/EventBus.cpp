#include "jobs/EventBus.h"

#include <algorithm>
#include <mutex>

namespace molar::host {

void EventBus::on(const std::string& owner, const std::string& eventName, sdk::Events::Handler handler)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _subscriptions[eventName].push_back({owner, std::move(handler), ""});
}

void EventBus::onDurable(const std::string& owner, const std::string& eventName, const std::string& jobName)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _subscriptions[eventName].push_back({owner, nullptr, jobName});
}

void EventBus::publish(sdk::Transaction& tx, const std::string& eventName, const sdk::Value& payload)
{
    std::vector<Subscription> subscribers;
    {
        std::shared_lock<std::shared_mutex> lock(_mutex);
        auto found = _subscriptions.find(eventName);
        if (found != _subscriptions.end())
            subscribers = found->second;
    }
    sdk::Event event{eventName, payload};
    for (const auto& s : subscribers) {
        if (s.handler) {
            s.handler(tx, event);
        } else {
            sdk::Value jobPayload = payload;
            if (jobPayload.isObject() && !jobPayload.has("event"))
                jobPayload.set("event", eventName);
            _jobs.enqueue(tx, s.jobName, jobPayload, std::chrono::milliseconds(0), "");
        }
    }
}

void EventBus::removeOwner(const std::string& owner)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    for (auto& entry : _subscriptions) {
        auto& list = entry.second;
        list.erase(
            std::remove_if(list.begin(), list.end(), [&](const Subscription& s) { return s.owner == owner; }),
            list.end());
    }
}

std::size_t EventBus::handlerCount(const std::string& eventName) const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    auto found = _subscriptions.find(eventName);
    return found == _subscriptions.end() ? 0 : found->second.size();
}

} // namespace molar::host

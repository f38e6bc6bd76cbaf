#pragma once

#include "jobs/JobRunner.h"

#include "molar/sdk/Events.h"

#include <map>
#include <shared_mutex>
#include <vector>

namespace molar::host {

// Events by name. Synchronous handlers run inside the publisher's transaction;
// durable subscriptions become jobs enqueued in that same transaction.
class EventBus
{
public:
    explicit EventBus(JobRunner& jobs) : _jobs(jobs) {}

    void on(const std::string& owner, const std::string& eventName, sdk::Events::Handler handler);
    void onDurable(const std::string& owner, const std::string& eventName, const std::string& jobName);
    void publish(sdk::Transaction& tx, const std::string& eventName, const sdk::Value& payload);
    void removeOwner(const std::string& owner);
    std::size_t handlerCount(const std::string& eventName) const;

private:
    struct Subscription
    {
        std::string owner;
        sdk::Events::Handler handler; // empty for durable ones
        std::string jobName;
    };

    JobRunner& _jobs;
    mutable std::shared_mutex _mutex;
    std::map<std::string, std::vector<Subscription>> _subscriptions;
};

} // namespace molar::host

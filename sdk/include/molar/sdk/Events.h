#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Export.h"
#include "molar/sdk/Value.h"

#include <functional>
#include <string>

namespace molar::sdk {

struct Event
{
    std::string name;
    Value payload;
};

// Named events with a payload, published inside the transaction that caused them.
//
// Synchronous handlers run in the publisher's transaction, on the publisher's
// thread, before publish() returns; a handler that throws rolls the whole change back.
// Durable subscriptions enqueue a job in the same transaction, so the work runs
// later, at least once, from the outbox, whether or not this host is still up.
//
// Ownership: host owns; valid until Plugin::stop() returns. Register from start();
// the host removes the plugin's handlers before calling stop().
class MOLAR_SDK_API Events
{
public:
    using Handler = std::function<void(Transaction&, const Event&)>;

    virtual ~Events();
    Events() = default;
    Events(const Events&) = delete; // interfaces are never copied or moved
    Events& operator=(const Events&) = delete;
    virtual void on(const std::string& eventName, Handler handler) = 0;
    // On each `eventName`, enqueue job `jobName` (defined through Jobs) with the
    // event's payload.
    virtual void onDurable(const std::string& eventName, const std::string& jobName) = 0;
    virtual void publish(Transaction& tx, const std::string& eventName, const Value& payload) = 0;
};

} // namespace molar::sdk

#pragma once

#include "molar/sdk/Clock.h"

#include <atomic>
#include <chrono>

namespace molar::host {

class SystemClock : public sdk::Clock
{
public:
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told: for tests of lockouts, expiry and backoff.
class ManualClock : public sdk::Clock
{
public:
    explicit ManualClock(std::chrono::system_clock::time_point start = std::chrono::system_clock::now())
        : _now(start.time_since_epoch().count())
    {
    }
    std::chrono::system_clock::time_point now() const override
    {
        return std::chrono::system_clock::time_point(std::chrono::system_clock::duration(_now.load()));
    }
    void advance(std::chrono::system_clock::duration by) { _now += by.count(); }

private:
    std::atomic<std::chrono::system_clock::duration::rep> _now;
};

inline std::int64_t millisSinceEpoch(std::chrono::system_clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

} // namespace molar::host

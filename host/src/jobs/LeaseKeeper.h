#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace molar::host {

// Renews a lease while the work that holds it runs: calls `renew` every `interval`
// on a thread of its own until destroyed. A slow send or job then keeps its lease
// however long it takes, and another worker takes it over only when this host is gone.
class LeaseKeeper
{
public:
    LeaseKeeper(std::chrono::milliseconds interval, std::function<void()> renew);
    ~LeaseKeeper();
    LeaseKeeper(const LeaseKeeper&) = delete;
    LeaseKeeper& operator=(const LeaseKeeper&) = delete;

private:
    std::chrono::milliseconds _interval;
    std::function<void()> _renew;
    std::mutex _mutex;
    std::condition_variable _done;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace molar::host

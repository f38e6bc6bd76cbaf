#include "jobs/LeaseKeeper.h"

#include <Poco/Logger.h>

namespace molar::host {

LeaseKeeper::LeaseKeeper(std::chrono::milliseconds interval, std::function<void()> renew)
    : _interval(std::max(interval, std::chrono::milliseconds(10))), _renew(std::move(renew))
{
    _thread = std::thread([this] {
        std::unique_lock<std::mutex> lock(_mutex);
        while (!_done.wait_for(lock, _interval, [this] { return _stopping; })) {
            lock.unlock();
            try {
                _renew();
            } catch (const std::exception& e) {
                // The next renewal may work; if none does, the lease runs out as it would have.
                Poco::Logger::get("jobs").warning("renewing a lease failed: %s", std::string(e.what()));
            }
            lock.lock();
        }
    });
}

LeaseKeeper::~LeaseKeeper()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _done.notify_all();
    _thread.join();
}

} // namespace molar::host

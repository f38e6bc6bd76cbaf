#include "web/RateLimiter.h"

namespace molar::cases {

bool RateLimiter::allow(const std::string& address, std::chrono::system_clock::time_point now)
{
    const std::int64_t minute =
        std::chrono::duration_cast<std::chrono::minutes>(now.time_since_epoch()).count();
    std::lock_guard<std::mutex> lock(_mutex);
    if (minute != _lastSweep) {
        for (auto it = _windows.begin(); it != _windows.end();)
            it = it->second.minute < minute ? _windows.erase(it) : std::next(it);
        _lastSweep = minute;
    }
    Window& window = _windows[address];
    if (window.minute != minute)
        window = Window{minute, 0};
    return ++window.count <= _limit;
}

} // namespace molar::cases

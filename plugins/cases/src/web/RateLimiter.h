#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace molar::cases {

// At most `limit` requests per client address per minute (a fixed one-minute
// window per address), so a stranger cannot walk through case numbers.
// Thread-safe; forgets addresses whose window has passed.
class RateLimiter
{
public:
    explicit RateLimiter(int limit) : _limit(limit) {}
    bool allow(const std::string& address, std::chrono::system_clock::time_point now);

private:
    struct Window
    {
        std::int64_t minute = 0;
        int count = 0;
    };
    int _limit;
    std::mutex _mutex;
    std::map<std::string, Window> _windows;
    std::int64_t _lastSweep = 0;
};

} // namespace molar::cases

#pragma once

#include "security/RateCounter.h"

#include "molar/sdk/Database.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace molar::host {

// Counts attempts per client address in fixed windows, through the host's rate
// counters in the database, so every host of a deployment shares the count. Each
// use has its own purpose (sign-ins "", registrations "register:") and limit.
class AddressThrottle
{
public:
    AddressThrottle(sdk::Database& database, std::string purpose, int limit, std::chrono::seconds window);
    // Counts one attempt from `address`; refused when it is over the limit.
    sdk::RateDecision hit(const std::string& address, std::int64_t nowMs);
    // Counts one attempt from `address`; true when it is over the limit.
    bool overLimit(const std::string& address, std::int64_t nowMs) { return !hit(address, nowMs).allowed; }
    std::chrono::seconds window() const { return _window; }

private:
    RateCounter _counter;
    std::string _bucket;
    int _limit;
    std::chrono::seconds _window;
};

} // namespace molar::host

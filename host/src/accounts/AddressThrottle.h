#pragma once

#include "molar/sdk/Database.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace molar::host {

// Counts attempts per client address in fixed windows, in molar_sign_in_throttle,
// so every host of a deployment shares the count. Each use has its own purpose
// (a key prefix) and limit: sign-ins, registrations. All uses share one window
// length, since each clears the rows of windows that have passed.
class AddressThrottle
{
public:
    AddressThrottle(sdk::Database& database, std::string purpose, int limit, std::chrono::seconds window)
        : _database(database), _purpose(std::move(purpose)), _limit(limit), _window(window)
    {
    }
    // Counts one attempt from `address`; true when it is over the limit.
    bool overLimit(const std::string& address, std::int64_t nowMs);
    std::chrono::seconds window() const { return _window; }

private:
    sdk::Database& _database;
    std::string _purpose;
    int _limit;
    std::chrono::seconds _window;
};

} // namespace molar::host

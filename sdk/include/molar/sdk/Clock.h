#pragma once

#include "molar/sdk/Export.h"

#include <chrono>

namespace molar::sdk {

// The time as the host sees it. Plugins read the time only through this, so tests
// can move it (lockouts, expiry, ETAs, backoff) without sleeping. Thread-safe.
class MOLAR_SDK_API Clock
{
public:
    virtual ~Clock();
    Clock() = default;
    Clock(const Clock&) = delete; // interfaces are never copied or moved
    Clock& operator=(const Clock&) = delete;
    virtual std::chrono::system_clock::time_point now() const = 0;
};

} // namespace molar::sdk

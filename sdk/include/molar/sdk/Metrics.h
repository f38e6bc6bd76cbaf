#pragma once

#include "molar/sdk/Export.h"

#include <string>

namespace molar::sdk {

// A monotonically increasing count exported at /metrics. Thread-safe.
class MOLAR_SDK_API Counter
{
public:
    virtual ~Counter();
    Counter() = default;
    Counter(const Counter&) = delete; // interfaces are never copied or moved
    Counter& operator=(const Counter&) = delete;
    virtual void increment(double by = 1) = 0;
};

// Named metrics for /metrics in Prometheus text format. Names are prefixed with
// `molar_<plugin>_` by the host.
//
// Ownership: host owns the registry and every counter; valid until Plugin::stop() returns.
class MOLAR_SDK_API Metrics
{
public:
    virtual ~Metrics();
    Metrics() = default;
    Metrics(const Metrics&) = delete; // interfaces are never copied or moved
    Metrics& operator=(const Metrics&) = delete;
    // Returns the same counter for the same name and labels (e.g. `kind="crown"`).
    virtual Counter& counter(const std::string& name, const std::string& help,
                             const std::string& labels = "") = 0;
};

} // namespace molar::sdk

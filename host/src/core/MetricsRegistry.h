#pragma once

#include "molar/sdk/Metrics.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace molar::host {

// Prometheus text exposition for /metrics: plugin counters, request counts and a
// latency histogram per route, and gauges read at scrape time (pool, outbox).
class MetricsRegistry
{
public:
    MetricsRegistry();
    ~MetricsRegistry();

    sdk::Counter& counter(const std::string& name, const std::string& help, const std::string& labels);
    void observeRequest(const std::string& method, const std::string& route, int status, double seconds);
    void addGauge(const std::string& name, const std::string& help, std::function<double()> read);
    // A count kept elsewhere (the pool's waits), read at scrape time.
    void addCounter(const std::string& name, const std::string& help, std::function<double()> read);
    // The method as a label: one of HTTP's, else "other", so no request adds a series of its own.
    static std::string methodLabel(const std::string& method);
    // A sample value as Prometheus reads it: whole numbers in full (1234567, not 1.23457e+06).
    static std::string formatValue(double value);
    std::string render() const;

private:
    class CounterImpl;
    struct CounterFamily
    {
        std::string help;
        std::map<std::string, std::unique_ptr<CounterImpl>> byLabels;
    };
    struct Histogram
    {
        std::vector<std::uint64_t> buckets;
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Gauge
    {
        std::string name, help;
        std::function<double()> read;
        std::string type; // gauge or counter
    };

    mutable std::mutex _mutex;
    std::map<std::string, CounterFamily> _counters;
    // Requests have their own lock: every request takes it, nothing else should wait on it.
    mutable std::mutex _requestMutex;
    std::unordered_map<std::string, std::uint64_t> _requests; // labels -> count
    std::unordered_map<std::string, Histogram> _latency;      // route labels -> histogram
    std::vector<Gauge> _gauges;
    std::vector<double> _bounds;
};

} // namespace molar::host

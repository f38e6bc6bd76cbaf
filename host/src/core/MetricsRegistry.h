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

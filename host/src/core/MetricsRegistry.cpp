#include "core/MetricsRegistry.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace molar::host {

class MetricsRegistry::CounterImpl : public sdk::Counter
{
public:
    void increment(double by) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _value += by;
    }
    double value() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _value;
    }

private:
    mutable std::mutex _mutex;
    double _value = 0;
};

namespace {

std::string escapeLabel(const std::string& value)
{
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\r') {
            out += "\\r";
            continue;
        }
        out += c;
    }
    return out;
}

// Plugin labels come written (`kind="crown"`); a line break in them would end the sample.
std::string oneLine(const std::string& labels)
{
    std::string out;
    for (char c : labels)
        out += (c == '\n' || c == '\r') ? ' ' : c;
    return out;
}

} // namespace

std::string MetricsRegistry::methodLabel(const std::string& method)
{
    static const char* known[] = {"GET",   "HEAD",    "POST",    "PUT",  "DELETE",
                                  "PATCH", "OPTIONS", "CONNECT", "TRACE"};
    for (const char* name : known)
        if (method == name)
            return method;
    return "other";
}

std::string MetricsRegistry::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    // Whole numbers up to 2^53 are exact in a double: print every digit.
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
        std::snprintf(buffer, sizeof(buffer), "%.0f", value);
    else {
        // The shortest of 15 to 17 digits that reads back as the same number.
        for (int digits = 15; digits <= 17; ++digits) {
            std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
            if (std::strtod(buffer, nullptr) == value)
                break;
        }
    }
    return buffer;
}

MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::MetricsRegistry() : _bounds{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}
{
}

sdk::Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                       const std::string& labels)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto& family = _counters[name];
    if (family.help.empty())
        family.help = help;
    auto& slot = family.byLabels[labels];
    if (!slot)
        slot = std::make_unique<CounterImpl>();
    return *slot;
}

void MetricsRegistry::observeRequest(const std::string& method, const std::string& route, int status,
                                     double seconds)
{
    const std::string routeLabels =
        "method=\"" + methodLabel(method) + "\",route=\"" + escapeLabel(route) + "\"";
    const std::string labels = routeLabels + ",status=\"" + std::to_string(status) + "\"";
    std::lock_guard<std::mutex> lock(_requestMutex);
    ++_requests[labels];
    auto& h = _latency[routeLabels];
    if (h.buckets.empty())
        h.buckets.assign(_bounds.size(), 0);
    for (std::size_t i = 0; i < _bounds.size(); ++i)
        if (seconds <= _bounds[i])
            ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void MetricsRegistry::addGauge(const std::string& name, const std::string& help, std::function<double()> read)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _gauges.push_back({name, help, std::move(read), "gauge"});
}

void MetricsRegistry::addCounter(const std::string& name, const std::string& help,
                                 std::function<double()> read)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _gauges.push_back({name, help, std::move(read), "counter"});
}

std::string MetricsRegistry::render() const
{
    std::vector<Gauge> gauges;
    std::ostringstream out;
    std::map<std::string, std::uint64_t> requests;
    std::map<std::string, Histogram> latency;
    {
        // Copied, sorted, so the scrape holds the request lock only for a moment.
        std::lock_guard<std::mutex> lock(_requestMutex);
        requests.insert(_requests.begin(), _requests.end());
        latency.insert(_latency.begin(), _latency.end());
    }
    {
        std::lock_guard<std::mutex> lock(_mutex);
        gauges = _gauges;
        out << "# HELP molar_http_requests_total Requests answered, by route template and status.\n"
            << "# TYPE molar_http_requests_total counter\n";
        for (const auto& [labels, count] : requests)
            out << "molar_http_requests_total{" << labels << "} " << count << "\n";
        out << "# HELP molar_http_request_duration_seconds Time to answer a request.\n"
            << "# TYPE molar_http_request_duration_seconds histogram\n";
        for (const auto& [labels, h] : latency) {
            for (std::size_t i = 0; i < _bounds.size(); ++i)
                out << "molar_http_request_duration_seconds_bucket{" << labels << ",le=\""
                    << formatValue(_bounds[i]) << "\"} " << h.buckets[i] << "\n";
            out << "molar_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count
                << "\n"
                << "molar_http_request_duration_seconds_sum{" << labels << "} " << formatValue(h.sum) << "\n"
                << "molar_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
        }
        for (const auto& [name, family] : _counters) {
            out << "# HELP " << name << " " << family.help << "\n# TYPE " << name << " counter\n";
            for (const auto& [labels, counter] : family.byLabels)
                out << name << (labels.empty() ? "" : "{" + oneLine(labels) + "}") << " "
                    << formatValue(counter->value()) << "\n";
        }
    }
    // Gauges may query the database: read them outside the lock.
    for (const auto& g : gauges) {
        double value = 0;
        try {
            value = g.read();
        } catch (...) {
            value = -1;
        }
        out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " " << g.type << "\n"
            << g.name << " " << formatValue(value) << "\n";
    }
    return out.str();
}

} // namespace molar::host

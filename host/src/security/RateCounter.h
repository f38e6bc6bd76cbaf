#pragma once

#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"
#include "molar/sdk/RateLimits.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace molar::host {

// Fixed-window hit counters in molar_rate_limits, one row per bucket, key, window
// length and window start, each hit one upsert: every host sharing the database
// shares the count, and concurrent hits never let more than `limit` through.
// Windows that have ended are purged at most once a minute per counter.
class RateCounter
{
public:
    explicit RateCounter(sdk::Database& database) : _database(database) {}

    // Counts one hit at `nowMs`. Throws std::invalid_argument for an empty bucket or
    // one longer than 100 characters, a limit below 1 or a window under a second.
    sdk::RateDecision hit(const std::string& bucket, const std::string& key, int limit,
                          std::chrono::seconds window, std::int64_t nowMs);
    // Deletes the windows that ended at or before `nowMs`; returns how many.
    std::int64_t purge(std::int64_t nowMs);

    // The key as stored: itself, or its SHA-256 when longer than 128 characters.
    static std::string storedKey(const std::string& key);

private:
    sdk::Database& _database;
    std::atomic<std::int64_t> _lastPurgeMs{0};
};

// The SDK's RateLimiter over a RateCounter and the host's clock. Each plugin gets
// one whose buckets start with "<plugin>.", so no plugin shares or spends another's.
class DatabaseRateLimiter : public sdk::RateLimiter
{
public:
    DatabaseRateLimiter(sdk::Database& database, const sdk::Clock& clock, std::string bucketPrefix)
        : _counter(database), _clock(clock), _prefix(std::move(bucketPrefix))
    {
    }
    sdk::RateDecision allow(const std::string& bucket, const std::string& key, int limit,
                            std::chrono::seconds window) override;

private:
    RateCounter _counter;
    const sdk::Clock& _clock;
    std::string _prefix;
};

} // namespace molar::host

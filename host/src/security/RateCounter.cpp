#include "security/RateCounter.h"

#include "core/Clocks.h"

#include "molar/sdk/Errors.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <stdexcept>

namespace molar::host {

namespace {

constexpr std::int64_t kPurgeEveryMs = 60 * 1000;
constexpr std::size_t kMaxKey = 128;

} // namespace

std::string RateCounter::storedKey(const std::string& key)
{
    if (key.size() <= kMaxKey)
        return key;
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(key);
    return "sha256:" + Poco::DigestEngine::digestToHex(engine.digest());
}

sdk::RateDecision RateCounter::hit(const std::string& bucket, const std::string& key, int limit,
                                   std::chrono::seconds window, std::int64_t nowMs)
{
    if (bucket.empty() || bucket.size() > 100)
        throw std::invalid_argument("a rate-limit bucket has 1 to 100 characters, not " +
                                    std::to_string(bucket.size()));
    if (limit < 1)
        throw std::invalid_argument("a rate limit allows at least one hit, not " + std::to_string(limit));
    if (window.count() < 1)
        throw std::invalid_argument("a rate-limit window lasts at least a second");
    const std::int64_t windowMs = std::chrono::duration_cast<std::chrono::milliseconds>(window).count();
    const std::int64_t start = nowMs - ((nowMs % windowMs) + windowMs) % windowMs;
    const std::string stored = storedKey(key);
    // One statement adds the hit whether or not the row exists, so concurrent hits
    // from any host serialize on the row; the count is read under the same lock.
    const std::string upsert =
        _database.dialect() == sdk::Dialect::SQLite
            ? "INSERT INTO molar_rate_limits (bucket, rate_key, window_ms, window_start, expires_at, hits)"
              " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (bucket, rate_key, window_ms, window_start)"
              " DO UPDATE SET hits = hits + 1"
            : "INSERT INTO molar_rate_limits (bucket, rate_key, window_ms, window_start, expires_at, hits)"
              " VALUES (?, ?, ?, ?, ?, 1) ON DUPLICATE KEY UPDATE hits = hits + 1";
    const sdk::Params params{bucket, stored, windowMs, start, start + windowMs};
    std::int64_t count = 0;
    if (_database.dialect() == sdk::Dialect::SQLite) {
        // SQLite's upsert answers the count it left: one write, no transaction around it
        // (the public tracker counts every request, and writes queue for one lock).
        count = _database.query(upsert + " RETURNING hits", params).row(0).at(0).asInt();
    } else {
        _database.transaction([&](sdk::Transaction& tx) {
            tx.execute(upsert, params);
            count = tx.query("SELECT hits FROM molar_rate_limits WHERE bucket = ? AND rate_key = ? AND "
                             "window_ms = ? AND window_start = ?",
                             {bucket, stored, windowMs, start})
                        .row(0)
                        .at(0)
                        .asInt();
        });
    }
    std::int64_t last = _lastPurgeMs.load();
    if (nowMs - last >= kPurgeEveryMs && _lastPurgeMs.compare_exchange_strong(last, nowMs)) {
        try {
            purge(nowMs);
        } catch (const sdk::DatabaseError&) {
            // Another host purging the same rows; the next purge takes what is left.
        }
    }
    sdk::RateDecision decision;
    decision.count = count;
    decision.allowed = count <= limit;
    if (!decision.allowed)
        decision.retryAfterSeconds = std::max<std::int64_t>(1, (start + windowMs - nowMs + 999) / 1000);
    return decision;
}

std::int64_t RateCounter::purge(std::int64_t nowMs)
{
    return _database.execute("DELETE FROM molar_rate_limits WHERE expires_at <= ?", {nowMs});
}

sdk::RateDecision DatabaseRateLimiter::allow(const std::string& bucket, const std::string& key, int limit,
                                             std::chrono::seconds window)
{
    if (bucket.empty() || bucket.size() > 64)
        throw std::invalid_argument("a rate-limit bucket has 1 to 64 characters, not " +
                                    std::to_string(bucket.size()));
    return _counter.hit(_prefix + bucket, key, limit, window, millisSinceEpoch(_clock.now()));
}

} // namespace molar::host

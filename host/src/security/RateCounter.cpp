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
    // from any host serialize on the row, and answers the count it left: SQLite's
    // upsert returns it; MySQL's hands it back as the insert id (LAST_INSERT_ID(expr)),
    // which the server sends with its answer. A new row sets no id there: its count is 1.
    const sdk::Params params{bucket, stored, windowMs, start, start + windowMs};
    const char* insert =
        "INSERT INTO molar_rate_limits (bucket, rate_key, window_ms, window_start, expires_at, hits)"
        " VALUES (?, ?, ?, ?, ?, 1)";
    std::int64_t count = 0;
    if (_database.dialect() == sdk::Dialect::SQLite) {
        count = _database
                    .query(std::string(insert) + " ON CONFLICT (bucket, rate_key, window_ms, window_start)"
                                                 " DO UPDATE SET hits = hits + 1 RETURNING hits",
                           params)
                    .row(0)
                    .at(0)
                    .asInt();
    } else {
        count = _database.insert(
            std::string(insert) + " ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)", params);
        if (count == 0)
            count = 1;
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

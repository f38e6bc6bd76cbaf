#include "jobs/JobQueue.h"

#include "core/Clocks.h"
#include "core/Json.h"

#include <algorithm>

namespace molar::host {

namespace {

const std::int64_t MAX_BACKOFF_MS = 60LL * 60 * 1000;

const char* DUE_CONDITION =
    "((state = 'pending' AND run_at <= ?) OR (state = 'running' AND lease_until < ?))";

} // namespace

JobQueue::JobQueue(PooledDatabase& db, const sdk::Clock& clock, std::string hostId)
    : _db(db), _clock(clock), _hostId(std::move(hostId))
{
}

std::int64_t JobQueue::nowMs() const
{
    return millisSinceEpoch(_clock.now());
}

void JobQueue::enqueue(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload,
                       std::chrono::milliseconds delay, const std::string& dedupeKey,
                       const sdk::JobOptions& options)
{
    const std::int64_t now = nowMs();
    const bool dedupe = !dedupeKey.empty();
    // A second enqueue with the same name and dedupe key is a no-op.
    std::string verb = !dedupe                                ? "INSERT"
                       : tx.dialect() == sdk::Dialect::SQLite ? "INSERT OR IGNORE"
                                                              : "INSERT IGNORE";
    tx.execute(verb +
                   " INTO molar_jobs (name, payload, state, attempts, max_attempts, first_retry_ms, lease_ms,"
                   " run_at, dedupe_key, created_at) VALUES (?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?)",
               {name, toJson(payload), options.maxAttempts,
                static_cast<std::int64_t>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(options.firstRetryDelay).count()),
                static_cast<std::int64_t>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(options.lease).count()),
                now + delay.count(), dedupe ? sdk::Value(dedupeKey) : sdk::Value(), now});
}

std::optional<JobQueue::Claimed> JobQueue::claim(const std::vector<std::string>& names)
{
    if (names.empty())
        return std::nullopt;
    const std::int64_t now = nowMs();
    std::string in;
    sdk::Params params{now, now};
    for (const auto& name : names) {
        in += in.empty() ? "?" : ", ?";
        params.push_back(name);
    }
    // Oldest first, ties by id, so the changes of one transaction go out in order.
    // On MySQL, SKIP LOCKED hands each claimer rows nobody else holds, so one is
    // enough; SQLite has one writer, and a few candidates ride out a lost race.
    const bool mysql = _db.dialect() == sdk::Dialect::MySQL;
    const std::string select = std::string("SELECT id FROM molar_jobs WHERE ") + DUE_CONDITION +
                               " AND name IN (" + in + ") ORDER BY run_at, id LIMIT " +
                               (mysql ? "1 FOR UPDATE SKIP LOCKED" : "4");
    const std::string owner = _hostId + "#" + std::to_string(++_claims);
    std::optional<std::int64_t> won;
    sdk::ResultSet rows;

    // Read the row back through the same runner that won it (inside the claiming
    // transaction on MySQL), so what we run is exactly what we leased.
    auto tryClaim = [&](sdk::SqlRunner& sql, const sdk::ResultSet& candidates) {
        for (std::size_t i = 0; i < candidates.size() && !won; ++i) {
            std::int64_t id = candidates.row(i).at(0).asInt();
            auto changed =
                sql.execute(std::string("UPDATE molar_jobs SET state = 'running', attempts = attempts + 1,"
                                        " lease_owner = ?, lease_until = ? + lease_ms WHERE id = ? AND ") +
                                DUE_CONDITION,
                            {owner, now, id, now, now});
            if (changed == 1)
                won = id;
        }
        if (won)
            rows = sql.query("SELECT id, name, payload, attempts, max_attempts, first_retry_ms, lease_ms FROM"
                             " molar_jobs WHERE id = ? AND lease_owner = ?",
                             {*won, owner});
    };
    if (mysql) {
        _db.transaction([&](sdk::Transaction& tx) { tryClaim(tx, tx.query(select, params)); });
    } else {
        tryClaim(_db, _db.query(select, params));
    }
    if (!won)
        return std::nullopt;
    if (rows.empty())
        throw std::logic_error("job " + std::to_string(*won) + " was leased to " + owner +
                               " but cannot be read back");
    Claimed claimed;
    claimed.job.id = rows.get(0, "id").asInt();
    claimed.job.name = rows.get(0, "name").asString();
    claimed.job.attempt = static_cast<int>(rows.get(0, "attempts").asInt());
    claimed.leaseOwner = owner;
    claimed.maxAttempts = static_cast<int>(rows.get(0, "max_attempts").asInt());
    claimed.firstRetryMs = rows.get(0, "first_retry_ms").asInt();
    claimed.leaseMs = rows.get(0, "lease_ms").asInt();
    try {
        claimed.job.payload = fromJson(rows.get(0, "payload").asString());
    } catch (const std::exception& e) {
        fail(claimed, e.what(), true);
        return std::nullopt;
    }
    if (claimed.job.attempt > claimed.maxAttempts) {
        // Its earlier runs lost their leases (the host died mid-job) too often.
        fail(claimed, "lease expired on every one of " + std::to_string(claimed.maxAttempts) + " attempts",
             true);
        return std::nullopt;
    }
    return claimed;
}

bool JobQueue::renew(const Claimed& claimed)
{
    return _db.execute("UPDATE molar_jobs SET lease_until = ? + lease_ms WHERE id = ? AND lease_owner = ?"
                       " AND state = 'running'",
                       {nowMs(), claimed.job.id, claimed.leaseOwner}) == 1;
}

bool JobQueue::complete(const Claimed& claimed)
{
    return _db.execute(
               "UPDATE molar_jobs SET state = 'done', finished_at = ?, lease_owner = NULL, lease_until = NULL"
               " WHERE id = ? AND lease_owner = ? AND state = 'running'",
               {nowMs(), claimed.job.id, claimed.leaseOwner}) == 1;
}

void JobQueue::fail(const Claimed& claimed, const std::string& error, bool permanent)
{
    const std::int64_t now = nowMs();
    const std::string message = error.substr(0, 2000);
    if (permanent || claimed.job.attempt >= claimed.maxAttempts) {
        _db.execute(
            "UPDATE molar_jobs SET state = 'parked', last_error = ?, finished_at = ?, lease_owner = NULL,"
            " lease_until = NULL WHERE id = ? AND lease_owner = ?",
            {message, now, claimed.job.id, claimed.leaseOwner});
        return;
    }
    std::int64_t backoff = claimed.firstRetryMs;
    for (int i = 1; i < claimed.job.attempt && backoff < MAX_BACKOFF_MS; ++i)
        backoff *= 2;
    backoff = std::min(backoff, MAX_BACKOFF_MS);
    _db.execute("UPDATE molar_jobs SET state = 'pending', run_at = ?, last_error = ?, lease_owner = NULL,"
                " lease_until = NULL WHERE id = ? AND lease_owner = ?",
                {now + backoff, message, claimed.job.id, claimed.leaseOwner});
}

bool JobQueue::retry(std::int64_t id)
{
    return _db.execute("UPDATE molar_jobs SET state = 'pending', attempts = 0, run_at = ?, finished_at = NULL"
                       " WHERE id = ? AND state = 'parked'",
                       {nowMs(), id}) == 1;
}

std::int64_t JobQueue::purgeDone(std::int64_t before)
{
    return _db.execute("DELETE FROM molar_jobs WHERE state = 'done' AND finished_at < ?", {before});
}

std::int64_t JobQueue::pending()
{
    auto rows = _db.query("SELECT COUNT(*) FROM molar_jobs WHERE state IN ('pending', 'running')", {});
    return rows.row(0).at(0).asInt();
}

std::int64_t JobQueue::parked()
{
    auto rows = _db.query("SELECT COUNT(*) FROM molar_jobs WHERE state = 'parked'", {});
    return rows.row(0).at(0).asInt();
}

} // namespace molar::host

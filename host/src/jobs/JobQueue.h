#pragma once

#include "db/PooledDatabase.h"

#include "molar/sdk/Clock.h"
#include "molar/sdk/Jobs.h"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// The durable queue in molar_jobs. Claiming sets a lease (owner + expiry) with a
// conditional UPDATE that only one claimer can win; on MySQL the candidates are
// first picked with FOR UPDATE SKIP LOCKED so concurrent hosts do not queue on the
// same rows. A job whose lease ran out (its host died) is claimable again.
class JobQueue
{
public:
    JobQueue(PooledDatabase& db, const sdk::Clock& clock, std::string hostId);

    struct Claimed
    {
        sdk::Job job;
        std::string leaseOwner;
        int maxAttempts = 1;
        std::int64_t firstRetryMs = 0;
        std::int64_t leaseMs = 0;
    };

    void enqueue(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload,
                 std::chrono::milliseconds delay, const std::string& dedupeKey,
                 const sdk::JobOptions& options);
    // Claims one due job among `names`; nothing when none is due.
    std::optional<Claimed> claim(const std::vector<std::string>& names);
    // Extends the lease of a job still running; false if it was lost.
    bool renew(const Claimed& claimed);
    // Marks a claimed job done; false if the lease was lost meanwhile.
    bool complete(const Claimed& claimed);
    // Reschedules with backoff, or parks when permanent or out of attempts.
    void fail(const Claimed& claimed, const std::string& error, bool permanent);
    // Puts a parked job back in the queue (an admin's retry).
    bool retry(std::int64_t id);

    // Deletes jobs that finished well before `before` (ms since the epoch); parked and
    // waiting jobs stay. Returns how many went.
    std::int64_t purgeDone(std::int64_t before);

    std::int64_t pending();
    std::int64_t parked();

private:
    std::int64_t nowMs() const;

    PooledDatabase& _db;
    const sdk::Clock& _clock;
    std::string _hostId;
    std::atomic<std::uint64_t> _claims{0};
};

} // namespace molar::host

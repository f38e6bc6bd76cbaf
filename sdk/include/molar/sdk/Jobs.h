#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Export.h"
#include "molar/sdk/Value.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace molar::sdk {

struct Job
{
    std::int64_t id = 0;
    std::string name;
    Value payload;
    int attempt = 1; // 1 on the first run
};

struct JobOptions
{
    int maxAttempts = 8;                     // then the job is parked
    std::chrono::seconds lease{60};          // another host may take it over after this
    std::chrono::seconds firstRetryDelay{5}; // doubled on each retry
};

// The durable job queue (outbox) in the database. Jobs are claimed with a lease, so
// any number of hosts may share one MySQL database and each job runs once; a host
// that dies mid-job loses its lease and the job runs again elsewhere, so handlers
// must be idempotent. A handler that throws PermanentError parks the job; any other
// exception retries it with exponential backoff until maxAttempts.
//
// Handlers run on the host's worker threads, never on a request thread.
//
// Ownership: host owns; valid until Plugin::stop() returns. Define from start().
class MOLAR_SDK_API Jobs
{
public:
    using Handler = std::function<void(const Job&)>;

    virtual ~Jobs();
    Jobs() = default;
    Jobs(const Jobs&) = delete; // interfaces are never copied or moved
    Jobs& operator=(const Jobs&) = delete;
    virtual void define(const std::string& name, Handler handler, JobOptions options = {}) = 0;
    // Enqueues in the caller's transaction. A non-empty dedupeKey makes a second
    // enqueue with the same name and key a no-op.
    virtual void enqueue(Transaction& tx, const std::string& name, const Value& payload,
                         std::chrono::seconds delay = std::chrono::seconds(0),
                         const std::string& dedupeKey = "") = 0;
    // Runs `task` every `interval`, on one host at a time across the deployment.
    virtual void every(const std::string& name, std::chrono::seconds interval,
                       std::function<void()> task) = 0;
};

} // namespace molar::sdk

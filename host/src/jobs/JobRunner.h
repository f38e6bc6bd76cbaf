#pragma once

#include "jobs/JobQueue.h"

#include <Poco/Logger.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace molar::host {

// Runs the outbox: worker threads claim due jobs whose handlers this host has and
// run them; a scheduler thread runs periodic tasks, one host at a time per task.
// Definitions are tagged with the plugin that made them so they can be removed
// when that plugin stops.
class JobRunner
{
public:
    JobRunner(JobQueue& queue, PooledDatabase& db, const sdk::Clock& clock, std::string hostId, int workers,
              std::chrono::milliseconds poll);
    ~JobRunner();

    void define(const std::string& owner, const std::string& name, sdk::Jobs::Handler handler,
                const sdk::JobOptions& options);
    void every(const std::string& owner, const std::string& name, std::chrono::seconds interval,
               std::function<void()> task);
    void enqueue(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload,
                 std::chrono::milliseconds delay, const std::string& dedupeKey);
    void removeOwner(const std::string& owner);
    // Deletes finished jobs (and the payloads they carried) `retention` after they
    // finished, checked every hour by one host.
    void purgeFinishedAfter(std::chrono::hours retention);
    bool defined(const std::string& name) const;

    void start();
    // Stops claiming and waits for the jobs in hand to finish.
    void stop();
    // Wakes idle workers (after a commit that enqueued something).
    void wake();

    // One claim-and-run; true if a job ran. The workers loop on this; tests call it.
    bool runOnce();
    // Runs every periodic task that is due and won; returns how many ran.
    int runDueSchedules();

private:
    struct Definition
    {
        std::string owner;
        sdk::Jobs::Handler handler;
        sdk::JobOptions options;
    };
    struct Schedule
    {
        std::string owner;
        std::chrono::seconds interval;
        std::function<void()> task;
    };
    void recordSuccess(const JobQueue::Claimed& claimed);
    void workerLoop();
    void schedulerLoop();
    std::vector<std::string> definedNames() const;

    JobQueue& _queue;
    PooledDatabase& _db;
    const sdk::Clock& _clock;
    std::string _hostId;
    int _workerCount;
    std::chrono::milliseconds _poll;
    Poco::Logger& _logger;

    mutable std::mutex _mutex;
    std::condition_variable _wakeup;
    std::map<std::string, Definition> _definitions;
    std::map<std::string, Schedule> _schedules;
    bool _running = false;
    std::uint64_t _wakeups = 0;
    std::vector<std::thread> _threads;
};

} // namespace molar::host

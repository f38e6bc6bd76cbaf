#include "jobs/JobRunner.h"

#include "core/Clocks.h"
#include "jobs/LeaseKeeper.h"

#include "molar/sdk/Errors.h"

namespace molar::host {

JobRunner::JobRunner(JobQueue& queue, PooledDatabase& db, const sdk::Clock& clock, std::string hostId,
                     int workers, std::chrono::milliseconds poll)
    : _queue(queue), _db(db), _clock(clock), _hostId(std::move(hostId)), _workerCount(workers), _poll(poll),
      _logger(Poco::Logger::get("jobs"))
{
}

JobRunner::~JobRunner()
{
    stop();
}

void JobRunner::define(const std::string& owner, const std::string& name, sdk::Jobs::Handler handler,
                       const sdk::JobOptions& options)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _definitions.find(name);
    if (found != _definitions.end())
        throw std::runtime_error("job '" + name + "' is already defined by " + found->second.owner);
    _definitions.emplace(name, Definition{owner, std::move(handler), options});
}

void JobRunner::every(const std::string& owner, const std::string& name, std::chrono::seconds interval,
                      std::function<void()> task)
{
    if (interval.count() <= 0)
        throw std::invalid_argument("periodic job '" + name + "' needs an interval of at least one second");
    std::lock_guard<std::mutex> lock(_mutex);
    if (_schedules.count(name))
        throw std::runtime_error("periodic job '" + name + "' is already defined by " +
                                 _schedules[name].owner);
    _schedules.emplace(name, Schedule{owner, interval, std::move(task)});
}

void JobRunner::enqueue(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload,
                        std::chrono::milliseconds delay, const std::string& dedupeKey)
{
    sdk::JobOptions options;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto found = _definitions.find(name);
        if (found != _definitions.end())
            options = found->second.options;
    }
    _queue.enqueue(tx, name, payload, delay, dedupeKey, options);
    if (auto* pooled = dynamic_cast<PooledTransaction*>(&tx))
        pooled->afterCommit([this] { wake(); });
}

void JobRunner::purgeFinishedAfter(std::chrono::hours retention)
{
    every("host", "jobs.purge", std::chrono::hours(1), [this, retention] {
        const auto before = millisSinceEpoch(_clock.now() - retention);
        if (const auto purged = _queue.purgeDone(before))
            _logger.information("purged %?d finished job(s)", purged);
    });
}

void JobRunner::removeOwner(const std::string& owner)
{
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto it = _definitions.begin(); it != _definitions.end();)
        it = it->second.owner == owner ? _definitions.erase(it) : std::next(it);
    for (auto it = _schedules.begin(); it != _schedules.end();)
        it = it->second.owner == owner ? _schedules.erase(it) : std::next(it);
}

bool JobRunner::defined(const std::string& name) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _definitions.count(name) > 0;
}

std::vector<std::string> JobRunner::definedNames() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<std::string> names;
    for (const auto& entry : _definitions)
        names.push_back(entry.first);
    return names;
}

bool JobRunner::runOnce()
{
    auto claimed = _queue.claim(definedNames());
    if (!claimed)
        return false;
    sdk::Jobs::Handler handler;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto found = _definitions.find(claimed->job.name);
        if (found != _definitions.end())
            handler = found->second.handler;
    }
    if (!handler) {
        _queue.fail(*claimed, "no handler for job '" + claimed->job.name + "' on " + _hostId, false);
        return true;
    }
    try {
        // The lease lasts as long as the handler runs, however slow; only a dead host loses it.
        LeaseKeeper keeper(std::chrono::milliseconds(claimed->leaseMs / 3), [this, &claimed] {
            if (!_queue.renew(*claimed))
                _logger.warning("job %s #%?d lost its lease while running", claimed->job.name,
                                claimed->job.id);
        });
        handler(claimed->job);
    } catch (const sdk::PermanentError& e) {
        _logger.error("job %s #%?d parked: %s", claimed->job.name, claimed->job.id, std::string(e.what()));
        _queue.fail(*claimed, e.what(), true);
        return true;
    } catch (const std::exception& e) {
        _logger.warning("job %s #%?d attempt %d failed: %s", claimed->job.name, claimed->job.id,
                        claimed->job.attempt, std::string(e.what()));
        _queue.fail(*claimed, e.what(), false);
        return true;
    } catch (...) {
        _queue.fail(*claimed, "unknown exception", false);
        return true;
    }
    recordSuccess(*claimed);
    return true;
}

void JobRunner::recordSuccess(const JobQueue::Claimed& claimed)
{
    // The work is done: a failure to record it (a deadlock, a dropped connection)
    // must not count against the job. Try again a few times; if it still fails,
    // the lease runs out and the job runs once more, which idempotent handlers allow.
    for (int attempt = 1; attempt <= 3; ++attempt) {
        try {
            if (!_queue.complete(claimed))
                _logger.warning("job %s #%?d finished after its lease ran out; it may run again",
                                claimed.job.name, claimed.job.id);
            return;
        } catch (const std::exception& e) {
            _logger.warning("job %s #%?d: recording its completion failed (try %d): %s", claimed.job.name,
                            claimed.job.id, attempt, std::string(e.what()));
            std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
        }
    }
    _logger.error("job %s #%?d ran but could not be marked done; it will run again after its lease",
                  claimed.job.name, claimed.job.id);
}

int JobRunner::runDueSchedules()
{
    std::vector<std::pair<std::string, Schedule>> schedules;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        schedules.assign(_schedules.begin(), _schedules.end());
    }
    int ran = 0;
    for (auto& [name, schedule] : schedules) {
        const std::int64_t now = millisSinceEpoch(_clock.now());
        auto rows = _db.query("SELECT next_run_at FROM molar_schedules WHERE name = ?", {name});
        if (rows.empty()) {
            const char* insert =
                _db.dialect() == sdk::Dialect::SQLite
                    ? "INSERT OR IGNORE INTO molar_schedules (name, next_run_at) VALUES (?, ?)"
                    : "INSERT IGNORE INTO molar_schedules (name, next_run_at) VALUES (?, ?)";
            _db.execute(insert, {name, now});
            rows = _db.query("SELECT next_run_at FROM molar_schedules WHERE name = ?", {name});
        }
        const std::int64_t due = rows.row(0).at(0).asInt();
        if (due > now)
            continue;
        const std::int64_t next =
            now + std::chrono::duration_cast<std::chrono::milliseconds>(schedule.interval).count();
        // Compare-and-set on the old due time: of all hosts, one wins this period.
        auto won = _db.execute("UPDATE molar_schedules SET next_run_at = ?, last_owner = ?, last_run_at = ?"
                               " WHERE name = ? AND next_run_at = ?",
                               {next, _hostId, now, name, due});
        if (won != 1)
            continue;
        try {
            schedule.task();
            ++ran;
        } catch (const std::exception& e) {
            _logger.error("periodic job %s failed: %s", name, std::string(e.what()));
        }
    }
    return ran;
}

void JobRunner::start()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_running)
        return;
    _running = true;
    for (int i = 0; i < _workerCount; ++i)
        _threads.emplace_back([this] { workerLoop(); });
    if (_workerCount > 0)
        _threads.emplace_back([this] { schedulerLoop(); });
}

void JobRunner::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (!_running)
            return;
        _running = false;
    }
    _wakeup.notify_all();
    for (auto& thread : _threads)
        thread.join();
    _threads.clear();
}

void JobRunner::wake()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_wakeups;
    }
    _wakeup.notify_all();
}

void JobRunner::workerLoop()
{
    for (;;) {
        std::uint64_t seen;
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (!_running)
                return;
            seen = _wakeups;
        }
        bool ran = false;
        try {
            ran = runOnce();
        } catch (const std::exception& e) {
            _logger.error("job worker: %s", std::string(e.what()));
        }
        if (ran)
            continue;
        std::unique_lock<std::mutex> lock(_mutex);
        _wakeup.wait_for(lock, _poll, [&] { return !_running || _wakeups != seen; });
    }
}

void JobRunner::schedulerLoop()
{
    for (;;) {
        try {
            runDueSchedules();
        } catch (const std::exception& e) {
            _logger.error("scheduler: %s", std::string(e.what()));
        }
        std::unique_lock<std::mutex> lock(_mutex);
        if (_wakeup.wait_for(lock, std::chrono::seconds(1), [&] { return !_running; }))
            return;
    }
}

} // namespace molar::host

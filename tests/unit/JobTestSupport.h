#pragma once

#include "core/Clocks.h"
#include "db/Migrator.h"
#include "jobs/HostMigrations.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"

#include "TestDatabase.h"

#include <chrono>
#include <memory>
#include <string>

namespace molar::test {

// The host's own tables (molar_jobs, molar_schedules), as molard creates them.
inline void migrateHost(TestDatabase& db)
{
    host::Migrator(db.pool()).apply("host", host::hostMigrations(db.dialect()));
}

// A fixed, whole-second start time, so expected run_at values are exact.
inline std::chrono::system_clock::time_point testEpoch()
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(1900000000));
}

// One host of a deployment: its own pool on the shared database, its queue and runner.
struct TestHost
{
    TestHost(const std::string& url, const sdk::Clock& clock, const std::string& id, int workers = 0,
             std::chrono::milliseconds poll = std::chrono::milliseconds(5))
        : pool(host::DatabaseUrl::parse(url), 4), database(pool), queue(database, clock, id),
          runner(queue, database, clock, id, workers, poll)
    {
    }

    host::ConnectionPool pool;
    host::PooledDatabase database;
    host::JobQueue queue;
    host::JobRunner runner;
};

} // namespace molar::test

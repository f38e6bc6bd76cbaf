// Two hosts on one database: their worker threads share the outbox and run each
// job exactly once; their schedulers run a periodic task once per interval.
#include "Assertions.h"
#include "JobTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

using molar::sdk::Job;
using molar::sdk::Value;
using std::chrono::milliseconds;
using std::chrono::seconds;

class JobConcurrencyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JobConcurrencyTest);
    CPPUNIT_TEST(testTwoHostsRunEveryJobExactlyOnce);
    CPPUNIT_TEST(testPeriodicTaskRunsOncePerIntervalAcrossHosts);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        molar::test::migrateHost(*_db);
        _clock = std::make_unique<molar::host::ManualClock>(molar::test::testEpoch());
    }

    void tearDown() override
    {
        _clock.reset();
        _db.reset();
    }

    void testTwoHostsRunEveryJobExactlyOnce()
    {
        const int jobs = 200;
        std::mutex mutex;
        std::map<std::int64_t, int> runs;      // job id -> executions
        std::map<std::string, int> runsByHost; // host -> executions
        auto handler = [&](const std::string& host) {
            return [&, host](const Job& job) {
                std::lock_guard<std::mutex> lock(mutex);
                ++runs[job.id];
                ++runsByHost[host];
            };
        };
        molar::test::TestHost a(_db->url(), *_clock, "host-a", 2, milliseconds(5));
        molar::test::TestHost b(_db->url(), *_clock, "host-b", 2, milliseconds(5));
        a.runner.define("count", "count.one", handler("host-a"), {});
        b.runner.define("count", "count.one", handler("host-b"), {});
        a.runner.start();
        b.runner.start();
        // Enqueued while both hosts are already polling, in a few transactions.
        for (int batch = 0; batch < 4; ++batch)
            a.database.transaction([&](molar::sdk::Transaction& tx) {
                for (int i = 0; i < jobs / 4; ++i)
                    a.runner.enqueue(tx, "count.one", Value::object({{"n", batch * 100 + i}}),
                                     milliseconds(0), "");
            });

        const auto deadline = std::chrono::steady_clock::now() + seconds(120);
        auto executions = [&] {
            std::lock_guard<std::mutex> lock(mutex);
            int total = 0;
            for (const auto& entry : runs)
                total += entry.second;
            return total;
        };
        while ((executions() < jobs || a.queue.pending() > 0) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(milliseconds(20));
        a.runner.stop();
        b.runner.stop();

        CPPUNIT_ASSERT_EQUAL(jobs, executions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(jobs), runs.size());
        for (const auto& entry : runs)
            CPPUNIT_ASSERT_EQUAL_MESSAGE("job " + std::to_string(entry.first), 1, entry.second);
        auto ids = a.database.query("SELECT id FROM molar_jobs WHERE state = 'done'", {});
        if (ids.size() != std::size_t(jobs)) {
            // Say where the missing job is, as a fresh connection sees it.
            molar::host::ConnectionPool fresh(molar::host::DatabaseUrl::parse(_db->url()), 1);
            auto states = fresh.acquire()->query(
                "SELECT id, state, attempts, lease_owner FROM molar_jobs WHERE state <> 'done'", {});
            std::string report;
            for (std::size_t r = 0; r < states.size(); ++r)
                report += states.row(r).at(0).toString() + ":" + states.row(r).at(1).toString() + ":" +
                          states.row(r).at(2).toString() + ":" + states.row(r).at(3).toString() + " ";
            CPPUNIT_FAIL("jobs not done: " + report + "; seen done by host a: " + std::to_string(ids.size()));
        }
        for (std::size_t r = 0; r < ids.size(); ++r)
            CPPUNIT_ASSERT(runs.count(ids.row(r).at(0).asInt()) == 1);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), a.queue.pending());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), a.queue.parked());
        CPPUNIT_ASSERT_EQUAL(jobs, runsByHost["host-a"] + runsByHost["host-b"]);
    }

    void testPeriodicTaskRunsOncePerIntervalAcrossHosts()
    {
        molar::test::TestHost a(_db->url(), *_clock, "host-a");
        molar::test::TestHost b(_db->url(), *_clock, "host-b");
        std::atomic<int> ticksA{0}, ticksB{0};
        a.runner.every("reports", "reports.daily", seconds(60), [&] { ++ticksA; });
        b.runner.every("reports", "reports.daily", seconds(60), [&] { ++ticksB; });
        // Both schedulers wake at the same moment, as two hosts would.
        auto bothHosts = [&] {
            std::promise<void> go;
            std::shared_future<void> ready = go.get_future().share();
            auto runA = std::async(std::launch::async, [&, ready] {
                ready.wait();
                return a.runner.runDueSchedules();
            });
            auto runB = std::async(std::launch::async, [&, ready] {
                ready.wait();
                return b.runner.runDueSchedules();
            });
            go.set_value();
            return runA.get() + runB.get();
        };

        CPPUNIT_ASSERT_EQUAL(1, bothHosts()); // due at once the first time
        CPPUNIT_ASSERT_EQUAL(0, bothHosts());
        for (int interval = 1; interval <= 5; ++interval) {
            _clock->advance(seconds(59));
            CPPUNIT_ASSERT_EQUAL(0, bothHosts());
            _clock->advance(seconds(1));
            CPPUNIT_ASSERT_EQUAL(1, bothHosts());
            CPPUNIT_ASSERT_EQUAL(0, bothHosts());
        }
        CPPUNIT_ASSERT_EQUAL(6, ticksA.load() + ticksB.load());
        auto row = a.database.query("SELECT next_run_at, last_owner FROM molar_schedules WHERE name = ?",
                                    {"reports.daily"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), row.size());
        CPPUNIT_ASSERT_EQUAL(molar::host::millisSinceEpoch(_clock->now()) + 60000,
                             row.get(0, "next_run_at").asInt());
        const std::string owner = row.get(0, "last_owner").asString();
        CPPUNIT_ASSERT(owner == "host-a" || owner == "host-b");
    }

private:
    std::unique_ptr<molar::test::TestDatabase> _db;
    std::unique_ptr<molar::host::ManualClock> _clock;
};

CPPUNIT_TEST_SUITE_REGISTRATION(JobConcurrencyTest);

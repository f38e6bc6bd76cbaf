// Leases: a host that dies mid-job loses the job to another host once its lease
// runs out; a job whose lease runs out on every attempt is parked.
#include "Assertions.h"
#include "JobTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::sdk::Job;
using molar::sdk::JobOptions;
using molar::sdk::Value;
using std::chrono::milliseconds;
using std::chrono::seconds;

class JobLeaseTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JobLeaseTest);
    CPPUNIT_TEST(testExpiredLeaseRunsOnAnotherHost);
    CPPUNIT_TEST(testLeaseExpiredOnEveryAttemptParks);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        molar::test::migrateHost(*_db);
        _clock = std::make_unique<molar::host::ManualClock>(molar::test::testEpoch());
        _a = std::make_unique<molar::test::TestHost>(_db->url(), *_clock, "host-a");
        _b = std::make_unique<molar::test::TestHost>(_db->url(), *_clock, "host-b");
    }

    void tearDown() override
    {
        _b.reset();
        _a.reset();
        _clock.reset();
        _db.reset();
    }

    void testExpiredLeaseRunsOnAnotherHost()
    {
        JobOptions options;
        options.lease = seconds(30);
        std::vector<int> runsOnB;
        _a->runner.define(
            "render", "render.pdf", [](const Job&) {}, options);
        _b->runner.define(
            "render", "render.pdf", [&](const Job& job) { runsOnB.push_back(job.attempt); }, options);
        _a->database.transaction([&](molar::sdk::Transaction& tx) {
            _a->runner.enqueue(tx, "render.pdf", Value::object({{"caseId", 5}}), milliseconds(0), "");
        });

        // Host A takes the job and dies with it: no complete(), no fail().
        auto claimed = _a->queue.claim({"render.pdf"});
        CPPUNIT_ASSERT(claimed.has_value());
        CPPUNIT_ASSERT_EQUAL(1, claimed->job.attempt);
        CPPUNIT_ASSERT(!_b->runner.runOnce());
        _clock->advance(seconds(30));
        CPPUNIT_ASSERT(!_b->runner.runOnce()); // the lease runs until the end of its last millisecond
        _clock->advance(milliseconds(1));

        CPPUNIT_ASSERT(_b->runner.runOnce());
        CPPUNIT_ASSERT_EQUAL(std::vector<int>({2}), runsOnB);
        CPPUNIT_ASSERT_EQUAL(std::string("done"), state(claimed->job.id));
        // Host A, back from the dead, cannot overwrite what B finished.
        CPPUNIT_ASSERT(!_a->queue.complete(*claimed));
        _a->queue.fail(*claimed, "late failure", false);
        CPPUNIT_ASSERT_EQUAL(std::string("done"), state(claimed->job.id));
        CPPUNIT_ASSERT(!_b->runner.runOnce());
    }

    void testLeaseExpiredOnEveryAttemptParks()
    {
        JobOptions options;
        options.lease = seconds(10);
        options.maxAttempts = 2;
        int runs = 0;
        _a->runner.define(
            "render", "render.pdf", [&](const Job&) { ++runs; }, options);
        _a->database.transaction([&](molar::sdk::Transaction& tx) {
            _a->runner.enqueue(tx, "render.pdf", Value::object(), milliseconds(0), "");
        });
        auto first = _a->queue.claim({"render.pdf"});
        CPPUNIT_ASSERT(first.has_value());
        _clock->advance(seconds(11));
        auto second = _b->queue.claim({"render.pdf"});
        CPPUNIT_ASSERT(second.has_value());
        CPPUNIT_ASSERT_EQUAL(2, second->job.attempt);
        _clock->advance(seconds(11));
        // A third claim finds it out of attempts and parks it instead of running it.
        CPPUNIT_ASSERT(!_a->runner.runOnce());
        CPPUNIT_ASSERT_EQUAL(0, runs);
        auto rows =
            _a->database.query("SELECT state, last_error FROM molar_jobs WHERE id = ?", {first->job.id});
        CPPUNIT_ASSERT_EQUAL(std::string("parked"), rows.get(0, "state").asString());
        MOLAR_ASSERT_CONTAINS("lease expired", rows.get(0, "last_error").asString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _a->queue.parked());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _a->queue.pending());
    }

private:
    std::string state(std::int64_t id)
    {
        return _a->database.query("SELECT state FROM molar_jobs WHERE id = ?", {id})
            .get(0, "state")
            .asString();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
    std::unique_ptr<molar::host::ManualClock> _clock;
    std::unique_ptr<molar::test::TestHost> _a;
    std::unique_ptr<molar::test::TestHost> _b;
};

CPPUNIT_TEST_SUITE_REGISTRATION(JobLeaseTest);

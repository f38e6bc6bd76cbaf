// The outbox on one host, with a hand-moved clock: run once, delay, backoff,
// parking, an admin's retry, and dedupe keys.
#include "Assertions.h"
#include "JobTestSupport.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::host::millisSinceEpoch;
using molar::sdk::Job;
using molar::sdk::JobOptions;
using molar::sdk::Value;
using std::chrono::milliseconds;
using std::chrono::seconds;

class JobQueueTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JobQueueTest);
    CPPUNIT_TEST(testJobRunsOnceAndIsDone);
    CPPUNIT_TEST(testDelayIsHonoured);
    CPPUNIT_TEST(testFailureBacksOffThenParks);
    CPPUNIT_TEST(testPermanentErrorParksAtOnce);
    CPPUNIT_TEST(testRetryBringsParkedJobBack);
    CPPUNIT_TEST(testDedupeKeyMakesSecondEnqueueNoOp);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        molar::test::migrateHost(*_db);
        _clock = std::make_unique<molar::host::ManualClock>(molar::test::testEpoch());
        _host = std::make_unique<molar::test::TestHost>(_db->url(), *_clock, "host-a");
        _start = millisSinceEpoch(_clock->now());
    }

    void tearDown() override
    {
        _host.reset();
        _clock.reset();
        _db.reset();
    }

    void testJobRunsOnceAndIsDone()
    {
        std::vector<Job> runs;
        runner().define("mail", "mail.send", [&](const Job& job) { runs.push_back(job); }, {});
        enqueue("mail.send", Value::object({{"to", "lab@example.com"}, {"caseId", 12}}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), queue().pending());
        CPPUNIT_ASSERT(runner().runOnce());
        CPPUNIT_ASSERT(!runner().runOnce());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), runs.size());
        CPPUNIT_ASSERT_EQUAL(std::string("mail.send"), runs[0].name);
        CPPUNIT_ASSERT_EQUAL(1, runs[0].attempt);
        CPPUNIT_ASSERT_EQUAL(std::string("lab@example.com"), runs[0].payload.getString("to"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12), runs[0].payload.getInt("caseId"));
        auto row = job(runs[0].id);
        CPPUNIT_ASSERT_EQUAL(std::string("done"), row.get(0, "state").asString());
        CPPUNIT_ASSERT_EQUAL(_start, row.get(0, "finished_at").asInt());
        CPPUNIT_ASSERT(row.get(0, "lease_owner").isNull());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), queue().pending());
        // Later passes of time do not bring it back.
        _clock->advance(std::chrono::hours(2));
        CPPUNIT_ASSERT(!runner().runOnce());
    }

    void testDelayIsHonoured()
    {
        int runs = 0;
        runner().define("mail", "mail.remind", [&](const Job&) { ++runs; }, {});
        enqueue("mail.remind", Value::object(), seconds(30));
        CPPUNIT_ASSERT_EQUAL(_start + 30000, job(onlyJobId()).get(0, "run_at").asInt());
        CPPUNIT_ASSERT(!runner().runOnce());
        _clock->advance(milliseconds(29999));
        CPPUNIT_ASSERT(!runner().runOnce());
        CPPUNIT_ASSERT(!queue().claim({"mail.remind"}).has_value());
        _clock->advance(milliseconds(1));
        CPPUNIT_ASSERT(runner().runOnce());
        CPPUNIT_ASSERT_EQUAL(1, runs);
    }

    void testFailureBacksOffThenParks()
    {
        std::vector<int> attempts;
        JobOptions options;
        options.maxAttempts = 3;
        options.firstRetryDelay = seconds(5);
        runner().define(
            "mail", "mail.send",
            [&](const Job& job) {
                attempts.push_back(job.attempt);
                throw std::runtime_error("smtp down #" + std::to_string(job.attempt));
            },
            options);
        enqueue("mail.send", Value::object());
        const auto id = onlyJobId();

        CPPUNIT_ASSERT(runner().runOnce());
        auto row = job(id);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), row.get(0, "state").asString());
        CPPUNIT_ASSERT_EQUAL(_start + 5000, row.get(0, "run_at").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("smtp down #1"), row.get(0, "last_error").asString());
        CPPUNIT_ASSERT(!runner().runOnce());
        _clock->advance(milliseconds(4999));
        CPPUNIT_ASSERT(!runner().runOnce());
        _clock->advance(milliseconds(1));

        CPPUNIT_ASSERT(runner().runOnce());
        // Twice the first delay after the second failure.
        CPPUNIT_ASSERT_EQUAL(_start + 5000 + 10000, job(id).get(0, "run_at").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), job(id).get(0, "attempts").asInt());
        _clock->advance(milliseconds(9999));
        CPPUNIT_ASSERT(!runner().runOnce());
        _clock->advance(milliseconds(1));

        CPPUNIT_ASSERT(runner().runOnce());
        row = job(id);
        CPPUNIT_ASSERT_EQUAL(std::string("parked"), row.get(0, "state").asString());
        CPPUNIT_ASSERT_EQUAL(std::string("smtp down #3"), row.get(0, "last_error").asString());
        CPPUNIT_ASSERT_EQUAL(std::vector<int>({1, 2, 3}), attempts);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), queue().pending());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), queue().parked());
        _clock->advance(std::chrono::hours(24));
        CPPUNIT_ASSERT(!runner().runOnce());
    }

    void testPermanentErrorParksAtOnce()
    {
        int runs = 0;
        runner().define("mail", "mail.send",
                        [&](const Job&) {
                            ++runs;
                            throw molar::sdk::PermanentError("mailbox does not exist");
                        },
                        {});
        enqueue("mail.send", Value::object());
        CPPUNIT_ASSERT(runner().runOnce());
        auto row = job(onlyJobId());
        CPPUNIT_ASSERT_EQUAL(std::string("parked"), row.get(0, "state").asString());
        CPPUNIT_ASSERT_EQUAL(std::string("mailbox does not exist"), row.get(0, "last_error").asString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), row.get(0, "attempts").asInt());
        _clock->advance(std::chrono::hours(24));
        CPPUNIT_ASSERT(!runner().runOnce());
        CPPUNIT_ASSERT_EQUAL(1, runs);
    }

    void testRetryBringsParkedJobBack()
    {
        bool healthy = false;
        std::vector<int> attempts;
        runner().define("mail", "mail.send",
                        [&](const Job& job) {
                            attempts.push_back(job.attempt);
                            if (!healthy)
                                throw molar::sdk::PermanentError("relay refused");
                        },
                        {});
        enqueue("mail.send", Value::object());
        const auto id = onlyJobId();
        CPPUNIT_ASSERT(!queue().retry(id)); // only parked jobs can be retried
        CPPUNIT_ASSERT(runner().runOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), queue().parked());
        healthy = true;
        CPPUNIT_ASSERT(queue().retry(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), queue().parked());
        CPPUNIT_ASSERT(runner().runOnce());
        CPPUNIT_ASSERT_EQUAL(std::string("done"), job(id).get(0, "state").asString());
        // The retry starts the count afresh.
        CPPUNIT_ASSERT_EQUAL(std::vector<int>({1, 1}), attempts);
        CPPUNIT_ASSERT(!queue().retry(id));
        CPPUNIT_ASSERT(!queue().retry(id + 1000));
    }

    void testDedupeKeyMakesSecondEnqueueNoOp()
    {
        std::vector<std::string> sent;
        runner().define("billing", "invoice.mail",
                        [&](const Job& job) { sent.push_back(job.payload.getString("n")); }, {});
        runner().define("billing", "invoice.pdf", [](const Job&) {}, {});
        enqueue("invoice.mail", Value::object({{"n", "first"}}), seconds(0), "invoice-9");
        enqueue("invoice.mail", Value::object({{"n", "second"}}), seconds(0), "invoice-9");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), jobCount());
        enqueue("invoice.mail", Value::object({{"n", "other invoice"}}), seconds(0), "invoice-10");
        enqueue("invoice.pdf", Value::object(), seconds(0), "invoice-9"); // another job name
        enqueue("invoice.mail", Value::object({{"n", "no key a"}}));
        enqueue("invoice.mail", Value::object({{"n", "no key b"}}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), jobCount());
        while (runner().runOnce()) {
        }
        std::sort(sent.begin(), sent.end());
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"first", "no key a", "no key b", "other invoice"}),
                             sent);
        // Still a no-op once the first has run.
        enqueue("invoice.mail", Value::object({{"n", "late"}}), seconds(0), "invoice-9");
        CPPUNIT_ASSERT(!runner().runOnce());
    }

private:
    molar::host::JobRunner& runner() { return _host->runner; }
    molar::host::JobQueue& queue() { return _host->queue; }

    void enqueue(const std::string& name, const Value& payload, seconds delay = seconds(0),
                 const std::string& dedupeKey = "")
    {
        _host->database.transaction(
            [&](molar::sdk::Transaction& tx) { runner().enqueue(tx, name, payload, delay, dedupeKey); });
    }

    molar::sdk::ResultSet job(std::int64_t id)
    {
        auto rows = _host->database.query("SELECT state, attempts, run_at, last_error, lease_owner, "
                                          "finished_at FROM molar_jobs WHERE id = ?",
                                          {id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        return rows;
    }

    std::int64_t onlyJobId()
    {
        auto rows = _host->database.query("SELECT id FROM molar_jobs", {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        return rows.row(0).at(0).asInt();
    }

    std::int64_t jobCount()
    {
        return _host->database.query("SELECT COUNT(*) FROM molar_jobs", {}).row(0).at(0).asInt();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
    std::unique_ptr<molar::host::ManualClock> _clock;
    std::unique_ptr<molar::test::TestHost> _host;
    std::int64_t _start = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(JobQueueTest);

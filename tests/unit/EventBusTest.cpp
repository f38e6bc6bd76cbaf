// EventBus: synchronous handlers share the publisher's transaction; durable
// subscriptions become outbox jobs in that same transaction.
#include "jobs/EventBus.h"

#include "Assertions.h"
#include "JobTestSupport.h"

#include "core/Json.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::sdk::Event;
using molar::sdk::Transaction;
using molar::sdk::Value;

class EventBusTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EventBusTest);
    CPPUNIT_TEST(testHandlerRunsInPublishersTransaction);
    CPPUNIT_TEST(testHandlerWriteRollsBackWithPublisher);
    CPPUNIT_TEST(testThrowingHandlerRollsPublisherBack);
    CPPUNIT_TEST(testDurableSubscriptionRollsBackWithPublisher);
    CPPUNIT_TEST(testDurableSubscriptionCommitsAJob);
    CPPUNIT_TEST(testRemoveOwnerRemovesItsHandlers);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        molar::test::migrateHost(*_db);
        _clock = std::make_unique<molar::host::ManualClock>(molar::test::testEpoch());
        _queue = std::make_unique<molar::host::JobQueue>(_db->database(), *_clock, "host-a");
        _runner = std::make_unique<molar::host::JobRunner>(*_queue, _db->database(), *_clock, "host-a", 0,
                                                           std::chrono::milliseconds(5));
        _bus = std::make_unique<molar::host::EventBus>(*_runner);
        db().execute("CREATE TABLE ev_cases (id INTEGER NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL)",
                     {});
        db().execute("CREATE TABLE ev_credits (case_id INTEGER NOT NULL, amount INTEGER NOT NULL)", {});
    }

    void tearDown() override
    {
        _bus.reset();
        _runner.reset();
        _queue.reset();
        _clock.reset();
        _db.reset();
    }

    void testHandlerRunsInPublishersTransaction()
    {
        std::int64_t seenStatusRows = -1;
        _bus->on("billing", "case.received", [&](Transaction& tx, const Event& event) {
            // The publisher's uncommitted row is visible: same transaction.
            seenStatusRows =
                tx.query("SELECT id FROM ev_cases WHERE id = ?", {event.payload.getInt("caseId")}).size();
            tx.execute("INSERT INTO ev_credits (case_id, amount) VALUES (?, ?)",
                       {event.payload.getInt("caseId"), -1});
        });
        db().transaction([&](Transaction& tx) {
            tx.execute("INSERT INTO ev_cases (id, status) VALUES (?, ?)", {7, "received"});
            _bus->publish(tx, "case.received", Value::object({{"caseId", 7}}));
        });
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), seenStatusRows);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count("ev_credits"));
    }

    void testHandlerWriteRollsBackWithPublisher()
    {
        int calls = 0;
        _bus->on("billing", "case.received", [&](Transaction& tx, const Event&) {
            ++calls;
            tx.execute("INSERT INTO ev_credits (case_id, amount) VALUES (?, ?)", {7, -1});
        });
        CPPUNIT_ASSERT_THROW(db().transaction([&](Transaction& tx) {
            tx.execute("INSERT INTO ev_cases (id, status) VALUES (?, ?)", {7, "received"});
            _bus->publish(tx, "case.received", Value::object({{"caseId", 7}}));
            throw std::runtime_error("the scan upload failed");
        }),
                             std::runtime_error);
        CPPUNIT_ASSERT_EQUAL(1, calls);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("ev_credits"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("ev_cases"));
    }

    void testThrowingHandlerRollsPublisherBack()
    {
        _bus->on("billing", "case.received", [](Transaction& tx, const Event&) {
            tx.execute("INSERT INTO ev_credits (case_id, amount) VALUES (?, ?)", {7, -1});
            throw std::runtime_error("no credits left");
        });
        try {
            db().transaction([&](Transaction& tx) {
                tx.execute("INSERT INTO ev_cases (id, status) VALUES (?, ?)", {7, "received"});
                _bus->publish(tx, "case.received", Value::object({{"caseId", 7}}));
            });
            CPPUNIT_FAIL("the handler's exception did not reach the publisher");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("no credits left"), std::string(e.what()));
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("ev_cases"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("ev_credits"));
    }

    void testDurableSubscriptionRollsBackWithPublisher()
    {
        _bus->onDurable("audit", "case.received", "audit.record");
        CPPUNIT_ASSERT_THROW(db().transaction([&](Transaction& tx) {
            tx.execute("INSERT INTO ev_cases (id, status) VALUES (?, ?)", {7, "received"});
            _bus->publish(tx, "case.received", Value::object({{"caseId", 7}}));
            throw std::runtime_error("rolled back");
        }),
                             std::runtime_error);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("molar_jobs"));
    }

    void testDurableSubscriptionCommitsAJob()
    {
        _bus->onDurable("audit", "case.received", "audit.record");
        Value seen;
        _runner->define("audit", "audit.record", [&](const molar::sdk::Job& job) { seen = job.payload; }, {});
        db().transaction([&](Transaction& tx) {
            tx.execute("INSERT INTO ev_cases (id, status) VALUES (?, ?)", {7, "received"});
            _bus->publish(tx, "case.received", Value::object({{"caseId", 7}}));
            // Enqueued in this very transaction, before it commits.
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), tx.query("SELECT id FROM molar_jobs", {}).size());
        });
        auto rows = db().query("SELECT name, state, payload FROM molar_jobs", {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("audit.record"), rows.get(0, "name").asString());
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), rows.get(0, "state").asString());
        Value stored = molar::host::fromJson(rows.get(0, "payload").asString());
        CPPUNIT_ASSERT_EQUAL(std::string("case.received"), stored.getString("event"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), stored.getInt("caseId"));
        // And the outbox delivers it with the payload intact.
        CPPUNIT_ASSERT(_runner->runOnce());
        CPPUNIT_ASSERT_EQUAL(std::string("case.received"), seen.getString("event"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), seen.getInt("caseId"));
    }

    void testRemoveOwnerRemovesItsHandlers()
    {
        std::vector<std::string> calls;
        _bus->on("billing", "case.received", [&](Transaction&, const Event&) { calls.push_back("billing"); });
        _bus->on("audit", "case.received", [&](Transaction&, const Event&) { calls.push_back("audit"); });
        _bus->onDurable("billing", "case.received", "billing.invoice");
        _bus->on("billing", "case.shipped",
                 [&](Transaction&, const Event&) { calls.push_back("billing shipped"); });
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), _bus->handlerCount("case.received"));
        _bus->removeOwner("billing");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _bus->handlerCount("case.received"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _bus->handlerCount("case.shipped"));
        db().transaction([&](Transaction& tx) {
            _bus->publish(tx, "case.received", Value::object({{"caseId", 1}}));
            _bus->publish(tx, "case.shipped", Value::object({{"caseId", 1}}));
        });
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"audit"}), calls);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("molar_jobs"));
    }

private:
    molar::host::PooledDatabase& db() { return _db->database(); }

    std::int64_t count(const std::string& table)
    {
        return db().query("SELECT COUNT(*) FROM " + table, {}).row(0).at(0).asInt();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
    std::unique_ptr<molar::host::ManualClock> _clock;
    std::unique_ptr<molar::host::JobQueue> _queue;
    std::unique_ptr<molar::host::JobRunner> _runner;
    std::unique_ptr<molar::host::EventBus> _bus;
};

CPPUNIT_TEST_SUITE_REGISTRATION(EventBusTest);

// ConnectionPool: borrowers beyond the pool's size wait their turn, then succeed;
// one that waits too long gets an error instead of hanging.
#include "db/PooledDatabase.h"

#include "TestDatabase.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <sqlite3.h>
#include <thread>

using molar::host::ConnectionPool;
using molar::sdk::Dialect;

class ConnectionPoolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConnectionPoolTest);
    CPPUNIT_TEST(testBorrowersBeyondSizeWaitAndSucceed);
    CPPUNIT_TEST(testWaitingTooLongFails);
    CPPUNIT_TEST(testConnectionsAreReused);
    CPPUNIT_TEST(testSqliteKeepsNoMemoryCountsBehindOneLock);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>(2);
        _db->database().execute(std::string("CREATE TABLE test_borrowers (") +
                                    (_db->dialect() == Dialect::SQLite
                                         ? "id INTEGER PRIMARY KEY AUTOINCREMENT"
                                         : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY") +
                                    ", worker INTEGER NOT NULL)",
                                {});
    }

    void tearDown() override { _db.reset(); }

    void testBorrowersBeyondSizeWaitAndSucceed()
    {
        ConnectionPool& pool = _db->pool();
        const int borrowers = 6;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        {
            // Hold both connections so every borrower has to wait.
            auto first = pool.acquire();
            auto second = pool.acquire();
            CPPUNIT_ASSERT_EQUAL(2, pool.inUse());
            const auto waitsBefore = pool.waits();
            for (int w = 0; w < borrowers; ++w)
                threads.emplace_back([&, w] {
                    try {
                        _db->database().transaction([&](molar::sdk::Transaction& tx) {
                            tx.execute("INSERT INTO test_borrowers (worker) VALUES (?)", {w});
                        });
                    } catch (...) {
                        ++failures;
                    }
                });
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (pool.waits() < waitsBefore + borrowers && std::chrono::steady_clock::now() < deadline)
                std::this_thread::yield();
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(waitsBefore + borrowers), pool.waits());
            CPPUNIT_ASSERT(_db->database().pool().inUse() == 2);
        }
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(0, failures.load());
        CPPUNIT_ASSERT_EQUAL(0, pool.inUse());
        auto rows = _db->database().query("SELECT COUNT(DISTINCT worker) FROM test_borrowers", {});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(borrowers), rows.row(0).at(0).asInt());
    }

    // The pool turns off SQLite's allocation statistics, kept under one process-wide
    // mutex that every thread's statements would wait on: with them off SQLite reports
    // no memory in use however much it holds.
    void testSqliteKeepsNoMemoryCountsBehindOneLock()
    {
        if (_db->dialect() != Dialect::SQLite)
            return; // MySQL's variant uses no SQLite
        _db->database().execute("INSERT INTO test_borrowers (worker) VALUES (?)", {1});
        CPPUNIT_ASSERT(_db->database().query("SELECT worker FROM test_borrowers", {}).size() == 1);
        CPPUNIT_ASSERT_EQUAL(sqlite3_int64(0), sqlite3_memory_used());
        CPPUNIT_ASSERT_EQUAL(sqlite3_int64(0), sqlite3_memory_highwater(0));
    }

    void testWaitingTooLongFails()
    {
        ConnectionPool pool(molar::host::DatabaseUrl::parse(_db->url()), 1, 1);
        auto held = pool.acquire();
        const auto started = std::chrono::steady_clock::now();
        std::optional<std::string> error;
        std::thread borrower([&] {
            try {
                pool.acquire();
            } catch (const molar::sdk::DatabaseError& e) {
                error = e.what();
            }
        });
        borrower.join();
        CPPUNIT_ASSERT(error.has_value());
        CPPUNIT_ASSERT(error->find("no database connection free") != std::string::npos);
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));
        CPPUNIT_ASSERT_EQUAL(1, pool.inUse());
    }

    void testConnectionsAreReused()
    {
        ConnectionPool& pool = _db->pool();
        molar::host::Connection* firstSeen = nullptr;
        {
            auto lease = pool.acquire();
            firstSeen = &*lease;
        }
        auto again = pool.acquire();
        CPPUNIT_ASSERT(firstSeen == &*again);
        CPPUNIT_ASSERT_EQUAL(1, pool.inUse());
    }

private:
    std::unique_ptr<molar::test::TestDatabase> _db;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConnectionPoolTest);

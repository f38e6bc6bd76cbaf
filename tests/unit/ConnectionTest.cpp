// Connection and PooledDatabase: bound parameters, ids, transactions, conflicts and
// the prepared-statement cache, on the backend MOLAR_TEST_DB names.
#include "db/DatabaseUrl.h"
#include "db/PooledDatabase.h"

#include "Assertions.h"
#include "TestDatabase.h"

#include "molar/sdk/Errors.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <stdexcept>

using molar::sdk::DatabaseError;
using molar::sdk::Dialect;
using molar::sdk::Params;
using molar::sdk::Transaction;
using molar::sdk::Value;

class ConnectionTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConnectionTest);
    CPPUNIT_TEST(testEveryParameterTypeRoundTrips);
    CPPUNIT_TEST(testNullsRoundTrip);
    CPPUNIT_TEST(testInjectionIsStoredLiterally);
    CPPUNIT_TEST(testInsertReturnsIncreasingIds);
    CPPUNIT_TEST(testTransactionCommitsOnReturn);
    CPPUNIT_TEST(testTransactionRollsBackOnThrow);
    CPPUNIT_TEST(testStatementsAfterTransactionCommitAtOnce);
    CPPUNIT_TEST(testUniqueViolationIsConflict);
    CPPUNIT_TEST(testOtherErrorsAreNotConflicts);
    CPPUNIT_TEST(testReexecutedStatementUsesNewValues);
    CPPUNIT_TEST(testRepeatedSelectHasNoStaleRows);
    CPPUNIT_TEST(testSameSqlWithNullThenValue);
    CPPUNIT_TEST(testSqliteColumnsComeBackAsPocoReadsThem);
    CPPUNIT_TEST(testSqliteStatementRunAgainIsNotCompiledAgain);
    CPPUNIT_TEST(testSqliteStatementSeesSchemaChange);
    CPPUNIT_TEST(testSqliteRefusesBatch);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        // One connection, so every statement re-uses the same prepared ones.
        _db = std::make_unique<molar::test::TestDatabase>(1);
        const bool sqlite = _db->dialect() == Dialect::SQLite;
        _db->database().execute(std::string("CREATE TABLE test_values (") +
                                    (sqlite ? "id INTEGER PRIMARY KEY AUTOINCREMENT"
                                            : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY") +
                                    ", i BIGINT NULL, d DOUBLE NULL, s TEXT NULL, b INTEGER NULL,"
                                    " code VARCHAR(40) NULL UNIQUE)",
                                {});
    }

    void tearDown() override { _db.reset(); }

    void testEveryParameterTypeRoundTrips()
    {
        const std::string text = "O'Brien said \"hi\"; \\ 100% — عيادة الأسنان 🦷 ñ";
        const std::int64_t big = 9007199254740993LL; // not exact as a double
        auto id = db().insert("INSERT INTO test_values (i, d, s, b) VALUES (?, ?, ?, ?)",
                              {big, -2.5e-3, text, true});
        auto rows = db().query("SELECT i, d, s, b FROM test_values WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT(rows.get(0, "i").isInt());
        CPPUNIT_ASSERT_EQUAL(big, rows.get(0, "i").asInt());
        CPPUNIT_ASSERT(rows.get(0, "d").isDouble());
        CPPUNIT_ASSERT_EQUAL(-2.5e-3, rows.get(0, "d").asDouble());
        CPPUNIT_ASSERT_EQUAL(text, rows.get(0, "s").asString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), rows.get(0, "b").asInt());
        // Values also work as WHERE parameters, unicode included.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             db().query("SELECT id FROM test_values WHERE s = ?", {text}).size());
        auto negative = db().insert("INSERT INTO test_values (i, b) VALUES (?, ?)", {-42, false});
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(-42),
            db().query("SELECT i FROM test_values WHERE id = ?", {negative}).row(0).at(0).asInt());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            db().query("SELECT b FROM test_values WHERE id = ?", {negative}).row(0).at(0).asInt());
    }

    void testNullsRoundTrip()
    {
        auto id = db().insert("INSERT INTO test_values (i, d, s, b) VALUES (?, ?, ?, ?)",
                              {Value(), nullptr, Value(), Value()});
        auto rows = db().query("SELECT i, d, s, b FROM test_values WHERE id = ?", {id});
        for (const char* column : {"i", "d", "s", "b"})
            CPPUNIT_ASSERT_MESSAGE(column, rows.get(0, column).isNull());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             db().query("SELECT id FROM test_values WHERE s IS NULL", {}).size());
    }

    void testInjectionIsStoredLiterally()
    {
        const std::string attack = "x'); DROP TABLE test_values; --";
        db().insert("INSERT INTO test_values (s) VALUES (?)", {attack});
        auto rows = db().query("SELECT s FROM test_values WHERE s = ?", {attack});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(attack, rows.get(0, "s").asString());
        CPPUNIT_ASSERT(db().query("SELECT id FROM test_values WHERE s = ?", {"x' OR '1'='1"}).empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             db().query("SELECT COUNT(*) FROM test_values", {}).row(0).at(0).asInt());
    }

    void testInsertReturnsIncreasingIds()
    {
        std::int64_t previous = 0;
        for (int n = 1; n <= 5; ++n) {
            auto id = db().insert("INSERT INTO test_values (i) VALUES (?)", {n * 10});
            CPPUNIT_ASSERT(id > previous);
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(n * 10),
                db().query("SELECT i FROM test_values WHERE id = ?", {id}).row(0).at(0).asInt());
            previous = id;
        }
        // Inside a transaction too.
        std::int64_t inside = 0;
        db().transaction(
            [&](Transaction& tx) { inside = tx.insert("INSERT INTO test_values (i) VALUES (?)", {60}); });
        CPPUNIT_ASSERT(inside > previous);
    }

    void testTransactionCommitsOnReturn()
    {
        db().transaction([](Transaction& tx) {
            tx.execute("INSERT INTO test_values (code) VALUES (?)", {"A"});
            tx.execute("INSERT INTO test_values (code) VALUES (?)", {"B"});
            // The transaction sees its own writes.
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), tx.query("SELECT id FROM test_values", {}).size());
        });
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), db().query("SELECT id FROM test_values", {}).size());
    }

    void testTransactionRollsBackOnThrow()
    {
        CPPUNIT_ASSERT_THROW(db().transaction([](Transaction& tx) {
            tx.execute("INSERT INTO test_values (code) VALUES (?)", {"GONE"});
            throw std::runtime_error("payment refused");
        }),
                             std::runtime_error);
        CPPUNIT_ASSERT(db().query("SELECT id FROM test_values WHERE code = ?", {"GONE"}).empty());
        // The connection is usable again, and not stuck in the old transaction.
        db().execute("INSERT INTO test_values (code) VALUES (?)", {"KEPT"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), db().query("SELECT id FROM test_values", {}).size());
        CPPUNIT_ASSERT_EQUAL(0, _db->pool().inUse());
    }

    void testStatementsAfterTransactionCommitAtOnce()
    {
        // Another host's connection, to look from outside.
        molar::host::ConnectionPool otherPool(molar::host::DatabaseUrl::parse(_db->url()), 1);
        molar::host::PooledDatabase other(otherPool);
        for (bool rollBack : {false, true}) {
            const std::string tag = rollBack ? "after rollback" : "after commit";
            try {
                db().transaction([&](Transaction& tx) {
                    tx.execute("INSERT INTO test_values (s) VALUES (?)", {"in " + tag});
                    if (rollBack)
                        throw std::runtime_error("roll back");
                });
            } catch (const std::runtime_error&) {
            }
            // The same (only) connection, outside any transaction: each statement
            // is its own transaction, visible to others as soon as it returns...
            db().execute("INSERT INTO test_values (s) VALUES (?)", {tag});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(tag, std::size_t(1),
                                         other.query("SELECT id FROM test_values WHERE s = ?", {tag}).size());
            // ...and each read sees what others committed since.
            other.execute("INSERT INTO test_values (s) VALUES (?)", {"other " + tag});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                tag, std::size_t(1),
                db().query("SELECT id FROM test_values WHERE s = ?", {"other " + tag}).size());
        }
    }

    void testUniqueViolationIsConflict()
    {
        db().execute("INSERT INTO test_values (code) VALUES (?)", {"CASE-1"});
        try {
            db().execute("INSERT INTO test_values (code) VALUES (?)", {"CASE-1"});
            CPPUNIT_FAIL("a duplicate unique value was accepted");
        } catch (const DatabaseError& e) {
            CPPUNIT_ASSERT(e.isConflict());
        }
        // Inside a transaction, the conflict rolls the rest back.
        try {
            db().transaction([](Transaction& tx) {
                tx.execute("INSERT INTO test_values (code) VALUES (?)", {"CASE-2"});
                tx.execute("INSERT INTO test_values (code) VALUES (?)", {"CASE-1"});
            });
            CPPUNIT_FAIL("a duplicate unique value was accepted in a transaction");
        } catch (const DatabaseError& e) {
            CPPUNIT_ASSERT(e.isConflict());
        }
        CPPUNIT_ASSERT(db().query("SELECT id FROM test_values WHERE code = ?", {"CASE-2"}).empty());
    }

    void testOtherErrorsAreNotConflicts()
    {
        try {
            db().query("SELECT nothing FROM no_such_table", {});
            CPPUNIT_FAIL("a query on a missing table succeeded");
        } catch (const DatabaseError& e) {
            CPPUNIT_ASSERT(!e.isConflict());
            MOLAR_ASSERT_CONTAINS("no_such_table", e.what());
        }
        CPPUNIT_ASSERT_THROW(db().execute("INSERT INTO test_values (s) VALUES (?)", {Value::array()}),
                             DatabaseError);
        // Still usable afterwards.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             db().execute("INSERT INTO test_values (code) VALUES (?)", {"X"}));
    }

    void testReexecutedStatementUsesNewValues()
    {
        const std::string insert = "INSERT INTO test_values (i, s) VALUES (?, ?)";
        for (int n = 1; n <= 5; ++n)
            db().execute(insert, {n, "row " + std::to_string(n)});
        auto rows = db().query("SELECT i, s FROM test_values ORDER BY i", {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows.size());
        for (std::size_t r = 0; r < 5; ++r) {
            CPPUNIT_ASSERT_EQUAL(std::int64_t(r + 1), rows.get(r, "i").asInt());
            CPPUNIT_ASSERT_EQUAL("row " + std::to_string(r + 1), rows.get(r, "s").asString());
        }
        const std::string select = "SELECT s FROM test_values WHERE i = ?";
        for (int n : {3, 1, 5, 2, 4, 3})
            CPPUNIT_ASSERT_EQUAL("row " + std::to_string(n), db().query(select, {n}).get(0, "s").asString());
        CPPUNIT_ASSERT(db().query(select, {99}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("row 2"), db().query(select, {2}).get(0, "s").asString());
    }

    void testRepeatedSelectHasNoStaleRows()
    {
        const std::string all = "SELECT i FROM test_values ORDER BY i";
        const std::string above = "SELECT i FROM test_values WHERE i > ? ORDER BY i";
        for (int n = 1; n <= 40; ++n) {
            db().execute("INSERT INTO test_values (i) VALUES (?)", {n});
            auto rows = db().query(all, {});
            CPPUNIT_ASSERT_EQUAL(std::size_t(n), rows.size());
            CPPUNIT_ASSERT_EQUAL(std::int64_t(n), rows.get(rows.size() - 1, "i").asInt());
            // Fewer rows than last time, then none: nothing left over from before.
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), db().query(above, {n - 1}).size());
            CPPUNIT_ASSERT(db().query(above, {n}).empty());
        }
        db().execute("DELETE FROM test_values WHERE i > ?", {10});
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), db().query(all, {}).size());
    }

    void testSameSqlWithNullThenValue()
    {
        const std::string insert = "INSERT INTO test_values (i, s) VALUES (?, ?)";
        db().execute(insert, {Value(), "no number"});
        db().execute(insert, {7, "seven"});
        db().execute(insert, {Value(), "again none"});
        auto rows = db().query("SELECT i, s FROM test_values ORDER BY id", {});
        CPPUNIT_ASSERT(rows.get(0, "i").isNull());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), rows.get(1, "i").asInt());
        CPPUNIT_ASSERT(rows.get(2, "i").isNull());
        CPPUNIT_ASSERT_EQUAL(std::string("again none"), rows.get(2, "s").asString());
    }

    // SQLite's statements run below Poco::Data; each column must still come back as
    // Poco's connector reads it: typed by its declared type (integers narrowed as
    // Poco narrows them), an expression's value as text, NULL as null.
    void testSqliteColumnsComeBackAsPocoReadsThem()
    {
        if (_db->dialect() != Dialect::SQLite)
            return; // MySQL's statements go through Poco::Data
        db().execute("CREATE TABLE test_types (a INTEGER, b INT, c BIGINT, d SMALLINT, e BOOLEAN,"
                     " f VARCHAR(20), g TEXT, h REAL, k DOUBLE, l BLOB, m DECIMAL(10,2), n CHAR(3))",
                     {});
        const std::string insert = "INSERT INTO test_types VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        db().execute(insert, {9007199254740993LL, 4294967297LL, -5, 70000, 2, "crown", "zirconia 🦷", 1.25,
                              -0.5, std::string("a\0b", 3), 12.5, "QAR"});
        db().execute(insert, {Value(), Value(), Value(), Value(), Value(), Value(), Value(), Value(), Value(),
                              Value(), Value(), Value()});
        // Values of another type than the column's.
        db().execute(insert, {"17", "text", 3.75, "9", 0, 42, 7, "2.5", 3, "blob as text", "x", 65});
        const std::string select =
            "SELECT a, b, c, d, e, f, g, h, k, l, m, n, COUNT(*) OVER () AS total, a + 1 AS next,"
            " NULL AS missing, MAX(h) OVER () AS most FROM test_types ORDER BY rowid";
        const auto ours = db().query(select, {});
        const auto theirs = readThroughPoco(select);
        CPPUNIT_ASSERT_EQUAL(theirs.columns().size(), ours.columns().size());
        for (std::size_t c = 0; c < theirs.columns().size(); ++c)
            CPPUNIT_ASSERT_EQUAL(theirs.columns()[c], ours.columns()[c]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), ours.size());
        CPPUNIT_ASSERT_EQUAL(theirs.size(), ours.size());
        for (std::size_t r = 0; r < ours.size(); ++r)
            for (std::size_t c = 0; c < ours.columns().size(); ++c) {
                const std::string where = "row " + std::to_string(r) + " column " + ours.columns()[c];
                CPPUNIT_ASSERT_EQUAL_MESSAGE(where, static_cast<int>(theirs.row(r).at(c).type()),
                                             static_cast<int>(ours.row(r).at(c).type()));
                CPPUNIT_ASSERT_MESSAGE(where, theirs.row(r).at(c) == ours.row(r).at(c));
            }
        // What the comparison covers, spelled out.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9007199254740993LL), ours.get(0, "a").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), ours.get(0, "b").asInt()); // INT reads 32 bits
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), ours.get(0, "e").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("a\0b", 3), ours.get(0, "l").asString());
        CPPUNIT_ASSERT(ours.get(0, "total").isString());
        CPPUNIT_ASSERT(ours.get(1, "g").isNull());
    }

    void testSqliteStatementRunAgainIsNotCompiledAgain()
    {
        if (_db->dialect() != Dialect::SQLite)
            return; // MySQL keeps its prepared statements through Poco::Data
        auto connection = _db->pool().acquire();
        const std::string select = "SELECT s FROM test_values WHERE i = ?";
        connection->execute("INSERT INTO test_values (i, s) VALUES (?, ?)", {1, "one"});
        connection->query(select, {1});
        const auto compiled = connection->sqliteCompilations();
        for (int n = 0; n < 5; ++n)
            CPPUNIT_ASSERT_EQUAL(std::string("one"), connection->query(select, {1}).get(0, "s").asString());
        connection->begin();
        connection->execute("INSERT INTO test_values (i, s) VALUES (?, ?)", {2, "two"});
        connection->commit();
        const auto afterTransaction = connection->sqliteCompilations();
        CPPUNIT_ASSERT_EQUAL(compiled + 2, afterTransaction); // BEGIN and COMMIT, once each
        connection->begin();
        connection->execute("INSERT INTO test_values (i, s) VALUES (?, ?)", {3, "three"});
        connection->rollback();
        CPPUNIT_ASSERT_EQUAL(afterTransaction + 1, connection->sqliteCompilations()); // ROLLBACK
        CPPUNIT_ASSERT(connection->query(select, {3}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("two"), connection->query(select, {2}).get(0, "s").asString());
    }

    // A kept statement reads a table another connection altered: SQLite recompiles
    // it, and the new column comes back named and typed.
    void testSqliteStatementSeesSchemaChange()
    {
        if (_db->dialect() != Dialect::SQLite)
            return; // MySQL's statements go through Poco::Data
        db().execute("INSERT INTO test_values (i, s) VALUES (?, ?)", {5, "five"});
        const std::string all = "SELECT * FROM test_values";
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), db().query(all, {}).columns().size());
        {
            molar::host::ConnectionPool otherPool(molar::host::DatabaseUrl::parse(_db->url()), 1);
            auto other = otherPool.acquire();
            other->run("ALTER TABLE test_values ADD COLUMN shade BIGINT NOT NULL DEFAULT 2");
        }
        const auto rows = db().query(all, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), rows.columns().size());
        CPPUNIT_ASSERT(rows.get(0, "shade").isInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), rows.get(0, "shade").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("five"), rows.get(0, "s").asString());
    }

    // One statement runs at a time; a batch would otherwise lose its tail unnoticed.
    void testSqliteRefusesBatch()
    {
        if (_db->dialect() != Dialect::SQLite)
            return; // MySQL's client refuses batches itself
        try {
            db().execute("INSERT INTO test_values (i) VALUES (1); INSERT INTO test_values (i) VALUES (2)",
                         {});
            CPPUNIT_FAIL("a batch ran");
        } catch (const DatabaseError& e) {
            CPPUNIT_ASSERT(std::string(e.what()).find("One statement at a time") != std::string::npos);
            CPPUNIT_ASSERT(!e.isConflict());
        }
        CPPUNIT_ASSERT(db().query("SELECT id FROM test_values", {}).empty());
        // A trailing semicolon is one statement.
        db().execute("INSERT INTO test_values (i) VALUES (3);", {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), db().query("SELECT id FROM test_values", {}).size());
    }

private:
    molar::host::PooledDatabase& db() { return _db->database(); }

    // The rows as Poco::Data's own SQLite statement and RecordSet read them.
    molar::sdk::ResultSet readThroughPoco(const std::string& sql)
    {
        using namespace Poco::Data::Keywords;
        const auto url = molar::host::DatabaseUrl::parse(_db->url());
        Poco::Data::Session session(url.connector, url.connectionString);
        Poco::Data::Statement statement(session);
        statement << sql, now;
        Poco::Data::RecordSet records(statement);
        std::vector<std::string> columns;
        for (std::size_t c = 0; c < records.columnCount(); ++c)
            columns.push_back(records.columnName(c));
        std::vector<std::vector<Value>> rows;
        for (std::size_t r = 0; r < records.rowCount(); ++r) {
            std::vector<Value> row;
            for (std::size_t c = 0; c < columns.size(); ++c)
                row.push_back(asPocoReadsIt(records.value(c, r)));
            rows.push_back(std::move(row));
        }
        return molar::sdk::ResultSet(std::move(columns), std::move(rows));
    }

    static Value asPocoReadsIt(const Poco::Dynamic::Var& var)
    {
        if (var.isEmpty())
            return {};
        if (var.type() == typeid(Poco::Data::BLOB)) {
            const auto& blob = var.extract<Poco::Data::BLOB>();
            return std::string(blob.rawContent(), blob.rawContent() + blob.size());
        }
        if (var.isInteger() || var.isBoolean())
            return static_cast<std::int64_t>(var.convert<Poco::Int64>());
        if (var.isNumeric())
            return var.convert<double>();
        return var.convert<std::string>();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConnectionTest);

// Migrator::apply: once, in order, recorded; changed and failing migrations refused;
// two hosts migrating one database at the same time.
#include "db/Migrator.h"

#include "Assertions.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include <cppunit/extensions/HelperMacros.h>

#include <future>
#include <stdexcept>
#include <thread>

using molar::host::ConnectionPool;
using molar::host::Migration;
using molar::host::Migrator;
using molar::sdk::Dialect;

namespace {

std::vector<Migration> cabinetMigrations()
{
    return {
        {1, "drawers",
         "CREATE TABLE cab_drawers (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(40) NOT NULL);\n"},
        {2, "seed",
         "-- two drawers to start with\nINSERT INTO cab_drawers (id, label) VALUES (1, 'top');\n"
         "INSERT INTO cab_drawers (id, label) VALUES (2, 'bottom');\n"},
        {10, "notes", "CREATE TABLE cab_notes (\n  id INTEGER NOT NULL PRIMARY KEY,\n  body TEXT NULL\n);\n"},
    };
}

} // namespace

class MigratorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MigratorTest);
    CPPUNIT_TEST(testAppliesFilesInVersionOrderAndRecords);
    CPPUNIT_TEST(testSecondApplyRunsNothing);
    CPPUNIT_TEST(testNewMigrationIsAppliedLater);
    CPPUNIT_TEST(testChangedMigrationIsRefused);
    CPPUNIT_TEST(testOwnersAreRecordedApart);
    CPPUNIT_TEST(testFailingMigrationNamesOwnerAndVersion);
    CPPUNIT_TEST(testConcurrentHostsApplyEachMigrationOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _db = std::make_unique<molar::test::TestDatabase>(); }
    void tearDown() override { _db.reset(); }

    void testAppliesFilesInVersionOrderAndRecords()
    {
        // Written so that name order differs from version order: 10 needs 2 and 1.
        molar::test::TempDir dir;
        molar::test::writeFile(dir.file("10_notes.sql"),
                               "INSERT INTO cab_drawers (id, label) VALUES (3, 'x');\n");
        molar::test::writeFile(dir.file("2_seed.sql"),
                               "INSERT INTO cab_drawers (id, label) VALUES (1, 'top');\n");
        molar::test::writeFile(
            dir.file("001_drawers.sql"),
            "CREATE TABLE cab_drawers (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(40));\n");
        std::vector<std::string> log;
        Migrator migrator(_db->pool(), [&](const std::string& line) { log.push_back(line); });
        CPPUNIT_ASSERT_EQUAL(3, migrator.apply("cab", Migrator::fromDirectory(dir.path(), _db->dialect())));
        CPPUNIT_ASSERT_EQUAL(
            std::vector<std::string>({"applied migration cab/1_drawers", "applied migration cab/2_seed",
                                      "applied migration cab/10_notes"}),
            log);
        auto rows = _db->database().query(
            "SELECT version, name, checksum FROM molar_migrations WHERE owner = ? ORDER BY version", {"cab"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), rows.get(2, "version").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("notes"), rows.get(2, "name").asString());
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), rows.get(0, "checksum").asString().size());
        CPPUNIT_ASSERT(rows.get(0, "checksum").asString() != rows.get(1, "checksum").asString());
        CPPUNIT_ASSERT_EQUAL(10, migrator.appliedVersion("cab"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            _db->database().query("SELECT COUNT(*) FROM cab_drawers", {}).row(0).at(0).asInt());
    }

    void testSecondApplyRunsNothing()
    {
        Migrator migrator(_db->pool());
        CPPUNIT_ASSERT_EQUAL(3, migrator.apply("cab", cabinetMigrations()));
        int logged = 0;
        Migrator again(_db->pool(), [&](const std::string&) { ++logged; });
        CPPUNIT_ASSERT_EQUAL(0, again.apply("cab", cabinetMigrations()));
        CPPUNIT_ASSERT_EQUAL(0, logged);
        // The seed ran once: a second run would have failed on the primary key anyway,
        // but the count says so directly.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            _db->database().query("SELECT COUNT(*) FROM cab_drawers", {}).row(0).at(0).asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), migrationCount("cab"));
    }

    void testNewMigrationIsAppliedLater()
    {
        Migrator migrator(_db->pool());
        auto migrations = cabinetMigrations();
        migrations.pop_back();
        CPPUNIT_ASSERT_EQUAL(2, migrator.apply("cab", migrations));
        CPPUNIT_ASSERT_EQUAL(2, migrator.appliedVersion("cab"));
        CPPUNIT_ASSERT_EQUAL(1, migrator.apply("cab", cabinetMigrations()));
        CPPUNIT_ASSERT_EQUAL(10, migrator.appliedVersion("cab"));
    }

    void testChangedMigrationIsRefused()
    {
        Migrator migrator(_db->pool());
        migrator.apply("cab", cabinetMigrations());
        auto changed = cabinetMigrations();
        changed[1].sql += "INSERT INTO cab_drawers (id, label) VALUES (3, 'middle');\n";
        try {
            migrator.apply("cab", changed);
            CPPUNIT_FAIL("a migration changed after it was applied was accepted");
        } catch (const std::runtime_error& e) {
            MOLAR_ASSERT_CONTAINS("cab/2_seed", e.what());
            MOLAR_ASSERT_CONTAINS("was changed after it was applied", e.what());
        }
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            _db->database().query("SELECT COUNT(*) FROM cab_drawers", {}).row(0).at(0).asInt());
    }

    void testOwnersAreRecordedApart()
    {
        Migrator migrator(_db->pool());
        migrator.apply("cab", cabinetMigrations());
        CPPUNIT_ASSERT_EQUAL(0, migrator.appliedVersion("shelf"));
        CPPUNIT_ASSERT_EQUAL(
            1, migrator.apply("shelf", {{1, "boards", "CREATE TABLE shelf_boards (id INTEGER);\n"}}));
        CPPUNIT_ASSERT_EQUAL(1, migrator.appliedVersion("shelf"));
        CPPUNIT_ASSERT_EQUAL(10, migrator.appliedVersion("cab"));
    }

    void testFailingMigrationNamesOwnerAndVersion()
    {
        Migrator migrator(_db->pool());
        std::vector<Migration> migrations{
            {1, "drawers", "CREATE TABLE cab_drawers (id INTEGER NOT NULL PRIMARY KEY);\n"},
            {2, "broken", "CREATE TABLE cab_half (id INTEGER);\nTHIS IS NOT SQL;\n"},
            {3, "after", "CREATE TABLE cab_after (id INTEGER);\n"},
        };
        try {
            migrator.apply("cab", migrations);
            CPPUNIT_FAIL("a migration with bad SQL was accepted");
        } catch (const std::runtime_error& e) {
            MOLAR_ASSERT_CONTAINS("cab/2_broken", e.what());
            MOLAR_ASSERT_CONTAINS("THIS IS NOT SQL", e.what());
        }
        CPPUNIT_ASSERT_EQUAL(1, migrator.appliedVersion("cab"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), migrationCount("cab"));
        CPPUNIT_ASSERT(!tableExists("cab_after"));
        // SQLite rolls the whole migration back; MySQL commits DDL as it goes.
        if (_db->dialect() == Dialect::SQLite)
            CPPUNIT_ASSERT(!tableExists("cab_half"));
    }

    void testConcurrentHostsApplyEachMigrationOnce()
    {
        ConnectionPool otherPool(molar::host::DatabaseUrl::parse(_db->url()), 2);
        for (int round = 0; round < 4; ++round) {
            const std::string owner = "cab" + std::to_string(round);
            std::vector<Migration> migrations;
            for (auto m : cabinetMigrations()) {
                // Each round has its own tables, so a second run of any migration fails.
                for (std::string::size_type at; (at = m.sql.find("cab_")) != std::string::npos;)
                    m.sql.replace(at, 4, owner + "x_");
                migrations.push_back(m);
            }
            std::promise<void> go;
            std::shared_future<void> ready = go.get_future().share();
            auto host = [&](ConnectionPool& pool) {
                return std::async(std::launch::async, [&pool, ready, &owner, &migrations] {
                    ready.wait();
                    return Migrator(pool).apply(owner, migrations);
                });
            };
            auto a = host(_db->pool());
            auto b = host(otherPool);
            go.set_value();
            const int ranA = a.get(), ranB = b.get();
            CPPUNIT_ASSERT_EQUAL(3, ranA + ranB);
            CPPUNIT_ASSERT_EQUAL(std::int64_t(3), migrationCount(owner));
            CPPUNIT_ASSERT(tableExists(owner + "x_notes"));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                                 _db->database()
                                     .query("SELECT COUNT(*) FROM " + owner + "x_drawers", {})
                                     .row(0)
                                     .at(0)
                                     .asInt());
        }
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(12),
            _db->database().query("SELECT COUNT(*) FROM molar_migrations", {}).row(0).at(0).asInt());
    }

private:
    std::int64_t migrationCount(const std::string& owner)
    {
        return _db->database()
            .query("SELECT COUNT(*) FROM molar_migrations WHERE owner = ?", {owner})
            .row(0)
            .at(0)
            .asInt();
    }

    bool tableExists(const std::string& name)
    {
        const std::string sql = _db->dialect() == Dialect::SQLite
                                    ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                                    : "SELECT COUNT(*) FROM information_schema.tables"
                                      " WHERE table_schema = DATABASE() AND table_name = ?";
        return _db->database().query(sql, {name}).row(0).at(0).asInt() > 0;
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
};

CPPUNIT_TEST_SUITE_REGISTRATION(MigratorTest);

// Migration files: which file a dialect gets, and how a file splits into statements.
#include "db/Migrator.h"

#include "Assertions.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::host::Migrator;
using molar::host::splitStatements;
using molar::sdk::Dialect;

class MigrationFilesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MigrationFilesTest);
    CPPUNIT_TEST(testDialectFilePreferredOverPlainFile);
    CPPUNIT_TEST(testDialectFileIsAppliedOnItsBackend);
    CPPUNIT_TEST(testOtherFilesAreIgnored);
    CPPUNIT_TEST(testMissingFolderMeansNoMigrations);
    CPPUNIT_TEST(testSplitStatementsDropsComments);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<molar::test::TempDir>();
        write("001_items.sql", "CREATE TABLE mig_generic (id INTEGER);\n");
        write("001_items.sqlite.sql", "CREATE TABLE mig_sqlite (id INTEGER);\n");
        write("001_items.mysql.sql", "CREATE TABLE mig_mysql (id INTEGER);\n");
        write("002_more.sql", "CREATE TABLE mig_more (id INTEGER);\n");
        write("003_only_mysql.mysql.sql", "CREATE TABLE mig_only_mysql (id INTEGER);\n");
    }

    void tearDown() override { _dir.reset(); }

    void testDialectFilePreferredOverPlainFile()
    {
        auto sqlite = Migrator::fromDirectory(_dir->path(), Dialect::SQLite);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), sqlite.size());
        CPPUNIT_ASSERT_EQUAL(1, sqlite[0].version);
        CPPUNIT_ASSERT_EQUAL(std::string("items"), sqlite[0].name);
        MOLAR_ASSERT_CONTAINS("mig_sqlite", sqlite[0].sql);
        CPPUNIT_ASSERT_EQUAL(2, sqlite[1].version);
        MOLAR_ASSERT_CONTAINS("mig_more", sqlite[1].sql);

        auto mysql = Migrator::fromDirectory(_dir->path(), Dialect::MySQL);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), mysql.size());
        MOLAR_ASSERT_CONTAINS("mig_mysql", mysql[0].sql);
        CPPUNIT_ASSERT_EQUAL(std::string("items"), mysql[0].name);
        CPPUNIT_ASSERT_EQUAL(3, mysql[2].version);
        CPPUNIT_ASSERT_EQUAL(std::string("only_mysql"), mysql[2].name);
    }

    void testDialectFileIsAppliedOnItsBackend()
    {
        molar::test::TestDatabase db;
        Migrator migrator(db.pool());
        migrator.apply("mig", Migrator::fromDirectory(_dir->path(), db.dialect()));
        const bool sqlite = db.dialect() == Dialect::SQLite;
        CPPUNIT_ASSERT(tableExists(db, sqlite ? "mig_sqlite" : "mig_mysql"));
        CPPUNIT_ASSERT(!tableExists(db, sqlite ? "mig_mysql" : "mig_sqlite"));
        CPPUNIT_ASSERT(!tableExists(db, "mig_generic"));
        CPPUNIT_ASSERT(tableExists(db, "mig_more"));
        CPPUNIT_ASSERT_EQUAL(sqlite ? 2 : 3, migrator.appliedVersion("mig"));
    }

    void testOtherFilesAreIgnored()
    {
        molar::test::TempDir dir;
        molar::test::writeFile(dir.file("README.md"), "not a migration");
        molar::test::writeFile(dir.file("004_x.postgres.sql"), "CREATE TABLE nope (id INTEGER);\n");
        molar::test::writeFile(dir.file("drop_everything.sql"), "DROP TABLE molar_migrations;\n");
        molar::test::writeFile(dir.file("005_kept.sql"), "CREATE TABLE kept (id INTEGER);\n");
        molar::test::writeFile(dir.file("005_kept.sql.orig"), "CREATE TABLE orig (id INTEGER);\n");
        auto found = Migrator::fromDirectory(dir.path(), Dialect::SQLite);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), found.size());
        CPPUNIT_ASSERT_EQUAL(5, found[0].version);
        CPPUNIT_ASSERT_EQUAL(std::string("kept"), found[0].name);
    }

    void testMissingFolderMeansNoMigrations()
    {
        CPPUNIT_ASSERT(Migrator::fromDirectory(_dir->file("nowhere"), Dialect::SQLite).empty());
    }

    void testSplitStatementsDropsComments()
    {
        const std::string sql = "-- cases and their files\n"
                                "CREATE TABLE t_cases (\n"
                                "  id INTEGER NOT NULL, -- the case number\n"
                                "  note TEXT\n"
                                ");\n"
                                "\n"
                                "   -- an indented comment; with a semicolon;\n"
                                "INSERT INTO t_cases (id, note) VALUES (1, 'a;b');\n"
                                "CREATE INDEX t_cases_note ON t_cases (note)";
        auto statements = splitStatements(sql);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), statements.size());
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE t_cases (\n  id INTEGER NOT NULL, -- the case number\n"
                                         "  note TEXT\n)"),
                             statements[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO t_cases (id, note) VALUES (1, 'a;b')"), statements[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE INDEX t_cases_note ON t_cases (note)"), statements[2]);
        CPPUNIT_ASSERT(splitStatements("-- nothing but a comment\n\n").empty());
    }

private:
    void write(const std::string& name, const std::string& text)
    {
        molar::test::writeFile(_dir->file(name), text);
    }

    static bool tableExists(molar::test::TestDatabase& db, const std::string& name)
    {
        const std::string sql = db.dialect() == Dialect::SQLite
                                    ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                                    : "SELECT COUNT(*) FROM information_schema.tables"
                                      " WHERE table_schema = DATABASE() AND table_name = ?";
        return db.database().query(sql, {name}).row(0).at(0).asInt() > 0;
    }

    std::unique_ptr<molar::test::TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(MigrationFilesTest);

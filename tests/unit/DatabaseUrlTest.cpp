// DatabaseUrl::parse: what Poco's connectors get, what the logs show, what is refused.
#include "db/DatabaseUrl.h"
#include "app/DataDir.h"

#include "app/Portal.h"
#include "config/ConfigView.h"
#include "core/Clocks.h"

#include "Assertions.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::host::DatabaseUrl;
using molar::sdk::Dialect;

class DatabaseUrlTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DatabaseUrlTest);
    CPPUNIT_TEST(testSqlite);
    CPPUNIT_TEST(testMysql);
    CPPUNIT_TEST(testMysqlDefaultPortAndEncodedParts);
    CPPUNIT_TEST(testBadUrlsAreRefused);
    CPPUNIT_TEST(testStartUpErrorNeverPrintsThePassword);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSqlite()
    {
        auto url = DatabaseUrl::parse("sqlite:/var/lib/molar/molar.db");
        CPPUNIT_ASSERT(url.dialect == Dialect::SQLite);
        CPPUNIT_ASSERT_EQUAL(std::string("SQLite"), url.connector);
        CPPUNIT_ASSERT_EQUAL(std::string("/var/lib/molar/molar.db"), url.connectionString);
        CPPUNIT_ASSERT_EQUAL(std::string("sqlite:/var/lib/molar/molar.db"), url.display);
    }

    void testMysql()
    {
        auto url = DatabaseUrl::parse("mysql://molar:s3cret@db.lab.example:3307/molar_prod");
        CPPUNIT_ASSERT(url.dialect == Dialect::MySQL);
        CPPUNIT_ASSERT_EQUAL(std::string("MySQL"), url.connector);
        MOLAR_ASSERT_CONTAINS("host=db.lab.example;port=3307;user=molar;password=s3cret;db=molar_prod;",
                              url.connectionString);
        // 4-byte UTF-8 (emoji in a patient note) needs utf8mb4 on the connection.
        MOLAR_ASSERT_CONTAINS(";character-set=utf8mb4", url.connectionString);
        CPPUNIT_ASSERT_EQUAL(std::string("mysql://molar:***@db.lab.example:3307/molar_prod"), url.display);
        MOLAR_ASSERT_NOT_CONTAINS("s3cret", url.display);
    }

    void testMysqlDefaultPortAndEncodedParts()
    {
        // An '@' in the password is percent-encoded, or found by the last '@'.
        auto url = DatabaseUrl::parse("mysql://lab%20user:p%40ss:w0rd@127.0.0.1/molar");
        MOLAR_ASSERT_CONTAINS("host=127.0.0.1;port=3306;user=lab user;password=p@ss:w0rd;db=molar;",
                              url.connectionString);
        MOLAR_ASSERT_NOT_CONTAINS("p@ss", url.display);
        MOLAR_ASSERT_NOT_CONTAINS("p%40ss", url.display);
        auto raw = DatabaseUrl::parse("mysql://molar:p@ss@localhost:3306/molar");
        MOLAR_ASSERT_CONTAINS("host=localhost;port=3306;user=molar;password=p@ss;", raw.connectionString);
        MOLAR_ASSERT_NOT_CONTAINS("p@ss", raw.display);
    }

    void testBadUrlsAreRefused()
    {
        for (const char* bad :
             {"", "sqlite:", "postgres://u:p@host/db", "molar.db", "mysql://host/db", "mysql://u:p@host",
              "mysql://u:p@host:3306/", "mysql://u:p@host:0/db", "mysql://u:p@host:70000/db",
              "mysql://u:p@host:port/db", "mysql://u:p@:3306/db", "mysql://:p@host/db"}) {
            try {
                DatabaseUrl::parse(bad);
                CPPUNIT_FAIL(std::string("accepted '") + bad + "'");
            } catch (const std::invalid_argument& e) {
                // The message says what a good URL looks like and never echoes a password.
                CPPUNIT_ASSERT_MESSAGE(bad, std::string(e.what()).find(":p@") == std::string::npos);
            }
        }
    }

    void testStartUpErrorNeverPrintsThePassword()
    {
        for (const char* bad : {"mysql://molar:Sup3rS3cret@db.lab.example:99999/molar",
                                "mysql://molar:Sup3rS3cret@db.lab.example:3306/", "mysql://molar:Sup3rS3cret",
                                "mysql://molar:Sup3rS3cret@/molar", "mysql://molar:Sup3r/S3cret@:3306/molar",
                                "postgres://molar:Sup3rS3cret@db.lab.example/molar"}) {
            molar::host::ConfigStore config;
            config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
            config.set("db.url", bad);
            molar::host::ManualClock clock;
            molar::host::Portal portal(config, molar::host::defaultDataDir(), clock);
            try {
                portal.configure();
                CPPUNIT_FAIL(std::string("accepted ") + bad);
            } catch (const molar::host::StartupError& e) {
                const std::string line = e.what();
                MOLAR_ASSERT_CONTAINS("db.url", line);
                CPPUNIT_ASSERT_MESSAGE(line, line.find("S3cret") == std::string::npos);
                CPPUNIT_ASSERT_MESSAGE(line, line.find("molar:***") != std::string::npos);
            }
        }
        CPPUNIT_ASSERT_EQUAL(std::string("sqlite:var/molar.db"),
                             molar::host::withoutUrlPasswords("sqlite:var/molar.db"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://portal.example"),
                             molar::host::withoutUrlPasswords("https://portal.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("mysql://u:***@h:3306/db"),
                             molar::host::withoutUrlPasswords("mysql://u:p@ss@h:3306/db"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DatabaseUrlTest);

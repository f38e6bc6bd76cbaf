// sdk::escapeLike: the user's text matches itself only, wildcards and the escape
// character included, on the backend MOLAR_TEST_DB names.
#include "db/PooledDatabase.h"

#include "TestDatabase.h"

#include "molar/sdk/Database.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using molar::sdk::escapeLike;

class LikePatternTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LikePatternTest);
    CPPUNIT_TEST(testWildcardsAndTheEscapeAreEscaped);
    CPPUNIT_TEST(testTheDatabaseMatchesTheTextLiterally);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>(1);
        _db->database().execute("CREATE TABLE test_like (s VARCHAR(40) NOT NULL)", {});
        for (const char* s : {"50% off", "50 off", "a_b", "axb", "hi!", "hi!!", "back\\slash", "backslash"})
            _db->database().execute("INSERT INTO test_like (s) VALUES (?)", {std::string(s)});
    }

    void tearDown() override { _db.reset(); }

    void testWildcardsAndTheEscapeAreEscaped()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("50!% off, a!_b, hi!!, back\\slash"),
                             escapeLike("50% off, a_b, hi!, back\\slash"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), escapeLike(""));
    }

    void testTheDatabaseMatchesTheTextLiterally()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("50% off"), only("%" + escapeLike("0%") + "%"));
        CPPUNIT_ASSERT_EQUAL(std::string("a_b"), only(escapeLike("a_") + "%"));
        CPPUNIT_ASSERT_EQUAL(std::string("hi!"), only(escapeLike("hi!")));
        CPPUNIT_ASSERT_EQUAL(std::string("back\\slash"), only("%" + escapeLike("k\\s") + "%"));
    }

private:
    // The one row the pattern matches; fails when it matches none or several.
    std::string only(const std::string& pattern)
    {
        auto rows = _db->database().query("SELECT s FROM test_like WHERE s LIKE ? ESCAPE '!'", {pattern});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(pattern, std::size_t(1), rows.size());
        return rows.row(0).at(0).asString();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LikePatternTest);

// safeReturnPath: where a preferences form may send the browser back to.
#include "http/ReturnPath.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::host::safeReturnPath;

class ReturnPathTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReturnPathTest);
    CPPUNIT_TEST(testSameSitePathsAreKept);
    CPPUNIT_TEST(testOtherHostsAreRefused);
    CPPUNIT_TEST(testHeaderInjectionIsRefused);
    CPPUNIT_TEST(testControlCharactersBrowsersStripAreRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSameSitePathsAreKept()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath("/"));
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/42?tab=files#notes"),
                             safeReturnPath("/cases/42?tab=files#notes"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/http://b"), safeReturnPath("/a/http://b"));
    }

    void testOtherHostsAreRefused()
    {
        for (const char* bad : {"//evil.example", "//evil.example/cases", "http://x", "https://evil.example/",
                                "javascript:alert(1)", "evil.example", "", "/\\evil.example",
                                "\\\\evil.example", "/cases\\..\\x"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("/"), safeReturnPath(bad));
    }

    void testHeaderInjectionIsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath("/ok\r\nSet-Cookie: molar_session=x"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath("/ok\nLocation: //evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath("/ok\r"));
    }

    void testControlCharactersBrowsersStripAreRefused()
    {
        // Browsers drop tabs and newlines from a Location before resolving it, so
        // "/<TAB>/evil.example" would take the user to //evil.example.
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath("/\t/evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath(std::string("/\0/evil.example", 15)));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeReturnPath("/\x7f/evil.example"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReturnPathTest);

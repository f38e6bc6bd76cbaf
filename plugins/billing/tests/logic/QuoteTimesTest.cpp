// A quote's times as the lab and the clinic read them: a minute in their time zone.
#include "quotes/QuoteTimes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using molar::billing::formatQuoteTime;

class QuoteTimesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(QuoteTimesTest);
    CPPUNIT_TEST(testAMinuteInTheZone);
    CPPUNIT_TEST(testAfter2038);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAMinuteInTheZone()
    {
        // 2026-05-12T06:05:00Z
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 09:05"), formatQuoteTime(1778565900, "Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 06:05"), formatQuoteTime(1778565900, "No/Such_Zone"));
    }

    // Found by UBSan: the minute of the day was worked out as a day count (an int) times
    // 86400, which overflows from 2038-01-19.
    void testAfter2038()
    {
        // 2050-01-01T23:59:00Z
        CPPUNIT_ASSERT_EQUAL(std::string("2050-01-02 02:59"), formatQuoteTime(2524694340, "Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(std::string("2050-01-01 23:59"), formatQuoteTime(2524694340, ""));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QuoteTimesTest);

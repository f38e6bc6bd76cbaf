// Due dates and months in the lab's time zone, not in UTC.
#include "modes/LabCalendar.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::billing::LabCalendar;
using molar::billing::MonthPeriod;

namespace {

// 2026-05-31T20:30:00Z: 23:30 on 31 May in Qatar (UTC+3), still 31 May in UTC.
constexpr std::int64_t kLastEveningOfMay = 1780259400000;
constexpr std::int64_t kHour = 3600 * 1000;

} // namespace

class LabCalendarTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LabCalendarTest);
    CPPUNIT_TEST(dueAtTheEndOfTheLabsDay);
    CPPUNIT_TEST(monthsFollowTheLabsZone);
    CPPUNIT_TEST(theMonthBeforeJanuaryIsLastYearsDecember);
    CPPUNIT_TEST(aDayShortenedBySummerTimeEndsAtItsMidnight);
    CPPUNIT_TEST(unknownZoneIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void dueAtTheEndOfTheLabsDay()
    {
        const LabCalendar qatar("Asia/Qatar");
        // The same day: 23:59:59.999 in Doha is 20:59:59.999Z.
        CPPUNIT_ASSERT_EQUAL(kLastEveningOfMay + 30 * 60 * 1000 - 1,
                             qatar.endOfDayAfter(kLastEveningOfMay, 0));
        // 30 days on: 30 June, 23:59:59.999 in Doha.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1782853199999), qatar.endOfDayAfter(kLastEveningOfMay, 30));
        // An hour later it is 1 June in Doha (still 31 May in UTC): due a day later.
        CPPUNIT_ASSERT_EQUAL(qatar.endOfDayAfter(kLastEveningOfMay, 30) + 24 * kHour,
                             qatar.endOfDayAfter(kLastEveningOfMay + kHour, 30));
        const LabCalendar utc("UTC");
        CPPUNIT_ASSERT_EQUAL(qatar.endOfDayAfter(kLastEveningOfMay + kHour, 30) + 3 * kHour - 24 * kHour,
                             utc.endOfDayAfter(kLastEveningOfMay + kHour, 30));
    }

    void monthsFollowTheLabsZone()
    {
        const LabCalendar qatar("Asia/Qatar");
        const MonthPeriod may = qatar.monthOf(kLastEveningOfMay);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05"), may.label);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1777582800000), may.start); // 2026-04-30T21:00Z
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1780261200000), may.end);   // 2026-05-31T21:00Z
        CPPUNIT_ASSERT_EQUAL(31, qatar.dayOfMonth(kLastEveningOfMay));
        // 00:30 on 1 June in Doha, 21:30 on 31 May in UTC: June, and the month before is May.
        const std::int64_t firstOfJune = kLastEveningOfMay + kHour;
        CPPUNIT_ASSERT_EQUAL(1, qatar.dayOfMonth(firstOfJune));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-06"), qatar.monthOf(firstOfJune).label);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05"), qatar.monthBefore(firstOfJune).label);
        CPPUNIT_ASSERT_EQUAL(may.start, qatar.monthBefore(firstOfJune).start);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05"), LabCalendar("UTC").monthOf(firstOfJune).label);
    }

    void theMonthBeforeJanuaryIsLastYearsDecember()
    {
        const LabCalendar qatar("Asia/Qatar");
        // 2026-01-01T00:10 in Doha is 2025-12-31T21:10Z.
        const MonthPeriod december = qatar.monthBefore(1767215400000);
        CPPUNIT_ASSERT_EQUAL(std::string("2025-12"), december.label);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1764536400000), december.start); // 2025-11-30T21:00Z
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1767214800000), december.end);   // 2025-12-31T21:00Z
    }

    void aDayShortenedBySummerTimeEndsAtItsMidnight()
    {
        const LabCalendar paris("Europe/Paris");
        // Noon UTC on Saturday 28 March 2026; Sunday 29 March has 23 hours in Paris and
        // ends at 22:00Z (midnight CEST).
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1774821599999), paris.endOfDayAfter(1774699200000, 1));
        const MonthPeriod march = paris.monthOf(1774699200000);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1772319600000), march.start); // 2026-02-28T23:00Z
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1774994400000), march.end);   // 2026-03-31T22:00Z
    }

    void unknownZoneIsRefused()
    {
        CPPUNIT_ASSERT_THROW(LabCalendar("Mars/Olympus_Mons"), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LabCalendarTest);

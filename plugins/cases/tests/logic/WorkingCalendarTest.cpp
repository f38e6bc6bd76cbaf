// Due times in working hours: the cutoff, opening and closing, weekends and
// holidays, several days, daylight saving and half-hour offsets; the eta.* keys;
// times shown in a zone.
#include "MapConfig.h"
#include "Refusals.h"

#include "eta/WorkingCalendar.h"

#include <date/date.h>

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace molar::cases;
using molar::cases::test::MapConfig;

namespace {

// Unix seconds of a wall-clock time at a fixed UTC offset ("+03:00" is 180).
std::int64_t at(int y, unsigned m, unsigned d, int hour, int minute, int offsetMinutes)
{
    auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
    return std::int64_t(day.time_since_epoch().count()) * 86400 + hour * 3600 + minute * 60 -
           offsetMinutes * 60;
}

constexpr int kQatar = 180;
constexpr int kKolkata = 330;
constexpr int kCet = 60;
constexpr int kCest = 120;

// 2026-03-01 is a Sunday.
std::int64_t qatar(unsigned day, int hour, int minute = 0)
{
    return at(2026, 3, day, hour, minute, kQatar);
}

std::string utcText(std::int64_t utc)
{
    return formatInZone(utc, "UTC", "%Y-%m-%d %H:%M");
}

WorkingHours berlin()
{
    WorkingHours hours;
    hours.days = {1, 2, 3, 4, 5};
    hours.openMinute = 9 * 60;
    hours.closeMinute = 17 * 60;
    hours.timeZone = "Europe/Berlin";
    return hours;
}

} // namespace

#define ASSERT_DUE(expected, actual) CPPUNIT_ASSERT_EQUAL(utcText(expected), utcText(actual))

class WorkingCalendarTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WorkingCalendarTest);
    CPPUNIT_TEST(testBeforeCutoffCountsFromReceipt);
    CPPUNIT_TEST(testAtAndAfterCutoffCountFromNextDay);
    CPPUNIT_TEST(testBeforeOpening);
    CPPUNIT_TEST(testExactlyAtClose);
    CPPUNIT_TEST(testSeveralDays);
    CPPUNIT_TEST(testWeekendInQatar);
    CPPUNIT_TEST(testHolidays);
    CPPUNIT_TEST(testCutoffAfterClosing);
    CPPUNIT_TEST(testZeroAndNegativeSla);
    CPPUNIT_TEST(testBeyondThreeYears);
    CPPUNIT_TEST(testDaylightSavingInBerlin);
    CPPUNIT_TEST(testWindowAcrossTheChangeIsElapsedTime);
    CPPUNIT_TEST(testHalfHourOffsetInKolkata);
    CPPUNIT_TEST(testRefusedHours);
    CPPUNIT_TEST(testFromConfig);
    CPPUNIT_TEST(testFromConfigRefusals);
    CPPUNIT_TEST(testFormatInZone);
    CPPUNIT_TEST(testTimeZonesAndDates);
    CPPUNIT_TEST(testFastMinuteFormatAgreesWithTheLibrary);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBeforeCutoffCountsFromReceipt()
    {
        WorkingCalendar calendar{WorkingHours{}};
        ASSERT_DUE(qatar(1, 14), calendar.dueAt(qatar(1, 10), 4));
        ASSERT_DUE(qatar(1, 11, 59), calendar.dueAt(qatar(1, 10, 59), 1));
    }

    void testAtAndAfterCutoffCountFromNextDay()
    {
        WorkingCalendar calendar{WorkingHours{}};
        ASSERT_DUE(qatar(2, 10), calendar.dueAt(qatar(1, 11), 1));
        ASSERT_DUE(qatar(2, 17), calendar.dueAt(qatar(1, 15), 8));
        ASSERT_DUE(qatar(2, 10), calendar.dueAt(qatar(1, 20), 1));
    }

    void testBeforeOpening()
    {
        WorkingCalendar calendar{WorkingHours{}};
        ASSERT_DUE(qatar(1, 11), calendar.dueAt(qatar(1, 7), 2));
        ASSERT_DUE(qatar(1, 10), calendar.dueAt(qatar(1, 0), 1));
    }

    void testExactlyAtClose()
    {
        WorkingCalendar calendar{WorkingHours{}};
        ASSERT_DUE(qatar(1, 19), calendar.dueAt(qatar(1, 9), 10));
        ASSERT_DUE(qatar(1, 19), calendar.dueAt(qatar(1, 10), 9));
        ASSERT_DUE(qatar(2, 19), calendar.dueAt(qatar(1, 9), 20));
        ASSERT_DUE(qatar(2, 9, 1), calendar.dueAt(qatar(1, 10, 1), 9));
    }

    void testSeveralDays()
    {
        WorkingCalendar calendar{WorkingHours{}};
        // Sunday 9 h, Monday to Wednesday 10 h each, then one hour on Thursday.
        ASSERT_DUE(qatar(5, 10), calendar.dueAt(qatar(1, 10), 40));
        // Wednesday 9 h, Thursday 10 h, the weekend, Sunday and Monday 10 h each.
        ASSERT_DUE(qatar(10, 10), calendar.dueAt(qatar(4, 10), 40));
    }

    void testWeekendInQatar()
    {
        WorkingCalendar calendar{WorkingHours{}};
        ASSERT_DUE(qatar(8, 17), calendar.dueAt(qatar(5, 15), 8));    // Thursday after the cutoff
        ASSERT_DUE(qatar(8, 12), calendar.dueAt(qatar(5, 10), 12));   // Thursday morning, into Sunday
        ASSERT_DUE(qatar(8, 11), calendar.dueAt(qatar(6, 10), 2));    // Friday
        ASSERT_DUE(qatar(8, 10), calendar.dueAt(qatar(7, 20), 1));    // Saturday night
        ASSERT_DUE(qatar(8, 10), calendar.dueAt(qatar(6, 8, 30), 1)); // Friday, before the cutoff
    }

    void testHolidays()
    {
        WorkingHours hours;
        hours.holidays = {"2026-03-08", "2026-03-10"};
        WorkingCalendar calendar{hours};
        ASSERT_DUE(qatar(9, 17), calendar.dueAt(qatar(5, 15), 8));
        ASSERT_DUE(qatar(9, 11), calendar.dueAt(qatar(8, 10), 2));
        // Monday's 10 h, Tuesday off, then Wednesday.
        ASSERT_DUE(qatar(11, 10), calendar.dueAt(qatar(8, 10), 11));
    }

    void testCutoffAfterClosing()
    {
        WorkingHours hours;
        hours.cutoffMinute = 24 * 60;
        WorkingCalendar calendar{hours};
        ASSERT_DUE(qatar(1, 18), calendar.dueAt(qatar(1, 17), 1));
        ASSERT_DUE(qatar(2, 10), calendar.dueAt(qatar(1, 19, 30), 1));
    }

    void testZeroAndNegativeSla()
    {
        WorkingCalendar calendar{WorkingHours{}};
        ASSERT_DUE(qatar(1, 10), calendar.dueAt(qatar(1, 10), 0));
        ASSERT_DUE(qatar(1, 9), calendar.dueAt(qatar(1, 8), 0));
        ASSERT_DUE(qatar(2, 9), calendar.dueAt(qatar(1, 12), 0));
        CPPUNIT_ASSERT_THROW(calendar.dueAt(qatar(1, 10), -1), std::invalid_argument);
    }

    void testBeyondThreeYears()
    {
        WorkingCalendar calendar{WorkingHours{}};
        calendar.dueAt(qatar(1, 10), 2000);
        CPPUNIT_ASSERT_THROW(calendar.dueAt(qatar(1, 10), 100000), std::out_of_range);
    }

    void testDaylightSavingInBerlin()
    {
        WorkingCalendar calendar{berlin()};
        // Friday 10:00 CET, 7 h that day; Monday 09:00 is CEST after the last Sunday of March.
        ASSERT_DUE(at(2026, 3, 30, 10, 0, kCest), calendar.dueAt(at(2026, 3, 27, 10, 0, kCet), 8));
        ASSERT_DUE(at(2026, 3, 30, 8, 0, 0), calendar.dueAt(at(2026, 3, 27, 9, 0, 0), 8));
        // And back to CET after the last Sunday of October.
        ASSERT_DUE(at(2026, 10, 26, 10, 0, kCet), calendar.dueAt(at(2026, 10, 23, 10, 0, kCest), 8));
        ASSERT_DUE(at(2026, 10, 26, 9, 0, 0), calendar.dueAt(at(2026, 10, 23, 8, 0, 0), 8));
        // Before the change, Berlin's 09:00 is 08:00 UTC; after it, 07:00 UTC.
        ASSERT_DUE(at(2026, 3, 27, 10, 0, kCet), calendar.dueAt(at(2026, 3, 27, 7, 0, kCet), 1));
        ASSERT_DUE(at(2026, 3, 30, 10, 0, kCest), calendar.dueAt(at(2026, 3, 30, 7, 0, kCest), 1));
    }

    // A window that spans the change is an hour shorter in March and longer in October.
    void testWindowAcrossTheChangeIsElapsedTime()
    {
        WorkingHours hours = berlin();
        hours.days = {0};
        hours.openMinute = 0;
        hours.closeMinute = 6 * 60;
        hours.cutoffMinute = 0;
        WorkingCalendar calendar{hours};
        std::int64_t saturday = at(2026, 3, 28, 12, 0, kCet);
        ASSERT_DUE(at(2026, 3, 29, 6, 0, kCest), calendar.dueAt(saturday, 5));
        ASSERT_DUE(at(2026, 4, 5, 1, 0, kCest), calendar.dueAt(saturday, 6));
        std::int64_t october = at(2026, 10, 24, 12, 0, kCest);
        ASSERT_DUE(at(2026, 10, 25, 6, 0, kCet), calendar.dueAt(october, 7));
        ASSERT_DUE(at(2026, 10, 25, 5, 0, kCet), calendar.dueAt(october, 6));
    }

    void testHalfHourOffsetInKolkata()
    {
        WorkingHours hours;
        hours.days = {1, 2, 3, 4, 5, 6};
        hours.openMinute = 9 * 60 + 30;
        hours.closeMinute = 18 * 60 + 30;
        hours.cutoffMinute = 12 * 60;
        hours.timeZone = "Asia/Kolkata";
        WorkingCalendar calendar{hours};
        ASSERT_DUE(at(2026, 3, 2, 12, 0, kKolkata), calendar.dueAt(at(2026, 3, 2, 10, 0, kKolkata), 2));
        ASSERT_DUE(at(2026, 3, 2, 6, 30, 0), calendar.dueAt(at(2026, 3, 2, 4, 30, 0), 2));
        // Saturday after the cutoff: Sunday is off, so Monday from 09:30.
        ASSERT_DUE(at(2026, 3, 9, 12, 30, kKolkata), calendar.dueAt(at(2026, 3, 7, 13, 0, kKolkata), 3));
        // Received 09:15 IST is before opening: 09:30 + 9 h is closing.
        ASSERT_DUE(at(2026, 3, 2, 18, 30, kKolkata), calendar.dueAt(at(2026, 3, 2, 9, 15, kKolkata), 9));
    }

    void testRefusedHours()
    {
        WorkingHours hours;
        hours.timeZone = "Mars/Olympus_Mons";
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
        hours = WorkingHours{};
        hours.timeZone = "";
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
        hours = WorkingHours{};
        hours.openMinute = hours.closeMinute;
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
        hours = WorkingHours{};
        hours.days.clear();
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
        hours = WorkingHours{};
        hours.days = {7};
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
        hours = WorkingHours{};
        hours.closeMinute = 25 * 60;
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
        hours = WorkingHours{};
        hours.holidays = {"2026-02-30"};
        CPPUNIT_ASSERT_THROW(WorkingCalendar{hours}, std::invalid_argument);
    }

    void testFromConfig()
    {
        MapConfig empty;
        WorkingHours defaults = WorkingCalendar::fromConfig(empty, "Europe/Berlin");
        CPPUNIT_ASSERT(defaults.days == std::set<int>({0, 1, 2, 3, 4}));
        // No zone of its own: the lab's, as the host gives it.
        CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), defaults.timeZone);
        MapConfig blank(std::map<std::string, std::string>{{"eta.timeZone", " "}});
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Qatar"),
                             WorkingCalendar::fromConfig(blank, "Asia/Qatar").timeZone);

        MapConfig config({{"eta.days", "mon, tue, wed, thu, fri, sat"},
                          {"eta.open", "09:30"},
                          {"eta.close", "24:00"},
                          {"eta.cutoff", "00:00"},
                          {"eta.timeZone", "Asia/Kolkata"},
                          {"eta.holidays", "2026-12-18, 2027-03-10"}});
        WorkingHours hours = WorkingCalendar::fromConfig(config, "Europe/Berlin");
        CPPUNIT_ASSERT(hours.days == std::set<int>({1, 2, 3, 4, 5, 6}));
        CPPUNIT_ASSERT_EQUAL(570, hours.openMinute);
        CPPUNIT_ASSERT_EQUAL(1440, hours.closeMinute);
        CPPUNIT_ASSERT_EQUAL(0, hours.cutoffMinute);
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Kolkata"), hours.timeZone);
        CPPUNIT_ASSERT(hours.holidays == std::set<std::string>({"2026-12-18", "2027-03-10"}));
        CPPUNIT_ASSERT(config.unreadKeys().empty());
        WorkingCalendar calendar{hours};
    }

    void testFromConfigRefusals()
    {
        struct Case
        {
            const char* key;
            const char* value;
            const char* fragment;
        };
        for (const Case& c : std::vector<Case>{
                 {"eta.days", "sun, funday", "in place of 'funday'"},
                 {"eta.days", "Sun", "in place of 'Sun'"},
                 {"eta.days", "", "at least one working day"},
                 {"eta.open", "9:00", "a time of day HH:MM, such as 09:00"},
                 {"eta.open", "09:60", "HH:MM"},
                 {"eta.open", "", "HH:MM"},
                 {"eta.close", "24:30", "such as 19:00"},
                 {"eta.close", "7pm", "HH:MM"},
                 {"eta.cutoff", "25:00", "such as 11:00"},
                 {"eta.close", "08:00", "a time after cases.eta.open (09:00)"},
                 {"eta.close", "09:00", "a time after cases.eta.open (09:00)"},
                 {"eta.timeZone", "Mars/Olympus_Mons", "an IANA time zone such as Asia/Qatar"},
                 {"eta.timeZone", "Qatar", "an IANA time zone"},
                 {"eta.timeZone", "../../etc/passwd", "an IANA time zone"},
                 {"eta.holidays", "2026-12-18, 2026-02-30", "in place of '2026-02-30'"},
                 {"eta.holidays", "18/12/2026", "dates YYYY-MM-DD"},
             }) {
            MapConfig config(std::map<std::string, std::string>{{c.key, c.value}});
            CASES_ASSERT_REFUSED(WorkingCalendar::fromConfig(config, "Asia/Qatar"),
                                 std::string("cases.") + c.key, c.fragment);
        }
    }

    void testFormatInZone()
    {
        std::int64_t utc = at(2026, 3, 1, 7, 0, 0);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 10:00"),
                             formatInZone(utc, "Asia/Qatar", "%Y-%m-%d %H:%M"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 12:30"),
                             formatInZone(utc, "Asia/Kolkata", "%Y-%m-%d %H:%M"));
        CPPUNIT_ASSERT_EQUAL(std::string("08:00 CET"), formatInZone(utc, "Europe/Berlin", "%H:%M %Z"));
        CPPUNIT_ASSERT_EQUAL(std::string("09:00 CEST"),
                             formatInZone(at(2026, 7, 1, 7, 0, 0), "Europe/Berlin", "%H:%M %Z"));
        CPPUNIT_ASSERT_EQUAL(std::string("260301"), formatInZone(utc, "Asia/Qatar", "%y%m%d"));
        // An unknown zone shows UTC rather than failing a page.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 07:00"),
                             formatInZone(utc, "Mars/Olympus_Mons", "%Y-%m-%d %H:%M"));
        CPPUNIT_ASSERT_EQUAL(std::string("07:00"), formatInZone(utc, "", "%H:%M"));
    }

    void testFastMinuteFormatAgreesWithTheLibrary()
    {
        // Across DST changes, half-hour and negative offsets, midnight and leap days. Berlin
        // leaves summer time at 01:00 UTC on 2024-10-27: 02:59 CEST, then 02:00 CET.
        for (const char* zone : {"UTC", "Asia/Qatar", "Asia/Kolkata", "Europe/Berlin", "America/New_York"})
            for (std::int64_t utc = at(2024, 2, 28, 0, 0, 0); utc < at(2024, 12, 31, 0, 0, 0);
                 utc += 86400 * 7 + 3599)
                CPPUNIT_ASSERT_EQUAL(formatInZone(utc, zone, "%Y-%m-%d %H:%M"),
                                     formatMinuteInZone(utc, zone));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-10-27 02:59"),
                             formatMinuteInZone(at(2024, 10, 27, 0, 59, 0), "Europe/Berlin"));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-10-27 02:00"),
                             formatMinuteInZone(at(2024, 10, 27, 1, 0, 0), "Europe/Berlin"));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29 12:00"),
                             formatMinuteInZone(at(2024, 2, 29, 12, 0, 0), "No/Such_Zone"));
        // After 2038-01-19 a day's count times 86400 no longer fits an int (found by UBSan).
        CPPUNIT_ASSERT_EQUAL(std::string("2050-01-02 02:59"),
                             formatMinuteInZone(at(2050, 1, 1, 23, 59, 0), "Asia/Qatar"));
    }

    void testTimeZonesAndDates()
    {
        for (const char* zone : {"Asia/Qatar", "Europe/Berlin", "Asia/Kolkata", "UTC", "America/New_York"})
            CPPUNIT_ASSERT_MESSAGE(zone, isTimeZone(zone));
        for (const char* bad : {"", "Mars/Olympus_Mons", "asia/qatar", "../../etc/passwd", "Asia/Qatar "})
            CPPUNIT_ASSERT_MESSAGE(bad, !isTimeZone(bad));
        for (const char* date : {"2026-12-18", "2028-02-29", "2000-01-01"})
            CPPUNIT_ASSERT_MESSAGE(date, isLocalDate(date));
        for (const char* bad : {"", "2026-02-29", "2026-13-01", "2026-1-01", "2026-01-1 ", "26-01-01",
                                "2026/01/01", "2026-01-00", "+026-01-01", "2026-01-01x"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isLocalDate(bad));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkingCalendarTest);

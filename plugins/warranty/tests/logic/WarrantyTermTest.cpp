// A warranty's days: the lab's day of delivery in its time zone, the expiry a whole number
// of calendar months later (clamped at a month's end, leap days included), valid on the
// days before it; and the check codes a card prints and a visitor types back.
#include "terms/WarrantyTerm.h"
#include "terms/CheckCode.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <stdexcept>
#include <string>

using namespace molar::warranty;

namespace {

// 2026-05-11 22:30 UTC: already the 12th in Qatar (UTC+3), still the 11th in New York.
constexpr std::int64_t lateEveningUtc = 1778538600000;

} // namespace

class WarrantyTermTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WarrantyTermTest);
    CPPUNIT_TEST(testTheDayIsTheLabsDay);
    CPPUNIT_TEST(testMonthsAddUpAcrossYears);
    CPPUNIT_TEST(testLeapDaysAndMonthEndsClamp);
    CPPUNIT_TEST(testADayThatIsNoneIsRefused);
    CPPUNIT_TEST(testValidBeforeTheExpiryDayOnly);
    CPPUNIT_TEST(testCheckCodesAreReadAsTyped);
    CPPUNIT_TEST(testCheckCodesAreRandomAndPlain);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheDayIsTheLabsDay()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), localDay(lateEveningUtc, "Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-11"), localDay(lateEveningUtc, "America/New_York"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-11"), localDay(lateEveningUtc, "UTC"));
        // Kiritimati is UTC+14: the 12th there all afternoon of the 11th in UTC.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"),
                             localDay(lateEveningUtc - 8 * 3600000LL, "Pacific/Kiritimati"));
    }

    void testMonthsAddUpAcrossYears()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2036-05-12"), addMonths("2026-05-12", 120));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-05-12"), addMonths("2026-05-12", 12));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-02-12"), addMonths("2026-08-12", 6));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-30"), addMonths("2026-06-30", 6));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), addMonths("2026-05-12", 0));
    }

    void testLeapDaysAndMonthEndsClamp()
    {
        // A leap day's anniversary in a common year is the last day of February.
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"), addMonths("2028-02-29", 12));
        // Four years on it is a leap day again; ten years on, not.
        CPPUNIT_ASSERT_EQUAL(std::string("2032-02-29"), addMonths("2028-02-29", 48));
        CPPUNIT_ASSERT_EQUAL(std::string("2038-02-28"), addMonths("2028-02-29", 120));
        // 2100 is no leap year (divisible by 100, not by 400); 2000 was.
        CPPUNIT_ASSERT_EQUAL(std::string("2100-02-28"), addMonths("2099-11-30", 3));
        CPPUNIT_ASSERT_EQUAL(std::string("2000-02-29"), addMonths("1999-11-30", 3));
        // A month's last day that the next months do not have.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-02-28"), addMonths("2026-01-31", 1));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"), addMonths("2028-01-31", 1));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-04-30"), addMonths("2026-03-31", 1));
    }

    void testADayThatIsNoneIsRefused()
    {
        CPPUNIT_ASSERT_THROW(addMonths("2026-02-30", 1), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(addMonths("2026-5-12", 1), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(addMonths("", 1), std::invalid_argument);
        CPPUNIT_ASSERT(!isCalendarDay("2027-02-29"));
        CPPUNIT_ASSERT(isCalendarDay("2028-02-29"));
    }

    void testValidBeforeTheExpiryDayOnly()
    {
        CPPUNIT_ASSERT(warrantyStateOn("2036-05-11", "2036-05-12", false) == WarrantyState::Valid);
        CPPUNIT_ASSERT(warrantyStateOn("2036-05-12", "2036-05-12", false) == WarrantyState::Expired);
        CPPUNIT_ASSERT(warrantyStateOn("2040-01-01", "2036-05-12", false) == WarrantyState::Expired);
        CPPUNIT_ASSERT(warrantyStateOn("2026-05-12", "2036-05-12", true) == WarrantyState::Void);
        CPPUNIT_ASSERT_EQUAL(std::string("expired"), stateName(WarrantyState::Expired));
    }

    void testCheckCodesAreReadAsTyped()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("ABCD2345"), normalizeCheckCode("abcd-2345"));
        CPPUNIT_ASSERT_EQUAL(std::string("ABCD2345"), normalizeCheckCode(" ABCD 2345 "));
        CPPUNIT_ASSERT_EQUAL(std::string(), normalizeCheckCode("ABCD-234"));    // too short
        CPPUNIT_ASSERT_EQUAL(std::string(), normalizeCheckCode("ABCD-23456"));  // too long
        CPPUNIT_ASSERT_EQUAL(std::string(), normalizeCheckCode("ABCD-O345"));   // O is never printed
        CPPUNIT_ASSERT_EQUAL(std::string(), normalizeCheckCode("ABCD-2345\n")); // a line break is no code's
        CPPUNIT_ASSERT_EQUAL(std::string("ABCD-2345"), printedCheckCode("ABCD2345"));
        CPPUNIT_ASSERT(sameCheckCode("ABCD2345", "abcd-2345"));
        CPPUNIT_ASSERT(!sameCheckCode("ABCD2345", "ABCD2346"));
        CPPUNIT_ASSERT(!sameCheckCode("ABCD2345", ""));
        CPPUNIT_ASSERT(!sameCheckCode("", ""));
    }

    void testCheckCodesAreRandomAndPlain()
    {
        std::set<std::string> seen;
        for (int i = 0; i < 200; ++i) {
            const std::string code = newCheckCode();
            CPPUNIT_ASSERT_EQUAL(std::size_t(8), code.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(code, code, normalizeCheckCode(code)); // reads back as itself
            seen.insert(code);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), seen.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WarrantyTermTest);

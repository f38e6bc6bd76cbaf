// A plan's expiry in civil dates of the lab's time zone: month ends and Feb 29 clamped,
// the UTC day against the Doha day, the emphasis exactly at 6 and 3 months, the daily
// reminder sent once per threshold, and upgrades up the path only and before expiry.
#include "rules/PlanExpiry.h"

#include <date/date.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace molar::aligners;
using namespace date::literals;

namespace {

// The instant of a UTC day and hour, in milliseconds since the epoch.
std::int64_t utcMs(const date::year_month_day& day, int hour)
{
    const auto at = date::sys_days(day) + std::chrono::hours(hour);
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

std::string iso(const std::optional<date::year_month_day>& day)
{
    return day ? isoDate(*day) : "none";
}

std::string emphasis(const date::year_month_day& expiry, const date::year_month_day& today)
{
    return emphasisName(expiryEmphasis(expiry, today));
}

PlanType type(const std::string& code, std::int64_t priceMinor, int expiryMonths)
{
    PlanType t;
    t.code = code;
    t.name = code;
    t.priceMinor = priceMinor;
    t.expiryMonths = expiryMonths;
    return t;
}

// The FAQ's types, prices and path.
PlanTypes faqTypes()
{
    PlanTypes types;
    types.currency = "QAR";
    types.types = {type("UNLIMITED", 790000, 60), type("FLEX", 0, 0),      type("MINI", 320000, 12),
                   type("ONE", 480000, 12),       type("TWO", 590000, 24), type("THREE", 690000, 36)};
    types.upgradePath = {"MINI", "ONE", "TWO", "THREE", "UNLIMITED"};
    return types;
}

} // namespace

class PlanExpiryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PlanExpiryTest);
    CPPUNIT_TEST(labDayFollowsTheZone);
    CPPUNIT_TEST(unknownZoneThrows);
    CPPUNIT_TEST(monthsAddedClampedToMonthEnd);
    CPPUNIT_TEST(monthsSubtractedClamped);
    CPPUNIT_TEST(isoDates);
    CPPUNIT_TEST(noExpiryWithoutShipmentOrMonths);
    CPPUNIT_TEST(expiryFromFeb29);
    CPPUNIT_TEST(expiryCountsFromTheLabsDay);
    CPPUNIT_TEST(emphasisAtSixAndThreeMonths);
    CPPUNIT_TEST(emphasisWithClampedThresholds);
    CPPUNIT_TEST(emphasisWithoutExpiry);
    CPPUNIT_TEST(emphasisNames);
    CPPUNIT_TEST(dailyJobRemindsOncePerThreshold);
    CPPUNIT_TEST(missedDaysRemindOnceOfTheMostUrgent);
    CPPUNIT_TEST(noReminderAfterExpiryOrWithoutOne);
    CPPUNIT_TEST(upgradeUpThePath);
    CPPUNIT_TEST(upgradeToTheTop);
    CPPUNIT_TEST(upgradeNotHigherRefused);
    CPPUNIT_TEST(upgradeOffThePathRefused);
    CPPUNIT_TEST(upgradeOnTheExpiryDayRefused);
    CPPUNIT_TEST(upgradeBeforeShipment);
    CPPUNIT_TEST(upgradeFeeNeverNegative);
    CPPUNIT_TEST(upgradeTargetsAreHigherTypes);
    CPPUNIT_TEST_SUITE_END();

public:
    void labDayFollowsTheZone()
    {
        // 22:00 UTC on Feb 28 is 01:00 on Feb 29 in Doha (UTC+3).
        const auto at = utcMs(2028_y / date::February / 28, 22);
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"), isoDate(labDay(at, "Asia/Qatar")));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-28"), isoDate(labDay(at, "UTC")));
        // 03:00 UTC on Mar 1 is still Feb 29 in New York (UTC-5 in winter).
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"),
                             isoDate(labDay(utcMs(2028_y / date::March / 1, 3), "America/New_York")));
        // 20:59:59.999 UTC is the last millisecond of the Doha day.
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-28"),
                             isoDate(labDay(utcMs(2028_y / date::February / 28, 21) - 1, "Asia/Qatar")));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"),
                             isoDate(labDay(utcMs(2028_y / date::February / 28, 21), "Asia/Qatar")));
    }

    void unknownZoneThrows() { CPPUNIT_ASSERT_THROW(labDay(0, "Mars/Olympus_Mons"), std::runtime_error); }

    void monthsAddedClampedToMonthEnd()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"),
                             isoDate(addMonthsClamped(2028_y / date::February / 29, 12)));
        CPPUNIT_ASSERT_EQUAL(std::string("2032-02-29"),
                             isoDate(addMonthsClamped(2028_y / date::February / 29, 48)));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"),
                             isoDate(addMonthsClamped(2029_y / date::January / 31, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"),
                             isoDate(addMonthsClamped(2028_y / date::January / 31, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-04-30"),
                             isoDate(addMonthsClamped(2029_y / date::March / 31, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("2030-01-15"),
                             isoDate(addMonthsClamped(2029_y / date::December / 15, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("2031-08-31"),
                             isoDate(addMonthsClamped(2026_y / date::August / 31, 60)));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-05-10"),
                             isoDate(addMonthsClamped(2029_y / date::May / 10, 0)));
    }

    void monthsSubtractedClamped()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"),
                             isoDate(addMonthsClamped(2029_y / date::August / 31, -6)));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-05-31"),
                             isoDate(addMonthsClamped(2029_y / date::August / 31, -3)));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"),
                             isoDate(addMonthsClamped(2029_y / date::March / 31, -1)));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-12-31"),
                             isoDate(addMonthsClamped(2030_y / date::January / 31, -13)));
    }

    void isoDates()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-03"), isoDate(2029_y / date::February / 3));
        CPPUNIT_ASSERT_EQUAL(std::string("none"), iso(std::nullopt));
    }

    void noExpiryWithoutShipmentOrMonths()
    {
        CPPUNIT_ASSERT(!expiryDate(std::nullopt, 12));
        CPPUNIT_ASSERT(!expiryDate(date::year_month_day(2028_y / date::March / 1), 0)); // FLEX
        CPPUNIT_ASSERT(!expiryDateOfShipment(std::nullopt, 12, "Asia/Qatar"));
        CPPUNIT_ASSERT(!expiryDateOfShipment(utcMs(2028_y / date::March / 1, 8), 0, "Asia/Qatar"));
    }

    void expiryFromFeb29()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"), iso(expiryDate(2028_y / date::February / 29, 12)));
        CPPUNIT_ASSERT_EQUAL(std::string("2030-02-28"), iso(expiryDate(2028_y / date::February / 29, 24)));
        CPPUNIT_ASSERT_EQUAL(std::string("2032-02-29"), iso(expiryDate(2028_y / date::February / 29, 48)));
    }

    void expiryCountsFromTheLabsDay()
    {
        // Shipped 22:00 UTC on Mar 31: Apr 1 in Doha, so ONE expires on Apr 1 a year on,
        // not on Mar 31 as the UTC day would say.
        const auto shipped = utcMs(2028_y / date::March / 31, 22);
        CPPUNIT_ASSERT_EQUAL(std::string("2029-04-01"), iso(expiryDateOfShipment(shipped, 12, "Asia/Qatar")));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-03-31"), iso(expiryDateOfShipment(shipped, 12, "UTC")));
        // 22:00 UTC on Feb 28 is Feb 29 in Doha: a month later is Mar 29.
        const auto leap = utcMs(2028_y / date::February / 28, 22);
        CPPUNIT_ASSERT_EQUAL(std::string("2028-03-29"), iso(expiryDateOfShipment(leap, 1, "Asia/Qatar")));
        CPPUNIT_ASSERT_EQUAL(std::string("2029-02-28"), iso(expiryDateOfShipment(leap, 12, "Asia/Qatar")));
    }

    void emphasisAtSixAndThreeMonths()
    {
        // Expiry Aug 31: six months before is Feb 28 (clamped), three months Mar 31 -> May 31.
        const date::year_month_day expiry = 2029_y / date::August / 31;
        CPPUNIT_ASSERT_EQUAL(std::string("none"), emphasis(expiry, 2028_y / date::December / 1));
        CPPUNIT_ASSERT_EQUAL(std::string("none"), emphasis(expiry, 2029_y / date::February / 28));
        CPPUNIT_ASSERT_EQUAL(std::string("bold"), emphasis(expiry, 2029_y / date::March / 1));
        CPPUNIT_ASSERT_EQUAL(std::string("bold"), emphasis(expiry, 2029_y / date::May / 31));
        CPPUNIT_ASSERT_EQUAL(std::string("red"), emphasis(expiry, 2029_y / date::June / 1));
        CPPUNIT_ASSERT_EQUAL(std::string("red"), emphasis(expiry, 2029_y / date::August / 30));
        CPPUNIT_ASSERT_EQUAL(std::string("expired"), emphasis(expiry, 2029_y / date::August / 31));
        CPPUNIT_ASSERT_EQUAL(std::string("expired"), emphasis(expiry, 2031_y / date::January / 1));
    }

    void emphasisWithClampedThresholds()
    {
        // Shipped Feb 29, 2028 on ONE: expires Feb 28, 2029; thresholds Aug 28 and Nov 28.
        const auto expiry = *expiryDate(2028_y / date::February / 29, 12);
        CPPUNIT_ASSERT_EQUAL(std::string("none"), emphasis(expiry, 2028_y / date::August / 28));
        CPPUNIT_ASSERT_EQUAL(std::string("bold"), emphasis(expiry, 2028_y / date::August / 29));
        CPPUNIT_ASSERT_EQUAL(std::string("bold"), emphasis(expiry, 2028_y / date::November / 28));
        CPPUNIT_ASSERT_EQUAL(std::string("red"), emphasis(expiry, 2028_y / date::November / 29));
        CPPUNIT_ASSERT_EQUAL(std::string("red"), emphasis(expiry, 2029_y / date::February / 27));
        CPPUNIT_ASSERT_EQUAL(std::string("expired"), emphasis(expiry, 2029_y / date::February / 28));
    }

    void emphasisWithoutExpiry()
    {
        CPPUNIT_ASSERT(expiryEmphasis(std::nullopt, 2029_y / date::February / 28) == ExpiryEmphasis::None);
    }

    void emphasisNames()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("none"), std::string(emphasisName(ExpiryEmphasis::None)));
        CPPUNIT_ASSERT_EQUAL(std::string("bold"), std::string(emphasisName(ExpiryEmphasis::Bold)));
        CPPUNIT_ASSERT_EQUAL(std::string("red"), std::string(emphasisName(ExpiryEmphasis::Red)));
        CPPUNIT_ASSERT_EQUAL(std::string("expired"), std::string(emphasisName(ExpiryEmphasis::Expired)));
    }

    void dailyJobRemindsOncePerThreshold()
    {
        // A job run every day of the plan's life sends exactly two reminders.
        const date::year_month_day expiry = 2029_y / date::August / 31;
        std::vector<std::string> sent;
        for (date::sys_days day = date::sys_days(2028_y / date::September / 1);
             day <= date::sys_days(2029_y / date::December / 31); day += date::days(1)) {
            if (const auto crossed = reminderCrossed(expiry, day - date::days(1), day))
                sent.push_back(std::string(emphasisName(*crossed)) + " " + isoDate(day));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), sent.size());
        CPPUNIT_ASSERT_EQUAL(std::string("bold 2029-03-01"), sent[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("red 2029-06-01"), sent[1]);
    }

    void missedDaysRemindOnceOfTheMostUrgent()
    {
        const date::year_month_day expiry = 2029_y / date::August / 31;
        // Down from Feb 20 to Jun 5: both thresholds passed, only the red one is sent.
        const auto both = reminderCrossed(expiry, 2029_y / date::February / 20, 2029_y / date::June / 5);
        CPPUNIT_ASSERT(both && *both == ExpiryEmphasis::Red);
        // Down from Feb 20 to Mar 10: the bold one.
        const auto bold = reminderCrossed(expiry, 2029_y / date::February / 20, 2029_y / date::March / 10);
        CPPUNIT_ASSERT(bold && *bold == ExpiryEmphasis::Bold);
        // Run twice the same day: nothing the second time.
        CPPUNIT_ASSERT(!reminderCrossed(expiry, 2029_y / date::March / 1, 2029_y / date::March / 1));
    }

    void noReminderAfterExpiryOrWithoutOne()
    {
        const date::year_month_day expiry = 2029_y / date::August / 31;
        CPPUNIT_ASSERT(!reminderCrossed(expiry, 2029_y / date::August / 30, 2029_y / date::August / 31));
        CPPUNIT_ASSERT(!reminderCrossed(expiry, 2029_y / date::February / 1, 2029_y / date::September / 1));
        CPPUNIT_ASSERT(!reminderCrossed(std::nullopt, 2029_y / date::February / 1, 2029_y / date::June / 1));
    }

    void upgradeUpThePath()
    {
        // ONE shipped Feb 29, 2028 (expires Feb 28, 2029) upgraded to TWO on Feb 27, 2029:
        // 5900.00 - 4800.00, and TWO's 24 months counted from the first shipment.
        const auto d = decideUpgrade(faqTypes(), "ONE", "TWO", 2028_y / date::February / 29,
                                     2029_y / date::February / 27);
        CPPUNIT_ASSERT(d.allowed());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(110000), d.feeMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("2030-02-28"), iso(d.expiry));
    }

    void upgradeToTheTop()
    {
        // Skipping steps of the path is fine: ONE straight to UNLIMITED (60 months).
        const auto d =
            decideUpgrade(faqTypes(), "ONE", "UNLIMITED", 2028_y / date::June / 15, 2028_y / date::July / 1);
        CPPUNIT_ASSERT(d.allowed());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(310000), d.feeMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("2033-06-15"), iso(d.expiry));
    }

    void upgradeNotHigherRefused()
    {
        const date::year_month_day shipped = 2028_y / date::June / 15;
        const date::year_month_day today = 2028_y / date::July / 1;
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upgrade.error.notHigher"),
                             decideUpgrade(faqTypes(), "TWO", "ONE", shipped, today).refusal);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upgrade.error.notHigher"),
                             decideUpgrade(faqTypes(), "TWO", "TWO", shipped, today).refusal);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upgrade.error.notHigher"),
                             decideUpgrade(faqTypes(), "UNLIMITED", "MINI", shipped, today).refusal);
    }

    void upgradeOffThePathRefused()
    {
        const date::year_month_day shipped = 2028_y / date::June / 15;
        const date::year_month_day today = 2028_y / date::July / 1;
        const std::string notOnPath = "aligners.upgrade.error.notOnPath";
        CPPUNIT_ASSERT_EQUAL(notOnPath, decideUpgrade(faqTypes(), "FLEX", "TWO", shipped, today).refusal);
        CPPUNIT_ASSERT_EQUAL(notOnPath, decideUpgrade(faqTypes(), "ONE", "FLEX", shipped, today).refusal);
        CPPUNIT_ASSERT_EQUAL(notOnPath, decideUpgrade(faqTypes(), "ONE", "FOUR", shipped, today).refusal);
        CPPUNIT_ASSERT_EQUAL(notOnPath, decideUpgrade(faqTypes(), "", "TWO", shipped, today).refusal);
        const auto refused = decideUpgrade(faqTypes(), "FLEX", "TWO", shipped, today);
        CPPUNIT_ASSERT(!refused.allowed());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), refused.feeMinor);
        CPPUNIT_ASSERT(!refused.expiry);
    }

    void upgradeOnTheExpiryDayRefused()
    {
        // ONE shipped Feb 29, 2028 expires Feb 28, 2029: that day it is too late.
        const auto d = decideUpgrade(faqTypes(), "ONE", "TWO", 2028_y / date::February / 29,
                                     2029_y / date::February / 28);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upgrade.error.expired"), d.refusal);
        CPPUNIT_ASSERT(!d.expiry);
        // Direction is checked first: a downgrade of an expired plan says notHigher.
        CPPUNIT_ASSERT_EQUAL(
            std::string("aligners.upgrade.error.notHigher"),
            decideUpgrade(faqTypes(), "TWO", "ONE", 2020_y / date::January / 1, 2029_y / date::February / 28)
                .refusal);
    }

    void upgradeBeforeShipment()
    {
        const auto d = decideUpgrade(faqTypes(), "MINI", "THREE", std::nullopt, 2028_y / date::July / 1);
        CPPUNIT_ASSERT(d.allowed());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(370000), d.feeMinor);
        CPPUNIT_ASSERT(!d.expiry);
    }

    void upgradeFeeNeverNegative()
    {
        auto types = faqTypes();
        types.types.push_back(type("PROMO", 100000, 36));
        types.upgradePath.push_back("PROMO");
        const auto d =
            decideUpgrade(types, "TWO", "PROMO", 2028_y / date::June / 15, 2028_y / date::July / 1);
        CPPUNIT_ASSERT(d.allowed());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), d.feeMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("2031-06-15"), iso(d.expiry));
    }

    void upgradeTargetsAreHigherTypes()
    {
        CPPUNIT_ASSERT(upgradeTargets(faqTypes(), "ONE") ==
                       (std::vector<std::string>{"TWO", "THREE", "UNLIMITED"}));
        CPPUNIT_ASSERT(upgradeTargets(faqTypes(), "UNLIMITED").empty());
        CPPUNIT_ASSERT(upgradeTargets(faqTypes(), "FLEX").empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanExpiryTest);

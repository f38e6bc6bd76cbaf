// The plan's expiry on the plan page and its reminders, on SQLite and MariaDB, as the
// manual clock moves: nothing dated before the first shipment, then the date in the
// lab's calendar (a shipment at 01:00 in Qatar counts from the Qatar day), bold under 6
// months, red with words under 3, "expired on" after; one plan.expiring per threshold,
// even with two hosts running the job at once, and only the most urgent after a jump.
#include "ExpiryPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace molar::test;
using namespace date::literals;

class ExpiryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ExpiryTest);
    CPPUNIT_TEST(theExpiryTurnsBoldThenRedThenExpires);
    CPPUNIT_TEST(aJumpPastBothThresholdsSendsOnlyTheRedReminder);
    CPPUNIT_TEST(twoHostsRunningTheJobSendEachReminderOnce);
    CPPUNIT_TEST(anUpgradeStartsTheRemindersOfItsNewExpiry);
    CPPUNIT_TEST(aTypeThatNeverExpiresShowsNoDate);
    CPPUNIT_TEST_SUITE_END();

    static std::string page(ExpiryPortal& portal, std::int64_t caseId)
    {
        const Answer answer = portal.pearlDentist()->get(AlignersPortal::planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(200, answer.status);
        return answer.body;
    }

    // The job run directly, twice: the second run sends nothing more.
    static void runTheJob(ExpiryPortal& portal)
    {
        portal.expiry.sendReminders();
        CPPUNIT_ASSERT_EQUAL(0, portal.expiry.sendReminders());
    }

public:
    void theExpiryTurnsBoldThenRedThenExpires()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        portal.acceptedWith(caseId, "ONE");
        // In production, nothing shipped: the date is not known yet.
        std::string body = page(portal, caseId);
        MOLAR_ASSERT_CONTAINS("Plan type: ONE", body);
        MOLAR_ASSERT_CONTAINS("Included revisions and retainers expire 12 months after the first shipment",
                              body);
        MOLAR_ASSERT_NOT_CONTAINS("expire on", body);
        runTheJob(portal);

        // Shipped at 22:00 UTC on 12 May 2026: 01:00 on 13 May in Qatar, the lab's day.
        portal.setUtc(2026_y / 5 / 12, 22);
        portal.ship(caseId);
        body = page(portal, caseId);
        MOLAR_ASSERT_CONTAINS(
            "<p class=\"expiry expiry-none\">Included revisions and retainers expire on May 13, 2027</p>",
            body);
        // The stylesheet the red uses is served, in molar.css's colours only.
        const Answer css = portal.pearlDentist()->get("/static/aligners/aligners.css");
        CPPUNIT_ASSERT_EQUAL(200, css.status);
        MOLAR_ASSERT_CONTAINS(".expiry-red, .expiry-red strong { color: var(--danger); }", css.body);

        // 13 Nov 2026 in Qatar: exactly 6 months left, still plain.
        portal.setUtc(2026_y / 11 / 13, 12);
        MOLAR_ASSERT_CONTAINS("expiry-none", page(portal, caseId));
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.reminders());

        // 14 Nov: under 6 months, bold; one reminder.
        portal.setUtc(2026_y / 11 / 14, 12);
        MOLAR_ASSERT_CONTAINS(
            "<p class=\"expiry expiry-bold\"><strong>Included revisions and retainers expire on "
            "May 13, 2027</strong></p>",
            page(portal, caseId));
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.reminders("bold"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.reminders());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("plan.expiring"));
        // The reminder names the case, its plan page and the day as YYYY-MM-DD.
        MOLAR_ASSERT_CONTAINS("\"expiresOn\":\"2027-05-13\"",
                              portal.db()
                                  .query("SELECT payload FROM molar_jobs WHERE payload LIKE ?",
                                         {"%\"event\":\"plan.expiring\"%"})
                                  .get(0, "payload")
                                  .toString());
        // The timeline and the message write the day in their reader's language.
        MOLAR_ASSERT_CONTAINS("Reminder sent: included revisions and retainers expire on May 13, 2027",
                              portal.pearlDentist()->get("/cases/" + std::to_string(caseId)).body);
        portal.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'dentist@pearl.example'");
        const std::string arabic = portal.pearlDentist()->get("/cases/" + std::to_string(caseId)).body;
        MOLAR_ASSERT_CONTAINS(portal.portal().locales().day(2027, 5, 13, "ar"), arabic);
        MOLAR_ASSERT_NOT_CONTAINS("2027-05-13", arabic);
        portal.db().execute("UPDATE molar_users SET language = 'en' WHERE email = 'dentist@pearl.example'");

        // 13 Feb 2027: exactly 3 months left, still bold; 14 Feb: red, with words.
        portal.setUtc(2027_y / 2 / 13, 12);
        MOLAR_ASSERT_CONTAINS("expiry-bold", page(portal, caseId));
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.reminders("red"));
        portal.setUtc(2027_y / 2 / 14, 12);
        MOLAR_ASSERT_CONTAINS(
            "<p class=\"expiry expiry-red\"><strong>Included revisions and retainers expire on "
            "May 13, 2027</strong> <strong>(less than 3 months left)</strong></p>",
            page(portal, caseId));
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.reminders("red"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.reminders());

        // 12 May 2027 still red; 13 May: expired, and no upgrade is offered any more.
        portal.setUtc(2027_y / 5 / 12, 12);
        body = page(portal, caseId);
        MOLAR_ASSERT_CONTAINS("expiry-red", body);
        MOLAR_ASSERT_CONTAINS("name=\"planType\" value=\"TWO\"", body);
        portal.setUtc(2027_y / 5 / 13, 12);
        body = page(portal, caseId);
        MOLAR_ASSERT_CONTAINS(
            "<p class=\"expiry expiry-expired\">Included revisions and retainers expired on May 13, 2027</p>",
            body);
        MOLAR_ASSERT_NOT_CONTAINS("/upgrade\"", body);
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.reminders());
    }

    void aJumpPastBothThresholdsSendsOnlyTheRedReminder()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        portal.acceptedWith(caseId, "ONE");
        portal.ship(caseId); // 12 May 2026, 09:00 in Qatar: expires 12 May 2027
        portal.setUtc(2027_y / 3 / 1, 6);
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.reminders("bold"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.reminders("red"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("red"),
            portal.db()
                .query("SELECT expiry_reminded FROM aligner_cases WHERE case_id = ?", {caseId})
                .get(0, "expiry_reminded")
                .toString());
    }

    void twoHostsRunningTheJobSendEachReminderOnce()
    {
        ExpiryPortal portal;
        std::vector<std::int64_t> cases;
        for (int i = 0; i < 3; ++i) {
            cases.push_back(portal.submittedAligners(*portal.pearlDentist(), "P-EXP-" + std::to_string(i)));
            portal.acceptedWith(cases.back(), "ONE");
            portal.ship(cases.back());
        }
        // A second host: the same code over the same database.
        AlignersTestHost otherHost(portal.portal(), portal.clock);
        molar::aligners::ExpiryService other(otherHost, portal.settings);
        for (const auto& day : {2026_y / 11 / 20, 2027_y / 3 / 1}) {
            portal.setUtc(day, 6);
            std::thread a([&] { portal.expiry.sendReminders(); });
            std::thread b([&] { other.sendReminders(); });
            a.join();
            b.join();
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), portal.reminders("bold"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), portal.reminders("red"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6), portal.reminders());
    }

    void anUpgradeStartsTheRemindersOfItsNewExpiry()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        portal.acceptedWith(caseId, "ONE");
        portal.ship(caseId); // expires 12 May 2027
        portal.setUtc(2027_y / 3 / 1, 6);
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.reminders("red"));
        // TWO: 12 May 2028, more than 6 months away; its own reminders follow in time.
        portal.expiry.upgrade(portal.callerOf("owner@pearl.example"), caseId, "TWO", "ONE");
        MOLAR_ASSERT_CONTAINS(
            "<p class=\"expiry expiry-none\">Included revisions and retainers expire on May 12, 2028</p>",
            page(portal, caseId));
        runTheJob(portal);
        portal.setUtc(2027_y / 11 / 20, 6);
        runTheJob(portal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.reminders("bold"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM molar_jobs WHERE payload LIKE ? AND payload LIKE ?",
                         {"%\"level\":\"bold\"%", "%\"expiresOn\":\"2028-05-12\"%"}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.reminders());
    }

    void aTypeThatNeverExpiresShowsNoDate()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        portal.acceptedWith(caseId, "ONE");
        portal.ship(caseId);
        // FLEX never expires and is off the upgrade path (set directly: the standard
        // upload offers ONE and TWO).
        portal.db().execute("UPDATE aligner_cases SET plan_type = 'FLEX' WHERE case_id = ?", {caseId});
        portal.advance(AlignersPortal::kDayMs);
        const std::string body = page(portal, caseId);
        MOLAR_ASSERT_CONTAINS("Plan type: FLEX", body);
        MOLAR_ASSERT_NOT_CONTAINS("Included revisions and retainers expire", body);
        MOLAR_ASSERT_NOT_CONTAINS("/upgrade\"", body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExpiryTest);

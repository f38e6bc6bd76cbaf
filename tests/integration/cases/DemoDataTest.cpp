// The demo's cases: spread over past weeks, each case number carries the lab's date
// of its submission, and its times follow one another.
#include "CasesPortal.h"

#include "eta/WorkingCalendar.h"

using namespace molar::test;

class DemoDataTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DemoDataTest);
    CPPUNIT_TEST(numbersAndDatesAgree);
    CPPUNIT_TEST_SUITE_END();

public:
    void numbersAndDatesAgree()
    {
        CasesPortal cases;
        cases.portal().seedPluginDemoData();
        auto rows =
            cases.db().query("SELECT id, number, created_at, submitted_at, updated_at FROM cases_cases "
                             "WHERE status <> 'draft' ORDER BY submitted_at");
        CPPUNIT_ASSERT(rows.size() >= 19);
        const std::int64_t now =
            std::chrono::duration_cast<std::chrono::seconds>(cases.clock.now().time_since_epoch()).count();
        // Weeks back, not today.
        CPPUNIT_ASSERT(rows.get(0, "submitted_at").asInt() < now - 14 * 24 * 3600);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const std::string number = rows.get(r, "number").toString();
            const std::int64_t created = rows.get(r, "created_at").asInt();
            const std::int64_t submitted = rows.get(r, "submitted_at").asInt();
            const std::int64_t updated = rows.get(r, "updated_at").asInt();
            // TR-YYMMDD-XXXX: the date in the lab's zone.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                number, molar::cases::formatInZone(submitted, "Asia/Qatar", "%y%m%d"), number.substr(3, 6));
            CPPUNIT_ASSERT_MESSAGE(number, created <= submitted && submitted <= updated && updated <= now);
            auto submission =
                cases.db().query("SELECT at FROM cases_activity WHERE case_id = ? AND kind = 'submitted'",
                                 {rows.get(r, "id")});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(number, submitted, submission.get(0, "at").asInt());
            auto later = cases.db().query(
                "SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND (at < ? OR at > ?)",
                {rows.get(r, "id"), created, now});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(number, std::int64_t(0), later.row(0).at(0).asInt());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DemoDataTest);

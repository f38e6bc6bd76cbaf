// The public tracker forgets a delivered case: cases.tracker.visibleDaysAfterDelivery
// days after its delivery, its number answers exactly as an unknown one does.
#include "CasesPortal.h"

using namespace molar::test;

class TrackerExpiryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TrackerExpiryTest);
    CPPUNIT_TEST(aDeliveredCaseShowsUntilItsLastDayThenAnswersAsUnknown);
    CPPUNIT_TEST(zeroDaysKeepsADeliveredCaseForever);
    CPPUNIT_TEST(aCancelledCaseIsNotForgotten);
    CPPUNIT_TEST(outOfRangeDaysStopStartUp);
    CPPUNIT_TEST_SUITE_END();

    static constexpr auto DAY = std::chrono::hours(24);

    // A crown case taken to delivered at the clock's time; answers its number.
    static std::string deliveredCase(CasesPortal& cases, const std::string& patientRef)
    {
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, patientRef);
        const std::string number = cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        for (const char* action : {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action, 303, admin->post(base + action, {}).status);
        return number;
    }

    // The same answer as for `unknown`, whose number the page echoes in its form.
    static void assertAnswersAsUnknown(const Answer& hidden, const std::string& number, Answer unknown,
                                       const std::string& unknownNumber)
    {
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);
        CPPUNIT_ASSERT_EQUAL(unknown.status, hidden.status);
        std::string expected = unknown.body;
        for (auto at = expected.find(unknownNumber); at != std::string::npos;
             at = expected.find(unknownNumber, at + number.size()))
            expected.replace(at, unknownNumber.size(), number);
        CPPUNIT_ASSERT_EQUAL(expected, hidden.body);
        for (const char* header : {"Cache-Control", "X-Robots-Tag", "Content-Type"})
            CPPUNIT_ASSERT_EQUAL(unknown.header(header), hidden.header(header));
    }

    void aDeliveredCaseShowsUntilItsLastDayThenAnswersAsUnknown()
    {
        CasesPortal cases;
        const std::string number = deliveredCase(cases, "P-330");
        HttpBrowser stranger(cases.portal());
        cases.clock.advance(29 * DAY);
        const Answer dayBefore = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, dayBefore.status);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">Delivered</li>", dayBefore.body);
        cases.clock.advance(DAY);
        CPPUNIT_ASSERT_EQUAL(200, stranger.get("/track/" + number).status); // the 30th day
        cases.clock.advance(DAY);
        const Answer dayAfter = stranger.get("/track/" + number);
        // An unknown number of the same shape: the same digits but for the last hex one.
        std::string unknownNumber = number;
        unknownNumber.back() = unknownNumber.back() == '0' ? '1' : '0';
        assertAnswersAsUnknown(dayAfter, number, stranger.get("/track/" + unknownNumber), unknownNumber);
        MOLAR_ASSERT_NOT_CONTAINS("Delivered", dayAfter.body);
        // A remake request opens the case again: it shows once more.
        auto rows = cases.db().query("SELECT id FROM cases_cases WHERE number = ?", {number});
        auto dentist = cases.pearlDentist();
        const std::string remake =
            "/cases/" + std::to_string(rows.get(0, "id").asInt()) + "/actions/request_remake";
        CPPUNIT_ASSERT_EQUAL(303, dentist->post(remake, {{"reason", "Shade"}}).status);
        CPPUNIT_ASSERT_EQUAL(200, stranger.get("/track/" + number).status);
    }

    void zeroDaysKeepsADeliveredCaseForever()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.tracker.visibleDaysAfterDelivery", "0"}});
        const std::string number = deliveredCase(cases, "P-331");
        cases.clock.advance(3650 * DAY);
        HttpBrowser stranger(cases.portal());
        const Answer page = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">Delivered</li>", page.body);
    }

    void aCancelledCaseIsNotForgotten()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.tracker.visibleDaysAfterDelivery", "1"}});
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-332");
        const std::string number = cases.submit(*dentist, id);
        CPPUNIT_ASSERT_EQUAL(
            303,
            admin->post("/cases/" + std::to_string(id) + "/actions/cancel", {{"reason", "Patient moved"}})
                .status);
        cases.clock.advance(10 * DAY);
        HttpBrowser stranger(cases.portal());
        const Answer page = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">Cancelled</li>", page.body);
    }

    void outOfRangeDaysStopStartUp()
    {
        for (const char* days : {"-1", "3651", "thirty"}) {
            bool refused = false;
            try {
                CasesPortal cases(DemoPortal::Settings{{"cases.tracker.visibleDaysAfterDelivery", days}});
            } catch (const std::exception& e) {
                refused = std::string(e.what()).find("visibleDaysAfterDelivery") != std::string::npos;
            }
            CPPUNIT_ASSERT_MESSAGE(days, refused);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TrackerExpiryTest);

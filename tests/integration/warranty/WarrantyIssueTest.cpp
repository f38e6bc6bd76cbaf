// Warranties issued by the loaded plugin when the lab delivers a case, on SQLite and
// MariaDB: the card's details copied at issue (restoration, teeth, clinic), the days in
// the lab's zone, once per case however often it is delivered, none for a product without
// a term; the case's timeline, the audit log and the clinic's owners and dentist told.
#include "WarrantyPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

class WarrantyIssueTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WarrantyIssueTest);
    CPPUNIT_TEST(testDeliveredCrownGetsItsWarranty);
    CPPUNIT_TEST(testOnlyDeliveryIssuesOne);
    CPPUNIT_TEST(testDeliveredAgainKeepsTheFirst);
    CPPUNIT_TEST(testProductWithoutTermGetsNone);
    CPPUNIT_TEST(testLateEveningIsTheLabsNextDay);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDeliveredCrownGetsItsWarranty()
    {
        WarrantyPortal portal;
        const std::int64_t caseId = portal.submittedCrown();
        const std::string number = portal.number(caseId);
        portal.deliver(caseId);

        auto rows = portal.db().query("SELECT * FROM warranty_cards WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL("W-" + number, rows.get(0, "number").toString());
        CPPUNIT_ASSERT_EQUAL(number, rows.get(0, "case_number").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), rows.get(0, "restoration").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("11"), rows.get(0, "teeth").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(120), rows.get(0, "term_months").asInt());
        // Tuesday 2026-05-12 in Qatar; ten years on.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), rows.get(0, "issued_on").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("2036-05-12"), rows.get(0, "expires_on").toString());
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), rows.get(0, "check_code").toString().size());
        const std::string clinic = portal.text(
            "SELECT c.name FROM molar_clinics c JOIN cases_cases k ON k.clinic_id = c.id WHERE k.id = ?",
            {caseId});
        CPPUNIT_ASSERT(!clinic.empty());
        CPPUNIT_ASSERT_EQUAL(clinic, rows.get(0, "clinic_name").toString());

        // On the case's timeline, in the audit log, and told to the clinic.
        auto owner = portal.pearlOwner();
        const Answer page = owner->get("/cases/" + std::to_string(caseId));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT_MESSAGE(page.body,
                               page.body.find("Warranty W-" + number + " issued") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'warranty.issued' AND object_id = ?",
                                                           {"W-" + number}));
        portal.settle();
        const std::int64_t told =
            portal.count("SELECT COUNT(*) FROM molar_notifications n JOIN molar_users u ON u.id = n.user_id "
                         "WHERE n.rule = "
                         "'warranty_issued' AND u.email IN ('owner@pearl.example', 'dentist@pearl.example')");
        CPPUNIT_ASSERT(told >= 2);
        CPPUNIT_ASSERT_EQUAL(
            told, portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'warranty_issued'"));
    }

    void testOnlyDeliveryIssuesOne()
    {
        WarrantyPortal portal;
        const std::int64_t caseId = portal.submittedCrown();
        portal.act(caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.warrantyOf(caseId));
        portal.act(caseId, {"deliver"});
        CPPUNIT_ASSERT(portal.warrantyOf(caseId) != 0);
    }

    void testDeliveredAgainKeepsTheFirst()
    {
        WarrantyPortal portal;
        const std::int64_t caseId = portal.submittedCrown();
        portal.deliver(caseId);
        const std::string code =
            portal.text("SELECT check_code FROM warranty_cards WHERE case_id = ?", {caseId});

        // A remake, a year later, delivered again.
        portal.clock.advance(std::chrono::hours(24 * 365));
        portal.act(caseId, {"request_remake"}, "Chipped at the margin");
        portal.act(caseId, {"restart", "to_production", "to_finishing", "to_qc", "ship", "deliver"});

        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT COUNT(*) FROM warranty_cards WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(
            code, portal.text("SELECT check_code FROM warranty_cards WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("2036-05-12"),
            portal.text("SELECT expires_on FROM warranty_cards WHERE case_id = ?", {caseId}));
    }

    void testProductWithoutTermGetsNone()
    {
        WarrantyPortal portal(DemoPortal::Settings{{"cases.product.zirconia_crown.warrantyMonths", "0"}});
        const std::int64_t caseId = portal.submittedCrown();
        portal.deliver(caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), portal.status(caseId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM warranty_cards"));
    }

    void testLateEveningIsTheLabsNextDay()
    {
        WarrantyPortal portal;
        const std::int64_t caseId = portal.submittedCrown();
        portal.act(caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship"});
        // 2026-05-31 22:30 UTC is already June 1st in Qatar: a warranty from June 1st.
        portal.clock.advance(std::chrono::seconds(1780266600 - 1778565600));
        portal.act(caseId, {"deliver"});
        CPPUNIT_ASSERT_EQUAL(std::string("2026-06-01"),
                             portal.text("SELECT issued_on FROM warranty_cards WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("2036-06-01"),
            portal.text("SELECT expires_on FROM warranty_cards WHERE case_id = ?", {caseId}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WarrantyIssueTest);

// An owner removes a clinic while the cases plugin is enabled: the host asks the plugin
// (sdk::ClinicRecords) whether any case names it. A clinic a draft or case names is
// archived, audited, gone from the wizard and refused on submission; a clinic no case
// names is deleted.
#include "CasesPortal.h"

using namespace molar::test;

class ClinicRemovalTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ClinicRemovalTest);
    CPPUNIT_TEST(aClinicWithCasesIsArchivedNotDeleted);
    CPPUNIT_TEST(aClinicNoCaseNamesIsDeleted);
    CPPUNIT_TEST_SUITE_END();

    static std::string removePath(std::int64_t clinicId)
    {
        return "/organization/clinics/" + std::to_string(clinicId) + "/remove";
    }

public:
    void aClinicWithCasesIsArchivedNotDeleted()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t westBay = cases.firstClinicOf("owner@pearl.example");
        const std::int64_t submitted = cases.completeCrownDraft(*dentist, "P-700");
        cases.submit(*dentist, submitted);
        const std::int64_t draft = cases.completeCrownDraft(*dentist, "P-701");
        MOLAR_ASSERT_CONTAINS("Pearl Dental West Bay", dentist->get("/cases/new").body);

        auto owner = cases.pearlOwner();
        MOLAR_ASSERT_CONTAINS("Remove the clinic Pearl Dental West Bay?",
                              owner->get(removePath(westBay)).body);
        const Answer removed = owner->post(removePath(westBay), {});
        CPPUNIT_ASSERT_EQUAL(303, removed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/organization/clinics?done=archived"), removed.header("Location"));

        // Kept, for the cases that name it, and marked archived.
        auto rows = cases.db().query("SELECT archived_at FROM molar_clinics WHERE id = ?", {westBay});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT(!rows.get(0, "archived_at").isNull());
        CPPUNIT_ASSERT_EQUAL(westBay,
                             cases.db()
                                 .query("SELECT clinic_id FROM cases_cases WHERE id = ?", {submitted})
                                 .get(0, "clinic_id")
                                 .asInt());
        auto audit = cases.db().query("SELECT detail, organization_id FROM molar_audit WHERE action = "
                                      "'clinic.archived' AND object_id = ?",
                                      {std::to_string(westBay)});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), audit.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Pearl Dental West Bay (records kept by cases)"),
                             audit.get(0, "detail").asString());

        // The owner sees it archived, with nothing left to remove.
        const Answer page = owner->get("/organization/clinics?done=archived");
        MOLAR_ASSERT_CONTAINS("so it is archived", page.body);
        MOLAR_ASSERT_CONTAINS("<li translate=\"no\">Pearl Dental West Bay · Tower 12, West Bay, Doha</li>",
                              page.body);
        MOLAR_ASSERT_NOT_CONTAINS("href=\"" + removePath(westBay) + "\"", page.body);
        CPPUNIT_ASSERT_EQUAL(404, owner->get(removePath(westBay)).status);

        // The case sent from it still says so.
        MOLAR_ASSERT_CONTAINS("Pearl Dental West Bay",
                              dentist->get("/cases/" + std::to_string(submitted)).body);

        // No new work names it: not offered by the wizard, and a draft that named it is refused.
        MOLAR_ASSERT_NOT_CONTAINS("Pearl Dental West Bay", dentist->get("/cases/new").body);
        const Answer refused = dentist->post("/cases/" + std::to_string(draft) + "/submit", {});
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        MOLAR_ASSERT_CONTAINS("Choose one of your practice", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), cases.status(draft));
        // Choosing the clinic in use again lets it go.
        const std::string base = "/cases/" + std::to_string(draft);
        CasesPortal::expectRedirect(dentist->post(base + "/edit/details", {{"patientRef", "P-701"}}),
                                    base + "/edit/product");
        CPPUNIT_ASSERT(!cases.submit(*dentist, draft).empty());
    }

    void aClinicNoCaseNamesIsDeleted()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        cases.completeCrownDraft(*dentist, "P-702"); // at West Bay
        auto owner = cases.pearlOwner();
        auto rows = cases.db().query("SELECT id FROM molar_clinics WHERE name = ?", {"Pearl Dental Al Sadd"});
        const std::int64_t alSadd = rows.get(0, "id").asInt();
        const Answer removed = owner->post(removePath(alSadd), {});
        CPPUNIT_ASSERT_EQUAL(303, removed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/organization/clinics?done=removed"), removed.header("Location"));
        CPPUNIT_ASSERT(cases.db().query("SELECT id FROM molar_clinics WHERE id = ?", {alSadd}).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cases.db()
                                                 .query("SELECT id FROM molar_audit WHERE action = "
                                                        "'clinic.removed' AND object_id = ?",
                                                        {std::to_string(alSadd)})
                                                 .size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClinicRemovalTest);

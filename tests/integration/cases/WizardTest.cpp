// The new-case wizard over HTTP: drafts saved at every step, server-side checks
// with messages beside the field, submission with a unique number.
#include "CasesPortal.h"

#include <regex>
#include <set>
#include <thread>

using namespace molar::test;

class WizardTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WizardTest);
    CPPUNIT_TEST(completedWizardSubmitsWithANumberAnEventAndAnAuditEntry);
    CPPUNIT_TEST(everyStepSavesTheDraft);
    CPPUNIT_TEST(badInputIsRefusedBesideItsFieldAndKeepsTheDraft);
    CPPUNIT_TEST(incompleteDraftCannotBeSubmitted);
    CPPUNIT_TEST(submittedCaseCanNoLongerBeEditedOrDeleted);
    CPPUNIT_TEST(draftCanBeDeleted);
    CPPUNIT_TEST(universalNumberingIsStoredAsFdi);
    CPPUNIT_TEST(concurrentSubmitsGetUniqueNumbersDespiteCollisions);
    CPPUNIT_TEST(dueTimeFollowsTheWorkingCalendar);
    CPPUNIT_TEST_SUITE_END();

public:
    void completedWizardSubmitsWithANumberAnEventAndAnAuditEntry()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-001");
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), cases.status(id));
        const Answer confirm = dentist->get("/cases/" + std::to_string(id) + "/submit");
        CPPUNIT_ASSERT_EQUAL(200, confirm.status);
        MOLAR_ASSERT_CONTAINS("Yes, submit the case", confirm.body);

        const std::string number = cases.submit(*dentist, id);
        // 2026-05-12 in Qatar.
        CPPUNIT_ASSERT_MESSAGE(number, std::regex_match(number, std::regex("TR-260512-[0-9A-F]{4}")));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cases.status(id));
        auto audit =
            cases.db().query("SELECT COUNT(*) AS n FROM molar_audit WHERE action = 'case.submitted' AND "
                             "object_id = ?",
                             {number});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), audit.get(0, "n").asInt());
        const Answer page = dentist->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS(number, page.body);
        MOLAR_ASSERT_CONTAINS(">http://127.0.0.1:8080/track/" + number + "</a>", page.body); // http.publicUrl
        MOLAR_ASSERT_CONTAINS("Received", page.body);
    }

    void everyStepSavesTheDraft()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        Answer created = dentist->post(
            "/cases/new", {{"patientRef", "P-002"},
                           {"clinic", std::to_string(cases.firstClinicOf("owner@pearl.example"))}});
        const std::string base =
            created.header("Location").substr(0, created.header("Location").find("/edit/"));
        dentist->post(base + "/edit/product", {{"product", "clear_aligners"}});
        dentist->post(base + "/edit/teeth", {{"arches", "both"}, {"tooth-13", "do_not_move"}});
        // Leaving and coming back finds what was saved.
        const Answer teeth = dentist->get(base + "/edit/teeth");
        MOLAR_ASSERT_CONTAINS("value=\"both\" checked", teeth.body);
        auto row = cases.db().query("SELECT product, arches, teeth FROM cases_cases WHERE id = ?",
                                    {std::stoll(base.substr(7))});
        CPPUNIT_ASSERT_EQUAL(std::string("clear_aligners"), row.get(0, "product").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("both"), row.get(0, "arches").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("13:do_not_move"), row.get(0, "teeth").toString());
    }

    void badInputIsRefusedBesideItsFieldAndKeepsTheDraft()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        Answer noRef = dentist->post("/cases/new", {{"patientRef", "<script>"}});
        CPPUNIT_ASSERT_EQUAL(400, noRef.status);
        MOLAR_ASSERT_CONTAINS("id=\"patientRef-error\"", noRef.body);
        MOLAR_ASSERT_CONTAINS("id=\"clinic-error\"", noRef.body); // Pearl has two clinics
        MOLAR_ASSERT_NOT_CONTAINS("<script>", noRef.body);

        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-003");
        const std::string base = "/cases/" + std::to_string(id);
        Answer shade = dentist->post(base + "/edit/shade", {{"shade", "classical:Z9"}});
        CPPUNIT_ASSERT_EQUAL(400, shade.status);
        MOLAR_ASSERT_CONTAINS("id=\"shade-error\"", shade.body);
        Answer fields = dentist->post(base + "/edit/fields", {{"field-margin", "sideways"}});
        CPPUNIT_ASSERT_EQUAL(400, fields.status);
        MOLAR_ASSERT_CONTAINS("id=\"field-margin-error\"", fields.body);
        // What was saved before stays.
        auto row = cases.db().query("SELECT shade, fields FROM cases_cases WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("A2"), row.get(0, "shade").toString());
        MOLAR_ASSERT_CONTAINS("margin=chamfer", row.get(0, "fields").toString());
    }

    void incompleteDraftCannotBeSubmitted()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        Answer created = dentist->post(
            "/cases/new", {{"patientRef", "P-004"},
                           {"clinic", std::to_string(cases.firstClinicOf("owner@pearl.example"))}});
        const std::string base =
            created.header("Location").substr(0, created.header("Location").find("/edit/"));
        const Answer confirm = dentist->get(base + "/submit");
        MOLAR_ASSERT_CONTAINS("a product", confirm.body);
        MOLAR_ASSERT_CONTAINS("disabled", confirm.body);
        const Answer submit = dentist->post(base + "/submit", {});
        CPPUNIT_ASSERT_EQUAL(400, submit.status);
        const std::int64_t id = std::stoll(base.substr(7));
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), cases.status(id));
        CPPUNIT_ASSERT_EQUAL(std::string(), cases.number(id));
    }

    void submittedCaseCanNoLongerBeEditedOrDeleted()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-005");
        const std::string number = cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id);
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(base + "/edit/shade", {{"shade", "classical:A3"}}).status);
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(base + "/delete", {}).status);
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(base + "/submit", {}).status);
        CPPUNIT_ASSERT_EQUAL(number, cases.number(id));
    }

    void draftCanBeDeleted()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-006");
        const Answer deleted = dentist->post("/cases/" + std::to_string(id) + "/delete", {});
        CasesPortal::expectRedirect(deleted, "/cases?deleted=1");
        auto rows = cases.db().query("SELECT id FROM cases_cases WHERE id = ?", {id});
        CPPUNIT_ASSERT(rows.empty());
    }

    void universalNumberingIsStoredAsFdi()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-007");
        const std::string base = "/cases/" + std::to_string(id);
        const Answer chart = dentist->get(base + "/edit/teeth?numbering=universal");
        // FDI 11 is Universal 8: the label changes, the field name stays canonical.
        MOLAR_ASSERT_CONTAINS("<label for=\"tooth-11\">Tooth 8</label>", chart.body);
        dentist->post(base + "/edit/teeth", {{"numbering", "universal"}, {"tooth-21", "crown"}});
        auto row = cases.db().query("SELECT teeth, numbering FROM cases_cases WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("21:crown"), row.get(0, "teeth").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("universal"), row.get(0, "numbering").toString());
        const Answer page = dentist->get(base);
        MOLAR_ASSERT_CONTAINS("<li><span translate=\"no\">9</span>: Crown</li>", page.body);
    }

    void concurrentSubmitsGetUniqueNumbersDespiteCollisions()
    {
        CasesPortal cases;
        // Half of today's numbers are taken, so most submissions draw a used one
        // first and must draw again.
        cases.db().transaction([&](molar::sdk::Transaction& tx) {
            for (int n = 0; n < 65536; n += 2) {
                char suffix[8];
                std::snprintf(suffix, sizeof suffix, "%04X", n);
                tx.execute(
                    "INSERT INTO cases_cases (number, organization_id, owner_user_id, created_by, status, "
                    "fields, created_at, updated_at) VALUES (?, 999, 0, 0, 'delivered', '', 0, 0)",
                    {std::string("TR-260512-") + suffix});
            }
        });
        std::vector<std::unique_ptr<HttpBrowser>> dentists;
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 8; ++i) {
            dentists.push_back(cases.pearlDentist());
            ids.push_back(cases.completeCrownDraft(*dentists.back(), "P-1" + std::to_string(i)));
        }
        std::vector<std::thread> threads;
        std::vector<int> statuses(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i)
            threads.emplace_back([&, i] {
                statuses[i] = dentists[i]->post("/cases/" + std::to_string(ids[i]) + "/submit", {}).status;
            });
        for (auto& t : threads)
            t.join();
        std::set<std::string> numbers;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            CPPUNIT_ASSERT_EQUAL(303, statuses[i]);
            numbers.insert(cases.number(ids[i]));
        }
        CPPUNIT_ASSERT_EQUAL(ids.size(), numbers.size());
    }

    void dueTimeFollowsTheWorkingCalendar()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-008");
        cases.submit(*dentist, id);
        // 40 working hours from Tuesday 09:00 Qatar, 10 hours a day, Sun-Thu:
        // Tue, Wed, Thu, then Sun: due Sunday 2026-05-17 19:00 Qatar = 16:00 UTC.
        auto row = cases.db().query("SELECT due_at FROM cases_cases WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1779033600), row.get(0, "due_at").asInt());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WizardTest);

// Aligner cases ask the patient's details as aligner portals do (gender, date of birth,
// country, and the names where the lab allows them); the clinic corrects the name on the
// case page, audited without the names. None of it reaches the tracker, events or the audit.
#include "CasesPortal.h"

using namespace molar::test;

class PatientDetailsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PatientDetailsTest);
    CPPUNIT_TEST(theWizardStoresAnAlignerPatientsDetails);
    CPPUNIT_TEST(refusalsShowBesideTheirFields);
    CPPUNIT_TEST(withoutNamesTheStepAsksNone);
    CPPUNIT_TEST(theClinicCorrectsTheNameAudited);
    CPPUNIT_TEST(onlyTheCasesClinicCorrectsTheName);
    CPPUNIT_TEST_SUITE_END();

    static DemoPortal::Settings withNames() { return {{"cases.patientNames", "true"}}; }

    // A clear aligners draft through the patient step (with `patient`, which must be
    // accepted), then every step to the confirmation; answers its id.
    static std::int64_t alignerDraft(CasesPortal& cases, HttpBrowser& browser,
                                     const std::map<std::string, std::string>& patient)
    {
        const Answer created = browser.post(
            "/cases/new", {{"patientRef", "P-700"},
                           {"clinic", std::to_string(cases.firstClinicOf("owner@pearl.example"))}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 303, created.status);
        const std::string location = created.header("Location");
        const std::string base = location.substr(0, location.find("/edit/"));
        CasesPortal::expectRedirect(browser.post(base + "/edit/product", {{"product", "clear_aligners"}}),
                                    base + "/edit/patient");
        std::vector<std::pair<std::string, std::string>> form(patient.begin(), patient.end());
        CasesPortal::expectRedirect(browser.post(base + "/edit/patient", form), base + "/edit/teeth");
        CasesPortal::expectRedirect(browser.post(base + "/edit/teeth", {{"arches", "both"}}),
                                    base + "/edit/fields");
        CasesPortal::expectRedirect(
            browser.post(base + "/edit/fields", {{"field-impression", "intraoral_scan"},
                                                 {"field-treatment_type", "full_7_7"},
                                                 {"field-overjet", "maintain"},
                                                 {"field-overbite", "maintain"},
                                                 {"field-midline", "maintain"},
                                                 {"field-ipr", "as_recommended"},
                                                 {"field-attachments", "as_recommended"},
                                                 {"field-design", "standard"}}),
            base + "/edit/files");
        CasesPortal::expectRedirect(
            browser.post(base + "/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}),
            base + "?created=1");
        return std::stoll(base.substr(std::string("/cases/").size()));
    }

    static std::string column(CasesPortal& cases, std::int64_t id, const std::string& name)
    {
        return cases.db()
            .query("SELECT " + name + " AS v FROM cases_cases WHERE id = ?", {id})
            .get(0, "v")
            .toString();
    }

    // Nowhere but the case: not in the jobs events become, nor in the audit log.
    static void assertKeptToTheCase(CasesPortal& cases, const std::string& text)
    {
        const std::string like = "%" + text + "%";
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            text, std::int64_t(0),
            cases.db()
                .query("SELECT COUNT(*) AS n FROM molar_jobs WHERE payload LIKE ?", {like})
                .get(0, "n")
                .asInt());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            text, std::int64_t(0),
            cases.db()
                .query("SELECT COUNT(*) AS n FROM molar_audit WHERE detail LIKE ?", {like})
                .get(0, "n")
                .asInt());
    }

    void theWizardStoresAnAlignerPatientsDetails()
    {
        CasesPortal cases(withNames());
        auto dentist = cases.pearlDentist();
        const std::int64_t id = alignerDraft(cases, *dentist,
                                             {{"firstName", "Jane"},
                                              {"lastName", "Haddad"},
                                              {"gender", "female"},
                                              {"birthDate", "2010-04-25"},
                                              {"country", "QA"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Jane"), column(cases, id, "patient_first_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Haddad"), column(cases, id, "patient_last_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Jane Haddad"), column(cases, id, "patient_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("female"), column(cases, id, "patient_gender"));
        CPPUNIT_ASSERT_EQUAL(std::string("2010-04-25"), column(cases, id, "patient_birth_date"));
        CPPUNIT_ASSERT_EQUAL(std::string("QA"), column(cases, id, "patient_country"));
        const std::string number = cases.submit(*dentist, id);
        const Answer page = dentist->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("<dd translate=\"no\">Jane Haddad</dd>", page.body);
        MOLAR_ASSERT_CONTAINS("<dt>Gender</dt><dd>Female</dd>", page.body);
        MOLAR_ASSERT_CONTAINS("<dt>Date of birth</dt><dd translate=\"no\">Apr 25, 2010</dd>", page.body);
        MOLAR_ASSERT_CONTAINS("<dt>Country</dt><dd>Qatar</dd>", page.body);
        // The lab plans with them too.
        MOLAR_ASSERT_CONTAINS("<dd translate=\"no\">Apr 25, 2010</dd>",
                              cases.labAdmin()->get("/cases/" + std::to_string(id)).body);
        HttpBrowser stranger(cases.portal());
        const Answer tracker = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, tracker.status);
        for (const char* text : {"Haddad", "2010-04-25", "Apr 25, 2010", "Female"})
            MOLAR_ASSERT_NOT_CONTAINS(text, tracker.body);
        for (const char* text : {"Haddad", "2010-04-25"})
            assertKeptToTheCase(cases, text);
    }

    void refusalsShowBesideTheirFields()
    {
        CasesPortal cases(withNames());
        auto dentist = cases.pearlDentist();
        const Answer created = dentist->post(
            "/cases/new", {{"patientRef", "P-701"},
                           {"clinic", std::to_string(cases.firstClinicOf("owner@pearl.example"))}});
        const std::string base =
            created.header("Location").substr(0, created.header("Location").find("/edit/"));
        dentist->post(base + "/edit/product", {{"product", "retainer"}});
        const Answer step = dentist->get(base + "/edit/patient");
        CPPUNIT_ASSERT_EQUAL(200, step.status);
        MOLAR_ASSERT_CONTAINS("<label for=\"birthDate\">Date of birth</label>", step.body);
        MOLAR_ASSERT_CONTAINS("type=\"date\" id=\"birthDate\"", step.body);
        MOLAR_ASSERT_CONTAINS("max=\"2026-05-12\"", step.body); // today, by the portal's clock
        // The Gulf first, in the configured order.
        MOLAR_ASSERT_CONTAINS(
            "<option value=\"QA\" >Qatar</option><option value=\"AE\" >United Arab Emirates</option>",
            step.body);
        const Answer refused = dentist->post(
            base + "/edit/patient",
            {{"firstName", "Jane"}, {"gender", "unknown"}, {"birthDate", "2026-05-13"}, {"country", "XX"}});
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        MOLAR_ASSERT_CONTAINS("id=\"lastName-error\">Enter the patient&apos;s last name.", refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"birthDate-error\">The date of birth cannot be in the future.",
                              refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"gender-error\"", refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"country-error\"", refused.body);
        MOLAR_ASSERT_CONTAINS("value=\"Jane\"", refused.body); // kept to be corrected
        const Answer early =
            dentist->post(base + "/edit/patient", {{"lastName", "Doe"}, {"birthDate", "1899-12-31"}});
        MOLAR_ASSERT_CONTAINS("id=\"birthDate-error\">The date of birth cannot be before 1900.", early.body);
        const std::int64_t id = std::stoll(base.substr(7));
        CPPUNIT_ASSERT_EQUAL(std::string(""), column(cases, id, "patient_birth_date"));
        // A day later the same date is fine.
        cases.clock.advance(std::chrono::hours(24));
        dentist = cases.pearlDentist(); // signed in again: the session has lapsed
        CasesPortal::expectRedirect(
            dentist->post(base + "/edit/patient", {{"lastName", "Doe"}, {"birthDate", "2026-05-13"}}),
            base + "/edit/teeth");
    }

    void withoutNamesTheStepAsksNone()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = alignerDraft(cases, *dentist, {{"gender", "male"}, {"country", "IN"}});
        CPPUNIT_ASSERT_EQUAL(std::string(""), column(cases, id, "patient_last_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("IN"), column(cases, id, "patient_country"));
        const std::string base = "/cases/" + std::to_string(id);
        MOLAR_ASSERT_NOT_CONTAINS("name=\"lastName\"", dentist->get(base + "/edit/patient").body);
        cases.submit(*dentist, id);
        // Nothing to correct where names are not allowed.
        const Answer page = dentist->get(base);
        MOLAR_ASSERT_NOT_CONTAINS("Correct the patient", page.body);
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(base + "/patient-name", {{"lastName", "Doe"}}).status);
    }

    void theClinicCorrectsTheNameAudited()
    {
        CasesPortal cases(withNames());
        auto dentist = cases.pearlDentist();
        const std::int64_t id = alignerDraft(cases, *dentist, {{"firstName", "Jane"}, {"lastName", "Hadad"}});
        const std::string number = cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id);
        auto owner = cases.pearlOwner();
        const Answer page = owner->get(base);
        MOLAR_ASSERT_CONTAINS("<h2 id=\"rename-heading\">Correct the patient", page.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"rename-last\">Last name</label>", page.body);
        // A blank last name is refused beside it, and nothing changes.
        const Answer blank = owner->post(base + "/patient-name", {{"firstName", "Jane"}, {"lastName", " "}});
        CPPUNIT_ASSERT_EQUAL(400, blank.status);
        MOLAR_ASSERT_CONTAINS("id=\"rename-last-error\">Enter the patient&apos;s last name.", blank.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Hadad"), column(cases, id, "patient_last_name"));

        CasesPortal::expectRedirect(
            owner->post(base + "/patient-name", {{"firstName", "Jane"}, {"lastName", "Haddad"}}),
            base + "?renamed=1");
        CPPUNIT_ASSERT_EQUAL(std::string("Haddad"), column(cases, id, "patient_last_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Jane Haddad"), column(cases, id, "patient_name"));
        auto audit = cases.db().query("SELECT detail, object_id, organization_id FROM molar_audit WHERE "
                                      "action = 'case.patient_renamed'");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), audit.size());
        CPPUNIT_ASSERT_EQUAL(std::string("last name"), audit.get(0, "detail").toString());
        CPPUNIT_ASSERT_EQUAL(number, audit.get(0, "object_id").toString());
        const Answer after = dentist->get(base);
        MOLAR_ASSERT_CONTAINS("name was corrected.", owner->get(base + "?renamed=1").body);
        MOLAR_ASSERT_CONTAINS("Patient name corrected", after.body);
        MOLAR_ASSERT_CONTAINS("<dd translate=\"no\">Jane Haddad</dd>", after.body);
        MOLAR_ASSERT_CONTAINS("Patient name corrected", cases.labAdmin()->get(base).body);
        // In every language of the portal.
        for (const auto& [language, words] : {std::pair<std::string, std::string>{"ar", "صُحّح اسم المريض"},
                                              {"fr", "Nom du patient corrigé"}}) {
            owner->setCookie("molar_lang", language);
            MOLAR_ASSERT_CONTAINS("<strong>" + words + "</strong>", owner->get(base).body);
        }
        // The same name again changes nothing and records nothing.
        CasesPortal::expectRedirect(
            owner->post(base + "/patient-name", {{"firstName", "Jane"}, {"lastName", "Haddad"}}),
            base + "?renamed=1");
        // Both parts at once, then named in one entry; the names stay out of the log.
        owner->post(base + "/patient-name", {{"firstName", "Janet"}, {"lastName", "Khoury"}});
        audit = cases.db().query(
            "SELECT detail FROM molar_audit WHERE action = 'case.patient_renamed' ORDER BY id");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), audit.size());
        CPPUNIT_ASSERT_EQUAL(std::string("first name and last name"), audit.get(1, "detail").toString());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            cases.db()
                .query("SELECT COUNT(*) AS n FROM cases_activity WHERE case_id = ? AND kind = "
                       "'patient_renamed'",
                       {id})
                .get(0, "n")
                .asInt());
        for (const char* text : {"Hadad", "Haddad", "Janet", "Khoury"})
            assertKeptToTheCase(cases, text);
    }

    void onlyTheCasesClinicCorrectsTheName()
    {
        CasesPortal cases(withNames());
        auto dentist = cases.pearlDentist();
        const std::int64_t id = alignerDraft(cases, *dentist, {{"lastName", "Hadad"}});
        const std::string path = "/cases/" + std::to_string(id) + "/patient-name";
        // Before submission the wizard holds the name.
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(path, {{"lastName", "Haddad"}}).status);
        cases.submit(*dentist, id);
        // Another organization's dentist: no such case, even with a bad name.
        auto other = cases.smileDentist();
        CPPUNIT_ASSERT_EQUAL(404, other->post(path, {{"lastName", "Haddad"}}).status);
        CPPUNIT_ASSERT_EQUAL(404, other->post(path, {{"lastName", ""}}).status);
        // The lab reads the name, and does not change it.
        auto lab = cases.labAdmin();
        MOLAR_ASSERT_NOT_CONTAINS("rename-heading", lab->get("/cases/" + std::to_string(id)).body);
        const Answer refused = lab->post(path, {{"lastName", "Haddad"}});
        CPPUNIT_ASSERT_MESSAGE(std::to_string(refused.status),
                               refused.status == 403 || refused.status == 404);
        CPPUNIT_ASSERT_EQUAL(std::string("Hadad"), column(cases, id, "patient_last_name"));
        // A crown case has no last name to correct.
        const std::int64_t crown = cases.completeCrownDraft(*dentist, "P-702");
        cases.submit(*dentist, crown);
        CPPUNIT_ASSERT_EQUAL(
            409,
            dentist->post("/cases/" + std::to_string(crown) + "/patient-name", {{"lastName", "Doe"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             cases.db()
                                 .query("SELECT COUNT(*) AS n FROM molar_audit WHERE action = "
                                        "'case.patient_renamed'")
                                 .get(0, "n")
                                 .asInt());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PatientDetailsTest);

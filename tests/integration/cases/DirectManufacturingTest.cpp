// Direct manufacturing: aligners made from the clinic's own STLs (product aligners_direct)
// need the upper and lower scans before they can be sent, recommend the bite, and go
// straight into production; planned aligners still start in planning.
#include "CasesPortal.h"

using namespace molar::test;

class DirectManufacturingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DirectManufacturingTest);
    CPPUNIT_TEST(theScansAreRequiredThenTheCaseGoesStraightIntoProduction);
    CPPUNIT_TEST(theMissingScansAreNamedInTheReadersLanguage);
    CPPUNIT_TEST(plannedAlignersStillStartInPlanning);
    CPPUNIT_TEST(remakesAndOrdersOfADirectCaseStartInProductionToo);
    CPPUNIT_TEST_SUITE_END();

    // An aligner draft of `product` through every step to the confirmation; `fields` are
    // its form's; answers its address, /cases/<id>.
    static std::string alignerDraft(CasesPortal& cases, HttpBrowser& browser, const std::string& product,
                                    const std::vector<std::pair<std::string, std::string>>& fields)
    {
        const Answer created = browser.post(
            "/cases/new", {{"patientRef", "P-900"},
                           {"clinic", std::to_string(cases.firstClinicOf("owner@pearl.example"))}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 303, created.status);
        const std::string location = created.header("Location");
        const std::string base = location.substr(0, location.find("/edit/"));
        CasesPortal::expectRedirect(browser.post(base + "/edit/product", {{"product", product}}),
                                    base + "/edit/patient");
        CasesPortal::expectRedirect(
            browser.post(base + "/edit/patient",
                         {{"gender", "female"}, {"birthDate", "2010-04-25"}, {"country", "QA"}}),
            base + "/edit/teeth");
        CasesPortal::expectRedirect(browser.post(base + "/edit/teeth", {{"arches", "both"}}),
                                    base + "/edit/fields");
        CasesPortal::expectRedirect(browser.post(base + "/edit/fields", fields), base + "/edit/files");
        CasesPortal::expectRedirect(
            browser.post(base + "/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}),
            base + "?created=1");
        return base;
    }

    static std::string directDraft(CasesPortal& cases, HttpBrowser& browser)
    {
        return alignerDraft(cases, browser, "aligners_direct", {{"field-impression", "intraoral_scan"}});
    }

    static void upload(HttpBrowser& browser, const std::string& base, const std::string& slot)
    {
        const Answer stored =
            browser.postFile(base + "/files", {{"slot", slot}}, "file", slot + ".stl", binaryStl(4));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(stored.body, 303, stored.status);
    }

    // The jobs of `event` on case `number`.
    static std::int64_t events(CasesPortal& cases, const std::string& event, const std::string& number)
    {
        return cases.db()
            .query("SELECT COUNT(*) AS n FROM molar_jobs WHERE payload LIKE ? AND payload LIKE ?",
                   {"%\"" + event + "\"%", "%" + number + "%"})
            .get(0, "n")
            .asInt();
    }

    static std::int64_t idOf(const std::string& base) { return std::stoll(base.substr(7)); }

public:
    void theScansAreRequiredThenTheCaseGoesStraightIntoProduction()
    {
        // A lab that tells clinics of receipt when a case enters production too: the
        // state's event is published on submission, as the entry state's is.
        CasesPortal cases(
            DemoPortal::Settings{{"cases.workflow.aligner.event.in_production", "case.received"}});
        auto dentist = cases.pearlDentist();
        const std::string base = directDraft(cases, *dentist);
        const std::int64_t id = idOf(base);

        // The files step says what the product needs and what it recommends.
        const Answer files = dentist->get(base + "/edit/files");
        CPPUNIT_ASSERT_EQUAL(200, files.status);
        MOLAR_ASSERT_CONTAINS("This product needs these scans before the case can be sent:", files.body);
        MOLAR_ASSERT_CONTAINS("<li data-slot=\"upper_scan\">Upper scan · not uploaded yet</li>", files.body);
        MOLAR_ASSERT_CONTAINS("<li data-slot=\"lower_scan\">Lower scan · not uploaded yet</li>", files.body);
        MOLAR_ASSERT_CONTAINS("Recommended, not required:", files.body);
        MOLAR_ASSERT_CONTAINS("<li data-slot=\"bite_scan\">Bite scan</li>", files.body);
        // Its own list replaces the planned aligners' hint about treatment plans.
        MOLAR_ASSERT_NOT_CONTAINS("for a treatment plan", files.body);

        // The upper scan alone: the confirmation names the lower one and offers no sending.
        upload(*dentist, base, "upper_scan");
        MOLAR_ASSERT_CONTAINS("<li data-slot=\"upper_scan\">Upper scan · uploaded</li>",
                              dentist->get(base + "/edit/files").body);
        const Answer confirm = dentist->get(base + "/submit");
        CPPUNIT_ASSERT_EQUAL(200, confirm.status);
        MOLAR_ASSERT_CONTAINS("<li>the scans the product needs: Lower scan</li>", confirm.body);
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\" disabled>", confirm.body);
        const Answer refused = dentist->post(base + "/submit", {});
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        MOLAR_ASSERT_CONTAINS("Lower scan: upload these scans before sending the case", refused.body);
        MOLAR_ASSERT_NOT_CONTAINS("Upper scan", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), cases.status(id));
        CPPUNIT_ASSERT_EQUAL(std::string(), cases.number(id));

        // A scan in another slot does not stand in for the lower arch.
        upload(*dentist, base, "scan");
        CPPUNIT_ASSERT_EQUAL(400, dentist->post(base + "/submit", {}).status);

        // Both arches (the bite only recommended): straight into production.
        upload(*dentist, base, "lower_scan");
        const Answer ready = dentist->get(base + "/submit");
        MOLAR_ASSERT_NOT_CONTAINS("the scans the product needs", ready.body);
        MOLAR_ASSERT_NOT_CONTAINS("<button type=\"submit\" disabled>", ready.body);
        const std::string number = cases.submit(*dentist, id);
        CPPUNIT_ASSERT(!number.empty());
        auto row = cases.db().query("SELECT status, stage, workflow FROM cases_cases WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), row.get(0, "status").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), row.get(0, "stage").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("aligner"), row.get(0, "workflow").toString());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            cases.db()
                .query("SELECT COUNT(*) AS n FROM molar_audit WHERE action = 'case.submitted' "
                       "AND object_id = ?",
                       {number})
                .get(0, "n")
                .asInt());

        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), events(cases, "case.received", number));

        // The timeline's submission says where the case went, to the clinic and the lab.
        const Answer page = dentist->get(base);
        MOLAR_ASSERT_CONTAINS("Draft → In production", page.body);
        MOLAR_ASSERT_CONTAINS("Sent straight to this step, as its product asks", page.body);
        const Answer lab = cases.labAdmin()->get(base);
        MOLAR_ASSERT_CONTAINS("Sent straight to this step, as its product asks", lab.body);
        // The lab ships it like any case in production.
        MOLAR_ASSERT_CONTAINS("/actions/ship", lab.body);
    }

    void theMissingScansAreNamedInTheReadersLanguage()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::string base = directDraft(cases, *dentist);
        for (const auto& [language, words] :
             {std::pair<std::string, std::string>{"fr", "les scans que le produit demande :"},
              {"ar", "المسوحات التي يحتاجها المنتج:"}}) {
            dentist->setCookie("molar_lang", language);
            const std::string page = dentist->get(base + "/submit").body;
            MOLAR_ASSERT_CONTAINS(words, page);
            MOLAR_ASSERT_NOT_CONTAINS("Upper scan", page);
        }
        dentist->setCookie("molar_lang", "fr");
        MOLAR_ASSERT_CONTAINS("Aligneurs à partir de vos STL (sans planification)", dentist->get(base).body);
        // The error page explains the status in the reader's language; the confirmation named the scans.
        CPPUNIT_ASSERT_EQUAL(400, dentist->post(base + "/submit", {}).status);
        MOLAR_ASSERT_CONTAINS("les scans que le produit demande : Scan supérieur, Scan inférieur",
                              dentist->get(base + "/submit").body);
    }

    void plannedAlignersStillStartInPlanning()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::string base = alignerDraft(cases, *dentist, "clear_aligners",
                                              {{"field-impression", "intraoral_scan"},
                                               {"field-treatment_type", "full_7_7"},
                                               {"field-overjet", "maintain"},
                                               {"field-overbite", "maintain"},
                                               {"field-midline", "maintain"},
                                               {"field-ipr", "as_recommended"},
                                               {"field-attachments", "as_recommended"},
                                               {"field-design", "standard"}});
        // No list of required scans: the hint about treatment plans instead.
        const Answer files = dentist->get(base + "/edit/files");
        MOLAR_ASSERT_NOT_CONTAINS("This product needs these scans", files.body);
        MOLAR_ASSERT_CONTAINS("for a treatment plan", files.body);
        // Sent without files, it starts where the aligner workflow starts.
        const std::string number = cases.submit(*dentist, idOf(base));
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), cases.status(idOf(base)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), events(cases, "case.received", number));
        MOLAR_ASSERT_NOT_CONTAINS("Sent straight to this step", dentist->get(base).body);
    }

    // Nothing to plan for them either: a warranty's remake and a later order of the same
    // product start where the product's cases start, unless the order names a state.
    void remakesAndOrdersOfADirectCaseStartInProductionToo()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::string base = directDraft(cases, *dentist);
        upload(*dentist, base, "upper_scan");
        upload(*dentist, base, "lower_scan");
        cases.submit(*dentist, idOf(base));
        auto publish = [&](const std::string& event, molar::sdk::Value payload) {
            cases.db().transaction(
                [&](molar::sdk::Transaction& tx) { cases.portal().events().publish(tx, event, payload); });
        };
        auto newest = [&] {
            return cases.db().query("SELECT MAX(id) AS id FROM cases_cases").get(0, "id").asInt();
        };
        publish("case.open_remake", molar::sdk::Value::object({{"caseId", idOf(base)}, {"noCharge", true}}));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), cases.status(newest()));
        publish("case.open_order", molar::sdk::Value::object({{"caseId", idOf(base)}, {"kind", "remake"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), cases.status(newest()));
        publish("case.open_order",
                molar::sdk::Value::object(
                    {{"caseId", idOf(base)}, {"kind", "refinement"}, {"startIn", "in_planning"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), cases.status(newest()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DirectManufacturingTest);

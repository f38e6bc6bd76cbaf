// Treatment plans with the loaded plugins, on SQLite and MariaDB: the lab uploads a
// version on a case in planning (the case waits for the clinic), the clinic asks for a
// modification (back to planning), the lab uploads version 2 and the clinic accepts its
// TWO option (into production, priced); every version is kept, only the case's
// organization decides, and a refused upload leaves no file behind.
#include "AlignersPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>

using namespace molar::test;

namespace {

std::size_t storedFiles(const std::string& root)
{
    std::size_t n = 0;
    if (std::filesystem::exists(root + "/aligners"))
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root + "/aligners"))
            n += entry.is_regular_file() ? 1 : 0;
    return n;
}

} // namespace

class PlanDecisionTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PlanDecisionTest);
    CPPUNIT_TEST(onlyAlignerCasesAreFollowed);
    CPPUNIT_TEST(theLabUploadsAVersionAndTheCaseWaitsForTheClinic);
    CPPUNIT_TEST(badUploadsAreRefusedBesideTheirFieldAndLeaveNoFile);
    CPPUNIT_TEST(modificationThenVersionTwoAcceptedWithTwo);
    CPPUNIT_TEST(rejectingNeedsAReason);
    CPPUNIT_TEST(onlyTheCasesOrganizationDecides);
    CPPUNIT_TEST(filesAreTheirCaseReadersOnly);
    CPPUNIT_TEST_SUITE_END();

public:
    void onlyAlignerCasesAreFollowed()
    {
        AlignersPortal portal;
        const std::int64_t aligners = portal.submittedAligners();
        auto dentist = portal.pearlDentist();
        const std::int64_t crown = portal.completeCrownDraft(*dentist, "P-CROWN");
        portal.submit(*dentist, crown);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM aligner_cases WHERE case_id = ?", {aligners}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT COUNT(*) FROM aligner_cases WHERE case_id = ?", {crown}));
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), portal.status(aligners));
        // A crown has no plan page: the same 404 as no case at all.
        CPPUNIT_ASSERT_EQUAL(404, portal.labAdmin()->get(AlignersPortal::planPath(crown)).status);
        CPPUNIT_ASSERT_EQUAL(404, portal.labAdmin()->get(AlignersPortal::planPath(999999)).status);
    }

    void theLabUploadsAVersionAndTheCaseWaitsForTheClinic()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        // The case page offers the plan page; the lab's form lists every plan type.
        auto admin = portal.labAdmin();
        MOLAR_ASSERT_CONTAINS(AlignersPortal::planPath(caseId),
                              admin->get("/cases/" + std::to_string(caseId)).body);
        const Answer form = admin->get(AlignersPortal::planPath(caseId) + "/plans/new");
        CPPUNIT_ASSERT_EQUAL(200, form.status);
        for (const char* type : {"UNLIMITED", "FLEX", "MINI", "ONE", "TWO", "THREE"})
            MOLAR_ASSERT_CONTAINS(std::string("name=\"offer_") + type + "\"", form.body);

        const std::int64_t planId = portal.uploadedPlan(caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("waiting_for_approval"), portal.status(caseId));
        auto plan = portal.db().query("SELECT * FROM aligner_plans WHERE id = ?", {planId});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), plan.get(0, "version").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("proposed"), plan.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20), plan.get(0, "steps_upper").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18), plan.get(0, "steps_lower").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("U3,U5"), plan.get(0, "engager_steps").toString());
        // Options priced from the plan types when uploaded, in minor units.
        auto options = portal.db().query("SELECT plan_type, planned_steps, price_minor, currency FROM "
                                         "aligner_plan_options WHERE plan_id = ? "
                                         "ORDER BY position",
                                         {planId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), options.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ONE"), options.get(0, "plan_type").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(480000), options.get(0, "price_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), options.get(1, "plan_type").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(590000), options.get(1, "price_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), options.get(1, "currency").toString());
        // Five files, each step file by its arch and number.
        auto files = portal.db().query("SELECT kind, arch, step, format FROM aligner_plan_files WHERE "
                                       "plan_id = ? ORDER BY kind, arch, step",
                                       {planId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), files.size());
        CPPUNIT_ASSERT_EQUAL(std::string("report"), files.get(0, "kind").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("lower"), files.get(1, "arch").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20), files.get(4, "step").asInt());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), storedFiles(portal.files.path()));
        // Told to the clinic, written on the timeline and in the audit log.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("plan.uploaded"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND kind = 'plan'",
                         {caseId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'aligners.plan_uploaded'"));
        // The dentist sees the options to choose from; the case page says the plan waits.
        auto dentist = portal.pearlDentist();
        const Answer page = dentist->get(AlignersPortal::planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("QAR\u00a05,900.00", page.body);
        MOLAR_ASSERT_CONTAINS("name=\"planType\" value=\"TWO\"", page.body);
        MOLAR_ASSERT_CONTAINS("Version 1 waits for your decision.",
                              dentist->get("/cases/" + std::to_string(caseId)).body);
        // A second upload while the clinic decides is refused: the case is not in planning.
        CPPUNIT_ASSERT_EQUAL(409, portal.uploadPlan(*admin, caseId).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), storedFiles(portal.files.path()));
    }

    void badUploadsAreRefusedBesideTheirFieldAndLeaveNoFile()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        auto tech = portal.technician();
        struct Bad
        {
            std::vector<FormPart> changes;
            std::string message;
        };
        const std::vector<Bad> bad{
            {{{"stepsUpper", "", "0"}, {"stepsLower", "", "0"}}, "At least one arch needs steps."},
            {{{"stepsUpper", "", "twenty"}}, "Give a whole number of steps from 0 to 200."},
            {{{"simulationUrl", "", "javascript:alert(1)"}}, "starting with https://"},
            {{{"engagersUpper", "", "3, 30"}}, "List step numbers of this arch"},
            {{{"offer_ONE", "", ""}, {"offer_TWO", "", ""}}, "Offer at least one option."},
            {{{"offer_MINI", "", "1"}, {"steps_MINI", "", "20"}},
             "This plan type does not cover that many steps."},
            {{{"upperSteps", "upper-3.stl", "just some text"}}, "A step file is not an STL model."},
            {{{"upperSteps", "Upper_final.stl", binaryStl(2)}},
             "STL with its step number, e.g. upper-05.stl"},
            {{{"lowerSteps", "lower-19.stl", binaryStl(2)}}, "number is beyond its arch"},
            {{{"report", "report.pdf", "not a pdf"}}, "The report is not a PDF."},
        };
        for (const auto& b : bad) {
            const Answer answer = portal.uploadPlan(*tech, caseId, b.changes);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(b.message, 400, answer.status);
            MOLAR_ASSERT_CONTAINS(b.message, answer.body);
            // What was typed is kept in the form.
            MOLAR_ASSERT_CONTAINS("Optimized attachments on 13 and 23", answer.body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(b.message, std::size_t(0), storedFiles(portal.files.path()));
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM aligner_plans"));
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), portal.status(caseId));
        // A clinic cannot upload (the route is the lab's); the lab's billing clerk neither.
        CPPUNIT_ASSERT_EQUAL(403, portal.uploadPlan(*portal.pearlDentist(), caseId).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM aligner_plans"));
    }

    void modificationThenVersionTwoAcceptedWithTwo()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t first = portal.uploadedPlan(caseId);
        auto dentist = portal.pearlDentist();
        const std::string base = "/aligners/plans/" + std::to_string(first);

        // Changes asked for without saying which: refused beside the field, nothing moves.
        const Answer empty = dentist->post(base + "/modify", {{"reason", "   "}});
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        MOLAR_ASSERT_CONTAINS("Write what should change", empty.body);
        CPPUNIT_ASSERT_EQUAL(std::string("waiting_for_approval"), portal.status(caseId));

        AlignersPortal::expectRedirect(
            dentist->post(base + "/modify", {{"reason", "Less IPR on the lower incisors, please"}}),
            AlignersPortal::planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), portal.status(caseId));
        CPPUNIT_ASSERT_EQUAL(std::string("modification_requested"), portal.planState(first));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("plan.modification_requested"));
        // The version asked about can no longer be accepted.
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(base + "/accept", {{"planType", "TWO"}}).status);

        const std::int64_t second = portal.uploadedPlan(caseId);
        CPPUNIT_ASSERT(second != first);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             portal.count("SELECT version FROM aligner_plans WHERE id = ?", {second}));
        // An option the plan does not offer is refused.
        const std::string next = "/aligners/plans/" + std::to_string(second);
        CPPUNIT_ASSERT_EQUAL(400, dentist->post(next + "/accept", {{"planType", "THREE"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("waiting_for_approval"), portal.status(caseId));

        AlignersPortal::expectRedirect(dentist->post(next + "/accept", {{"planType", "TWO"}}),
                                       AlignersPortal::planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), portal.status(caseId));
        auto plan = portal.db().query("SELECT * FROM aligner_plans WHERE id = ?", {second});
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), plan.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), plan.get(0, "chosen_type").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(590000), plan.get(0, "price_minor").asInt());
        auto kase =
            portal.db().query("SELECT plan_type, approved_at FROM aligner_cases WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), kase.get(0, "plan_type").toString());
        CPPUNIT_ASSERT_EQUAL(portal.nowMs(), kase.get(0, "approved_at").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("plan.accepted"));
        // Both versions kept and shown, newest first.
        const Answer page = dentist->get(AlignersPortal::planPath(caseId));
        const auto v2 = page.body.find("id=\"plan-2\"");
        const auto v1 = page.body.find("id=\"plan-1\"");
        CPPUNIT_ASSERT(v2 != std::string::npos && v1 != std::string::npos && v2 < v1);
        MOLAR_ASSERT_CONTAINS("Less IPR on the lower incisors, please", page.body);
        MOLAR_ASSERT_CONTAINS("Chosen option: TWO, QAR\u00a05,900.00", page.body);
        // Accepting twice changes nothing.
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(next + "/accept", {{"planType", "ONE"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("plan.accepted"));
    }

    void rejectingNeedsAReason()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        auto owner = portal.pearlOwner();
        const std::string reject = "/aligners/plans/" + std::to_string(planId) + "/reject";
        const Answer empty = owner->post(reject, {});
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        MOLAR_ASSERT_CONTAINS("id=\"reject-reason-error\"", empty.body);
        // The clinic's owner decides on its dentist's case.
        AlignersPortal::expectRedirect(
            owner->post(reject, {{"reason", "The patient chose another treatment"}}),
            AlignersPortal::planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(std::string("rejected"), portal.status(caseId));
        CPPUNIT_ASSERT_EQUAL(std::string("rejected"), portal.planState(planId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("plan.rejected"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'aligners.plan_rejected'"));
    }

    void onlyTheCasesOrganizationDecides()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        const std::string base = "/aligners/plans/" + std::to_string(planId);
        for (auto* other : {portal.smileDentist().release(),
                            portal.signIn("owner@smile.example", "demo smile owner").release()}) {
            std::unique_ptr<HttpBrowser> browser(other);
            CPPUNIT_ASSERT_EQUAL(404, browser->get(AlignersPortal::planPath(caseId)).status);
            CPPUNIT_ASSERT_EQUAL(404, browser->post(base + "/accept", {{"planType", "TWO"}}).status);
            CPPUNIT_ASSERT_EQUAL(404, browser->post(base + "/reject", {{"reason", "x"}}).status);
            CPPUNIT_ASSERT_EQUAL(404, browser->post(base + "/modify", {{"reason", "x"}}).status);
            CPPUNIT_ASSERT_EQUAL(404, browser->post(base + "/shares", {}).status);
        }
        // The lab reads the plan but does not decide for the clinic.
        auto admin = portal.labAdmin();
        CPPUNIT_ASSERT_EQUAL(200, admin->get(AlignersPortal::planPath(caseId)).status);
        CPPUNIT_ASSERT_EQUAL(403, admin->post(base + "/accept", {{"planType", "TWO"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("proposed"), portal.planState(planId));
        CPPUNIT_ASSERT_EQUAL(std::string("waiting_for_approval"), portal.status(caseId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.events("plan.accepted"));
    }

    void filesAreTheirCaseReadersOnly()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        const std::int64_t stl = portal.count(
            "SELECT id FROM aligner_plan_files WHERE plan_id = ? AND arch = 'upper' AND step = 5", {planId});
        const std::string href = "/aligners/files/" + std::to_string(stl);
        const Answer own = portal.pearlDentist()->get(href);
        CPPUNIT_ASSERT_EQUAL(200, own.status);
        CPPUNIT_ASSERT_EQUAL(binaryStl(5), own.body);
        CPPUNIT_ASSERT_EQUAL(std::string("model/stl"), own.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(404, portal.smileDentist()->get(href).status);
        CPPUNIT_ASSERT_EQUAL(404, portal.pearlDentist()->get("/aligners/files/999999").status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanDecisionTest);

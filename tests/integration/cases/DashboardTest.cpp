// The clinic's dashboard over HTTP: where / sends each kind of user, the counts by
// clinic stage, the cases waiting for the clinic, the recent activity, and nothing of
// another organization's.
#include "CasesPortal.h"

using namespace molar::test;

namespace {

// One stage's link on the dashboard, with its count, as the page writes it.
std::string stageCount(const std::string& stage, const std::string& label, int count)
{
    return "<a href=\"/cases?status=" + stage + "\"" + (count ? "" : " class=\"none\"") + ">" + label +
           " <span class=\"count\" translate=\"no\">" + std::to_string(count) + "</span></a>";
}

} // namespace

class DashboardTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DashboardTest);
    CPPUNIT_TEST(signedInUsersLandWhereTheyWork);
    CPPUNIT_TEST(publicHomeOffersTheTracker);
    CPPUNIT_TEST(countsWaitingCasesAndActivity);
    CPPUNIT_TEST(showsOnlyTheCallersOrganization);
    CPPUNIT_TEST(dentistSeesTheCasesTheyHold);
    CPPUNIT_TEST(trackerFormRefusesWhatIsNoCaseNumber);
    CPPUNIT_TEST(aHomeSectionThePluginLacksStopsStartUp);
    CPPUNIT_TEST_SUITE_END();

    static void act(HttpBrowser& browser, std::int64_t id, const std::string& action,
                    const std::string& reason = "")
    {
        Form form;
        if (!reason.empty())
            form.emplace_back("reason", reason);
        const Answer answer = browser.post("/cases/" + std::to_string(id) + "/actions/" + action, form);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(action + ": " + answer.body, 303, answer.status);
    }

public:
    void signedInUsersLandWhereTheyWork()
    {
        CasesPortal cases;
        for (auto* clinic : {cases.pearlDentist().release(), cases.pearlOwner().release()}) {
            std::unique_ptr<HttpBrowser> browser(clinic);
            const Answer home = browser->get("/");
            CPPUNIT_ASSERT_EQUAL(303, home.status);
            CPPUNIT_ASSERT_EQUAL(std::string("/cases/dashboard"), home.header("Location"));
            const Answer dashboard = browser->get("/cases/dashboard");
            CPPUNIT_ASSERT_EQUAL(200, dashboard.status);
            MOLAR_ASSERT_CONTAINS("<a href=\"/cases/dashboard\" aria-current=\"page\">Dashboard</a>",
                                  dashboard.body);
            MOLAR_ASSERT_CONTAINS("<a class=\"button\" href=\"/cases/new\">Send a case</a>", dashboard.body);
        }
        for (auto* lab : {cases.labAdmin().release(), cases.technician().release()}) {
            std::unique_ptr<HttpBrowser> browser(lab);
            const Answer home = browser->get("/");
            CPPUNIT_ASSERT_EQUAL(303, home.status);
            CPPUNIT_ASSERT_EQUAL(std::string("/lab/cases"), home.header("Location"));
            // The dashboard is the clinics'; the lab has no menu item for it.
            CPPUNIT_ASSERT_EQUAL(403, browser->get("/cases/dashboard").status);
            MOLAR_ASSERT_NOT_CONTAINS("Dashboard", browser->get("/lab/cases").body);
        }
        HttpBrowser visitor(cases.portal());
        CPPUNIT_ASSERT_EQUAL(303, visitor.get("/cases/dashboard").status); // to the sign-in page
    }

    void publicHomeOffersTheTracker()
    {
        CasesPortal cases;
        HttpBrowser visitor(cases.portal());
        const Answer home = visitor.get("/");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_CONTAINS("<h2 id=\"home-track-heading\">Track a case</h2>", home.body);
        MOLAR_ASSERT_CONTAINS("<form method=\"get\" action=\"/track\"", home.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"home-track-number\">Case number</label>", home.body);
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\">Track</button>", home.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/sign-in\">", home.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/register\">", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("Modules on this portal", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("1.0.0", home.body);
    }

    void countsWaitingCasesAndActivity()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t designed = cases.completeCrownDraft(*dentist, "P-201");
        const std::string designedNumber = cases.submit(*dentist, designed);
        act(*admin, designed, "accept");
        const std::int64_t held = cases.completeCrownDraft(*dentist, "P-202");
        const std::string heldNumber = cases.submit(*dentist, held);
        act(*admin, held, "hold", "The scan of 11 is cut off");
        const std::int64_t received = cases.completeCrownDraft(*dentist, "P-203");
        const std::string receivedNumber = cases.submit(*dentist, received);
        const std::int64_t draft = cases.completeCrownDraft(*dentist, "P-204");

        const Answer page = cases.pearlOwner()->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS(stageCount("received", "Received", 1), page.body);
        MOLAR_ASSERT_CONTAINS(stageCount("in_design", "In design", 1), page.body);
        MOLAR_ASSERT_CONTAINS(stageCount("on_hold", "On hold", 1), page.body);
        MOLAR_ASSERT_CONTAINS(stageCount("manufacturing", "Manufacturing", 0), page.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases\">All cases</a> (<span translate=\"no\">3</span>)",
                              page.body);

        // Waiting for the clinic: the held case (with the lab's reason) and the draft.
        const std::string waiting = page.body.substr(page.body.find("dashboard-waiting-heading\">"));
        const std::string waitingList = waiting.substr(0, waiting.find("</section>"));
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(held) + "\"><span translate=\"no\">" +
                                  heldNumber + "</span></a>",
                              waitingList);
        MOLAR_ASSERT_CONTAINS(
            "<strong>On hold</strong>: <span translate=\"no\">The scan of 11 is cut off</span>", waitingList);
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(draft) + "\">Draft</a>", waitingList);
        MOLAR_ASSERT_CONTAINS("Draft not sent yet", waitingList);
        MOLAR_ASSERT_NOT_CONTAINS(receivedNumber, waitingList);
        MOLAR_ASSERT_NOT_CONTAINS(designedNumber, waitingList);
        CPPUNIT_ASSERT(waitingList.find(heldNumber) < waitingList.find("Draft not sent yet"));

        // Recent activity: stage changes in the clinic's words, newest first.
        const std::string recent = page.body.substr(page.body.find("dashboard-recent-heading\">"));
        MOLAR_ASSERT_CONTAINS("<strong>Received → In design</strong>", recent);
        MOLAR_ASSERT_CONTAINS(
            "<strong>Received → On hold</strong> · <span translate=\"no\">The scan of 11 is cut off</span>",
            recent);
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(designed) + "\" translate=\"no\">" +
                                  designedNumber + "</a>",
                              recent);
        MOLAR_ASSERT_NOT_CONTAINS("Design</strong>", recent); // the lab's status names
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(received) + "\" translate=\"no\">" +
                                  receivedNumber + "</a> · <strong>Submitted</strong>",
                              recent);
        MOLAR_ASSERT_CONTAINS("<p class=\"hint\">Times are shown in ", recent);
    }

    void showsOnlyTheCallersOrganization()
    {
        CasesPortal cases;
        auto pearl = cases.pearlDentist();
        auto smile = cases.smileDentist();
        const std::int64_t pearlCase = cases.completeCrownDraft(*pearl, "PEARL-1");
        const std::string pearlNumber = cases.submit(*pearl, pearlCase);
        const std::int64_t pearlDraft = cases.completeCrownDraft(*pearl, "PEARL-2");
        const std::int64_t smileCase = cases.completeCrownDraft(*smile, "SMILE-1", "owner@smile.example");
        const std::string smileNumber = cases.submit(*smile, smileCase);
        act(*cases.labAdmin(), smileCase, "hold", "Smile's secret reason");

        const Answer smilePage = smile->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, smilePage.status);
        MOLAR_ASSERT_CONTAINS(smileNumber, smilePage.body);
        MOLAR_ASSERT_CONTAINS(stageCount("received", "Received", 0), smilePage.body);
        MOLAR_ASSERT_CONTAINS(stageCount("on_hold", "On hold", 1), smilePage.body);
        MOLAR_ASSERT_NOT_CONTAINS(pearlNumber, smilePage.body);
        MOLAR_ASSERT_NOT_CONTAINS("/cases/" + std::to_string(pearlCase) + "\"", smilePage.body);
        MOLAR_ASSERT_NOT_CONTAINS("/cases/" + std::to_string(pearlDraft) + "\"", smilePage.body);

        for (auto* browser : {pearl.get(), cases.pearlOwner().release()}) {
            const Answer pearlPage = browser->get("/cases/dashboard");
            MOLAR_ASSERT_CONTAINS(pearlNumber, pearlPage.body);
            MOLAR_ASSERT_CONTAINS(stageCount("received", "Received", 1), pearlPage.body);
            MOLAR_ASSERT_CONTAINS(stageCount("on_hold", "On hold", 0), pearlPage.body);
            MOLAR_ASSERT_NOT_CONTAINS(smileNumber, pearlPage.body);
            MOLAR_ASSERT_NOT_CONTAINS("Smile's secret reason", pearlPage.body);
            if (browser != pearl.get())
                delete browser;
        }
    }

    void dentistSeesTheCasesTheyHold()
    {
        CasesPortal cases;
        auto owner = cases.pearlOwner();
        const std::int64_t ownersCase = cases.completeCrownDraft(*owner, "OWNER-1");
        const std::string ownersNumber = cases.submit(*owner, ownersCase);
        // As in My cases: the dentist follows the cases they hold, the owner all of them.
        const Answer dentistPage = cases.pearlDentist()->get("/cases/dashboard");
        MOLAR_ASSERT_NOT_CONTAINS(ownersNumber, dentistPage.body);
        MOLAR_ASSERT_CONTAINS(stageCount("received", "Received", 0), dentistPage.body);
        MOLAR_ASSERT_CONTAINS(ownersNumber, owner->get("/cases/dashboard").body);
    }

    void trackerFormRefusesWhatIsNoCaseNumber()
    {
        CasesPortal cases;
        HttpBrowser visitor(cases.portal());
        const Answer good = visitor.get("/track?number=%20tr-260512-1a4f%20");
        CPPUNIT_ASSERT_EQUAL(303, good.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/track/TR-260512-1A4F"), good.header("Location"));
        for (const std::string& bad : std::vector<std::string>{"TR%2F..%2Fadmin", "TR-1%3Fx%3D1",
                                                               "%D8%AA%D8%B1-1", std::string(41, 'A')}) {
            const Answer answer = visitor.get("/track?number=" + bad);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 400, answer.status);
            CPPUNIT_ASSERT_EQUAL(std::string(), answer.header("Location"));
            MOLAR_ASSERT_CONTAINS("role=\"alert\">A case number has letters, digits and dashes only",
                                  answer.body);
            MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\"", answer.body);
        }
        // An empty form is just the form.
        CPPUNIT_ASSERT_EQUAL(200, visitor.get("/track?number=").status);
    }

    void aHomeSectionThePluginLacksStopsStartUp()
    {
        try {
            CasesPortal cases(DemoPortal::Settings{
                {"portal.home.sections.cases", "cases/home-track, cases/no-such-section"}});
            CPPUNIT_FAIL("started with a section the plugin does not have");
        } catch (const molar::host::StartupError& e) {
            MOLAR_ASSERT_CONTAINS("portal.home.sections.cases names cases/no-such-section", e.what());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DashboardTest);

// Other plugins' panels on the clinic's dashboard (Views::addPanel, SDK 1.8): each a
// section with its heading, text and link, in order, only to the viewers its source
// answers for; a source answering nothing (or failing) adds nothing.
#include "CasesPortal.h"

#include <atomic>
#include <stdexcept>

using namespace molar::test;
using molar::sdk::Panel;
using molar::sdk::Request;

namespace {

std::int64_t organizationOf(CasesPortal& cases, const std::string& email)
{
    return cases.db()
        .query("SELECT organization_id FROM molar_users WHERE email = ?", {email})
        .get(0, "organization_id")
        .asInt();
}

// What the dashboard shows between its own first section and the cases waiting for the clinic.
std::string panelsPart(const std::string& body)
{
    const std::size_t from = body.find("id=\"dashboard-stages-heading\"");
    const std::size_t to = body.find("<section aria-labelledby=\"dashboard-waiting-heading\">");
    CPPUNIT_ASSERT(from != std::string::npos && to != std::string::npos && from < to);
    return body.substr(from, to - from);
}

} // namespace

class DashboardPanelsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DashboardPanelsTest);
    CPPUNIT_TEST(panelsShowToTheClinicTheirSourceAnswersFor);
    CPPUNIT_TEST(aSourceAnsweringNothingShowsNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void panelsShowToTheClinicTheirSourceAnswersFor()
    {
        CasesPortal cases;
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        cases.portal().views().addPanel("credits", "clinic.dashboard", [pearl](Request& request) {
            std::vector<Panel> panels;
            if (request.principal() && request.principal()->organizationId == pearl)
                panels.push_back({"Credits", "Credit balance: QAR 12,345.00", "Credits", "/credits", 50});
            return panels;
        });
        cases.portal().views().addPanel("news", "clinic.dashboard", [](Request&) {
            return std::vector<Panel>{{"Lab <news>", "Closed on Friday", "", "/news", 10}};
        });
        cases.portal().views().addPanel("broken", "clinic.dashboard", [](Request&) -> std::vector<Panel> {
            throw std::runtime_error("the database went away");
        });
        cases.portal().views().addPanel("elsewhere", "lab.board", [](Request&) {
            return std::vector<Panel>{{"Not here", "", "Nowhere", "/nowhere", 1}};
        });

        const Answer page = cases.pearlOwner()->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        const std::string panels = panelsPart(page.body);
        // Each panel its own section under the dashboard's h1, smaller order first.
        MOLAR_ASSERT_CONTAINS("<section aria-labelledby=\"dashboard-panel-0\" class=\"dashboard-panel\">\n"
                              "  <h2 id=\"dashboard-panel-0\">Lab &lt;news&gt;</h2>\n"
                              "  <p>Closed on Friday</p>\n"
                              "  <p><a href=\"/news\">Lab &lt;news&gt;</a></p>",
                              panels);
        MOLAR_ASSERT_CONTAINS("<section aria-labelledby=\"dashboard-panel-1\" class=\"dashboard-panel\">\n"
                              "  <h2 id=\"dashboard-panel-1\">Credits</h2>\n"
                              "  <p>Credit balance: QAR 12,345.00</p>\n"
                              "  <p><a href=\"/credits\">Credits</a></p>",
                              panels);
        MOLAR_ASSERT_NOT_CONTAINS("dashboard-panel-2", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Not here", page.body);

        // Another organization's dentist: the lab's news, never Pearl's balance.
        const Answer smile = cases.smileDentist()->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, smile.status);
        MOLAR_ASSERT_CONTAINS("<h2 id=\"dashboard-panel-0\">Lab &lt;news&gt;</h2>", smile.body);
        MOLAR_ASSERT_NOT_CONTAINS("Credit balance", smile.body);
        MOLAR_ASSERT_NOT_CONTAINS("dashboard-panel-1", smile.body);
    }

    void aSourceAnsweringNothingShowsNothing()
    {
        CasesPortal cases;
        std::atomic<bool> asked{false};
        cases.portal().views().addPanel("credits", "clinic.dashboard", [&asked](Request&) {
            asked = true;
            return std::vector<Panel>{};
        });
        const Answer page = cases.pearlDentist()->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(asked.load());
        MOLAR_ASSERT_NOT_CONTAINS("dashboard-panel", page.body);
        MOLAR_ASSERT_CONTAINS("<h2 id=\"dashboard-waiting-heading\">", page.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DashboardPanelsTest);

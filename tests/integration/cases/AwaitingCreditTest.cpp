// A case held until its clinic's credit covers it: actions `by system` (await_credit,
// credit_arrived) are taken only through "case.move", never from a page or a route; the
// case goes back where it was; its owner may withdraw it; the lab's board, the tracker
// and the clinic's dashboard show it.
#include "CasesPortal.h"

#include "molar/sdk/Errors.h"

using namespace molar::test;

class AwaitingCreditTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AwaitingCreditTest);
    CPPUNIT_TEST(noUserTakesTheSystemsActions);
    CPPUNIT_TEST(creditArrivedReturnsTheCaseWhereItWas);
    CPPUNIT_TEST(theOwnerMayWithdrawACaseAwaitingCredit);
    CPPUNIT_TEST(theBoardTheTrackerAndTheDashboardShowIt);
    CPPUNIT_TEST_SUITE_END();

    // What the credits plugin publishes: 0 when the move was taken, else the refusal's status.
    static int move(CasesPortal& cases, std::int64_t id, const std::string& action)
    {
        try {
            cases.db().transaction([&](molar::sdk::Transaction& tx) {
                cases.portal().events().publish(tx, "case.move",
                                                molar::sdk::Value::object({{"caseId", id},
                                                                           {"action", action},
                                                                           {"actorUserId", 0},
                                                                           {"reason", "Balance too low"}}));
            });
        } catch (const molar::sdk::HttpError& e) {
            return e.status();
        }
        return 0;
    }

    static int act(HttpBrowser& browser, std::int64_t id, const std::string& action,
                   const std::string& reason = "")
    {
        Form form;
        if (!reason.empty())
            form.emplace_back("reason", reason);
        return browser.post("/cases/" + std::to_string(id) + "/actions/" + action, form).status;
    }

    static std::int64_t submitted(CasesPortal& cases, HttpBrowser& dentist, const std::string& patient)
    {
        const std::int64_t id = cases.completeCrownDraft(dentist, patient);
        cases.submit(dentist, id);
        return id;
    }

public:
    void noUserTakesTheSystemsActions()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto owner = cases.pearlOwner();
        auto admin = cases.labAdmin();
        const std::int64_t id = submitted(cases, *dentist, "P-900");
        const std::string page = "/cases/" + std::to_string(id);

        // Neither side has a button for them, nor may post them.
        for (HttpBrowser* browser : {admin.get(), owner.get()}) {
            const Answer shown = browser->get(page);
            CPPUNIT_ASSERT_EQUAL(200, shown.status);
            MOLAR_ASSERT_NOT_CONTAINS("/actions/await_credit", shown.body);
            MOLAR_ASSERT_NOT_CONTAINS("/actions/credit_arrived", shown.body);
            MOLAR_ASSERT_NOT_CONTAINS("Hold until credit arrives", shown.body);
            CPPUNIT_ASSERT_EQUAL(409, act(*browser, id, "await_credit", "Balance too low"));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cases.status(id));

        // The credits plugin holds it through case.move.
        CPPUNIT_ASSERT_EQUAL(0, move(cases, id, "await_credit"));
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), cases.status(id));
        const Answer held = admin->get(page);
        MOLAR_ASSERT_NOT_CONTAINS("/actions/credit_arrived", held.body);
        MOLAR_ASSERT_NOT_CONTAINS("Resume as credit arrived", held.body);
        // The lab neither lets it go, holds it nor cancels it: only a top-up or its owner ends it.
        CPPUNIT_ASSERT_EQUAL(409, act(*admin, id, "credit_arrived"));
        CPPUNIT_ASSERT_EQUAL(409, act(*admin, id, "hold", "Scan unclear"));
        CPPUNIT_ASSERT_EQUAL(409, act(*admin, id, "cancel", "Not paid"));
        CPPUNIT_ASSERT_EQUAL(409, act(*admin, id, "accept"));
        CPPUNIT_ASSERT_EQUAL(409, act(*dentist, id, "credit_arrived"));
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), cases.status(id));
        // Held once: a second hold is refused, and rolls its publisher back.
        CPPUNIT_ASSERT_EQUAL(409, move(cases, id, "await_credit"));
    }

    void creditArrivedReturnsTheCaseWhereItWas()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        // Held on arrival: back to received, where the lab takes it on.
        const std::int64_t received = submitted(cases, *dentist, "P-901");
        CPPUNIT_ASSERT_EQUAL(0, move(cases, received, "await_credit"));
        CPPUNIT_ASSERT_EQUAL(0, move(cases, received, "credit_arrived"));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cases.status(received));
        CPPUNIT_ASSERT_EQUAL(303, act(*admin, received, "accept"));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases.status(received));

        // Held while the lab prepared a quote: back to invoicing.
        const std::int64_t quoted = submitted(cases, *dentist, "P-902");
        CPPUNIT_ASSERT_EQUAL(303, act(*admin, quoted, "quote"));
        CPPUNIT_ASSERT_EQUAL(0, move(cases, quoted, "await_credit"));
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), cases.status(quoted));
        CPPUNIT_ASSERT_EQUAL(0, move(cases, quoted, "credit_arrived"));
        CPPUNIT_ASSERT_EQUAL(std::string("invoicing"), cases.status(quoted));
        // Only a held case is let go.
        CPPUNIT_ASSERT_EQUAL(409, move(cases, quoted, "credit_arrived"));
        CPPUNIT_ASSERT_EQUAL(std::string("invoicing"), cases.status(quoted));

        // The clinic reads both moves in its stages.
        const Answer page = dentist->get("/cases/" + std::to_string(quoted));
        MOLAR_ASSERT_CONTAINS("Accepted → Awaiting credit", page.body);
        MOLAR_ASSERT_CONTAINS("Awaiting credit → Accepted", page.body);
        auto audit = cases.db().query("SELECT COUNT(*) AS n FROM molar_audit WHERE action = "
                                      "'case.status_changed' AND object_id = ? AND detail LIKE ?",
                                      {cases.number(quoted), "%awaiting_credit%"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), audit.get(0, "n").asInt());
    }

    void theOwnerMayWithdrawACaseAwaitingCredit()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto owner = cases.pearlOwner();
        const std::int64_t id = submitted(cases, *dentist, "P-903");
        CPPUNIT_ASSERT_EQUAL(0, move(cases, id, "await_credit"));
        const Answer page = owner->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\" >Cancel the case</button>", page.body);
        CPPUNIT_ASSERT_EQUAL(409, act(*dentist, id, "cancel", "Too dear"));
        CPPUNIT_ASSERT_EQUAL(400, act(*owner, id, "cancel"));
        CPPUNIT_ASSERT_EQUAL(303, act(*owner, id, "cancel", "We will not top up"));
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), cases.status(id));
        // Nothing left to let go.
        CPPUNIT_ASSERT_EQUAL(409, move(cases, id, "credit_arrived"));
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), cases.status(id));
    }

    void theBoardTheTrackerAndTheDashboardShowIt()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = submitted(cases, *dentist, "P-904");
        const std::string number = cases.number(id);
        CPPUNIT_ASSERT_EQUAL(0, move(cases, id, "await_credit"));
        const std::string link = "href=\"/cases/" + std::to_string(id) + "\"";

        // The lab's board: among the open cases, and a column of its own.
        MOLAR_ASSERT_CONTAINS(link, admin->get("/lab/cases").body);
        const Answer column = admin->get("/lab/cases?status=awaiting_credit");
        CPPUNIT_ASSERT_EQUAL(200, column.status);
        MOLAR_ASSERT_CONTAINS(link, column.body);
        MOLAR_ASSERT_CONTAINS("Awaiting credit", column.body);

        // The tracker: where it stopped, then a neutral "On hold" (anyone with the number
        // reads it: a clinic's credit is none of their business), the way on still to come.
        HttpBrowser stranger(cases.portal());
        const Answer tracked = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, tracked.status);
        MOLAR_ASSERT_CONTAINS("Received<span class=\"step-state\"> (reached)", tracked.body);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">On hold</li>", tracked.body);
        MOLAR_ASSERT_NOT_CONTAINS("credit", tracked.body);
        MOLAR_ASSERT_CONTAINS(">Manufacturing</li>", tracked.body);
        MOLAR_ASSERT_NOT_CONTAINS("Balance too low", tracked.body);

        // The clinic's dashboard: counted in its stage and waiting for the clinic to top up.
        const Answer dashboard = cases.pearlOwner()->get("/cases/dashboard");
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases?status=awaiting_credit\">Awaiting credit <span "
                              "class=\"count\" translate=\"no\">1</span></a>",
                              dashboard.body);
        const std::string waiting =
            dashboard.body.substr(dashboard.body.find("dashboard-waiting-heading\">"));
        const std::string waitingList = waiting.substr(0, waiting.find("</section>"));
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(id) + "\"><span translate=\"no\">" +
                                  number + "</span></a>",
                              waitingList);
        MOLAR_ASSERT_CONTAINS("<strong>Awaiting credit: top up your balance</strong>", waitingList);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AwaitingCreditTest);

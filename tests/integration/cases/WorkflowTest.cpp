// The lab's side over HTTP: actions follow the workflow and its roles, every
// change is audited and timed, and nobody reaches another organization's case.
#include "CasesPortal.h"

using namespace molar::test;

class WorkflowTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WorkflowTest);
    CPPUNIT_TEST(labMovesACaseToDeliveredAndTheClinicSeesTheTimeline);
    CPPUNIT_TEST(clinicSeesStagesTheLabItsStatuses);
    CPPUNIT_TEST(rolesTheWorkflowDoesNotNameAreRefused);
    CPPUNIT_TEST(holdNeedsAReasonAndResumeReturnsToThePreviousState);
    CPPUNIT_TEST(unavailableActionsShowDisabled);
    CPPUNIT_TEST(ownerCancelsOnlyFromReceived);
    CPPUNIT_TEST(anotherOrganizationsCaseIsNotFound);
    CPPUNIT_TEST(labDoesNotSeeDrafts);
    CPPUNIT_TEST(assignmentAndMoveAreRecorded);
    CPPUNIT_TEST(labBoardNamesEachRowsPracticeAndTechnician);
    CPPUNIT_TEST(chatMessagesReachBothSidesAndTheTimeline);
    CPPUNIT_TEST(otherPluginsAddTimelineEntriesThroughAnEvent);
    CPPUNIT_TEST(badWorkflowStopsStartUpNamingTheKey);
    CPPUNIT_TEST_SUITE_END();

    static std::string act(HttpBrowser& browser, std::int64_t id, const std::string& action,
                           const std::string& reason = "")
    {
        Form form;
        if (!reason.empty())
            form.emplace_back("reason", reason);
        return std::to_string(
            browser.post("/cases/" + std::to_string(id) + "/actions/" + action, form).status);
    }

public:
    void labMovesACaseToDeliveredAndTheClinicSeesTheTimeline()
    {
        CasesPortal cases;
        // The dentist reads times in India; the lab works in Qatar.
        cases.db().execute(
            "UPDATE molar_users SET time_zone = 'Asia/Kolkata' WHERE email = 'dentist@pearl.example'");
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        auto tech = cases.technician();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-100");
        cases.submit(*dentist, id);
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*admin, id, "accept"));
        cases.clock.advance(std::chrono::minutes(5));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*tech, id, "to_production"));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*tech, id, "to_finishing"));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*tech, id, "to_qc"));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*admin, id, "ship"));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*admin, id, "deliver"));
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), cases.status(id));
        // Off the board's open cases, under Delivered.
        const std::string link = "href=\"/cases/" + std::to_string(id) + "\"";
        MOLAR_ASSERT_NOT_CONTAINS(link, admin->get("/lab/cases").body);
        MOLAR_ASSERT_CONTAINS(link, admin->get("/lab/cases?status=delivered").body);

        const Answer page = dentist->get("/cases/" + std::to_string(id));
        // Newest first: delivered before design.
        // The clinic reads its stages: no Finishing or Quality check, and no line for
        // the lab's steps within Manufacturing.
        const auto delivered = page.body.find("Out for delivery → Delivered");
        const auto design = page.body.find("Received → In design");
        MOLAR_ASSERT_CONTAINS("In design → Manufacturing", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Finishing", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Manufacturing → Manufacturing", page.body);
        CPPUNIT_ASSERT(delivered != std::string::npos && design != std::string::npos);
        CPPUNIT_ASSERT(delivered < design);
        // In the viewer's zone: accepted at 06:00 UTC, the rest five minutes later.
        MOLAR_ASSERT_CONTAINS("May 12, 2026, 11:35\u202fAM", page.body);
        MOLAR_ASSERT_CONTAINS("<time datetime=\"2026-05-12T06:05Z\">May 12, 2026, 11:35\u202fAM</time>",
                              page.body);
        MOLAR_ASSERT_CONTAINS("Times are shown in <span translate=\"no\">Asia/Kolkata</span>", page.body);
        // The lab admin chose no zone: the lab's (portal.timeZone), which the host gives.
        const Answer labPage = admin->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("Times are shown in <span translate=\"no\">Asia/Qatar</span>", labPage.body);
        MOLAR_ASSERT_CONTAINS("May 12, 2026, 9:05\u202fAM", labPage.body);
        auto audit = cases.db().query(
            "SELECT COUNT(*) AS n FROM molar_audit WHERE action = 'case.status_changed' AND object_id = ?",
            {cases.number(id)});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6), audit.get(0, "n").asInt());
    }

    void clinicSeesStagesTheLabItsStatuses()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-110");
        cases.submit(*dentist, id);
        const std::int64_t quoted = cases.completeCrownDraft(*dentist, "P-111");
        cases.submit(*dentist, quoted);
        cases.completeCrownDraft(*dentist, "P-112");
        for (const char* action : {"accept", "to_production", "to_finishing", "to_qc"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action, std::string("303"), act(*admin, id, action));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*admin, quoted, "quote"));

        // My cases: stages in the table, the quick filters and the status choice.
        const Answer list = dentist->get("/cases");
        MOLAR_ASSERT_CONTAINS("<td>Manufacturing</td>", list.body);
        MOLAR_ASSERT_CONTAINS("<td>Accepted</td>", list.body);
        MOLAR_ASSERT_CONTAINS(
            "href=\"/cases?status=manufacturing\" >Manufacturing <span class=\"count\">1</span>", list.body);
        MOLAR_ASSERT_CONTAINS("href=\"/cases?status=accepted\" >Accepted <span class=\"count\">1</span>",
                              list.body);
        MOLAR_ASSERT_CONTAINS("href=\"/cases?status=draft\" >Draft <span class=\"count\">1</span>",
                              list.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"out_for_delivery\" >Out for delivery</option>", list.body);
        for (const char* internal :
             {"Quality check", "Invoicing", "Finishing", "Production<", "value=\"qc\""})
            MOLAR_ASSERT_NOT_CONTAINS(internal, list.body);
        // A stage filter lists the cases in any of its statuses.
        const Answer manufacturing = dentist->get("/cases?status=manufacturing");
        MOLAR_ASSERT_CONTAINS("P-110", manufacturing.body);
        MOLAR_ASSERT_NOT_CONTAINS("P-111", manufacturing.body);
        MOLAR_ASSERT_CONTAINS("P-111", dentist->get("/cases?status=accepted").body);
        MOLAR_ASSERT_NOT_CONTAINS("P-110", dentist->get("/cases?status=qc").body);

        // The case page: its stage, and the timeline in stages.
        const Answer page = dentist->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("<span class=\"status-badge\">Manufacturing</span>", page.body);
        MOLAR_ASSERT_CONTAINS("In design → Manufacturing", page.body);
        for (const char* internal : {"Quality check", "Finishing", "Production", "Design →"})
            MOLAR_ASSERT_NOT_CONTAINS(internal, page.body);

        // The lab keeps its statuses.
        const Answer lab = admin->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("<span class=\"status-badge\">Quality check</span>", lab.body);
        MOLAR_ASSERT_CONTAINS("Production → Finishing", lab.body);
        MOLAR_ASSERT_CONTAINS("Finishing → Quality check", lab.body);
        MOLAR_ASSERT_CONTAINS("<td>Invoicing</td>", admin->get("/lab/cases").body);
    }

    void rolesTheWorkflowDoesNotNameAreRefused()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto tech = cases.technician();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-101");
        cases.submit(*dentist, id);
        // accept is for admins and leads; the clinic cannot move production.
        CPPUNIT_ASSERT_EQUAL(std::string("409"), act(*tech, id, "accept"));
        CPPUNIT_ASSERT_EQUAL(std::string("409"), act(*dentist, id, "accept"));
        CPPUNIT_ASSERT_EQUAL(std::string("409"), act(*dentist, id, "ship"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), act(*tech, id, "teleport"));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cases.status(id));
    }

    void holdNeedsAReasonAndResumeReturnsToThePreviousState()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-102");
        cases.submit(*dentist, id);
        act(*admin, id, "accept");
        CPPUNIT_ASSERT_EQUAL(std::string("400"), act(*admin, id, "hold"));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases.status(id));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*admin, id, "hold", "Margin unclear on the scan"));
        CPPUNIT_ASSERT_EQUAL(std::string("on_hold"), cases.status(id));
        const Answer held = dentist->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("Margin unclear on the scan", held.body);
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*admin, id, "resume"));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases.status(id));
    }

    void unavailableActionsShowDisabled()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-103");
        cases.submit(*dentist, id);
        const Answer page = admin->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\" >Receive and start design</button>", page.body);
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\" disabled>Ship</button>", page.body);
    }

    void ownerCancelsOnlyFromReceived()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto owner = cases.pearlOwner();
        auto admin = cases.labAdmin();
        const std::int64_t first = cases.completeCrownDraft(*dentist, "P-104");
        cases.submit(*dentist, first);
        CPPUNIT_ASSERT_EQUAL(std::string("400"), act(*owner, first, "cancel"));
        CPPUNIT_ASSERT_EQUAL(std::string("303"), act(*owner, first, "cancel", "Patient moved away"));
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), cases.status(first));
        const std::int64_t second = cases.completeCrownDraft(*dentist, "P-105");
        cases.submit(*dentist, second);
        act(*admin, second, "accept");
        CPPUNIT_ASSERT_EQUAL(std::string("409"), act(*owner, second, "cancel", "Too late"));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases.status(second));
    }

    void anotherOrganizationsCaseIsNotFound()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto stranger = cases.smileDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-106");
        const std::string base = "/cases/" + std::to_string(id);
        CPPUNIT_ASSERT_EQUAL(404, stranger->get(base).status);
        CPPUNIT_ASSERT_EQUAL(404, stranger->get(base + "/edit/shade").status);
        CPPUNIT_ASSERT_EQUAL(404, stranger->post(base + "/delete", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, stranger->post(base + "/submit", {}).status);
        cases.submit(*dentist, id);
        CPPUNIT_ASSERT_EQUAL(404, stranger->get(base).status);
        CPPUNIT_ASSERT_EQUAL(std::string("404"), act(*stranger, id, "deliver"));
        const Answer list = stranger->get("/cases?q=P-106");
        MOLAR_ASSERT_NOT_CONTAINS("<td>P-106</td>", list.body);
        // The owner of Pearl sees the dentist's case; the dentist of Smile never does.
        auto owner = cases.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(200, owner->get(base).status);
    }

    void labDoesNotSeeDrafts()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-107");
        CPPUNIT_ASSERT_EQUAL(404, admin->get("/cases/" + std::to_string(id)).status);
        MOLAR_ASSERT_NOT_CONTAINS("/cases/" + std::to_string(id) + "\"", admin->get("/lab/cases").body);
        cases.submit(*dentist, id);
        MOLAR_ASSERT_CONTAINS("/cases/" + std::to_string(id) + "\"", admin->get("/lab/cases").body);
    }

    // The board names every row's practice and assigned technician (asked for all rows
    // at once): each row its own, none on a row nobody was assigned.
    void labBoardNamesEachRowsPracticeAndTechnician()
    {
        CasesPortal cases;
        auto pearl = cases.pearlDentist();
        auto smile = cases.smileDentist();
        auto admin = cases.labAdmin();
        const std::int64_t pearlCase = cases.completeCrownDraft(*pearl, "P-120");
        const std::string pearlNumber = cases.submit(*pearl, pearlCase);
        cases.clock.advance(std::chrono::minutes(1));
        const std::int64_t smileCase = cases.completeCrownDraft(*smile, "S-120", "owner@smile.example");
        const std::string smileNumber = cases.submit(*smile, smileCase);
        auto tech = cases.db().query(
            "SELECT id, first_name, last_name FROM molar_users WHERE email = 'tech@lab.example'");
        CPPUNIT_ASSERT_EQUAL(303, admin
                                      ->post("/cases/" + std::to_string(pearlCase) + "/assign",
                                             {{"technician", std::to_string(tech.get(0, "id").asInt())}})
                                      .status);
        const auto organizationOf = [&](std::int64_t id) {
            return cases.db()
                .query(
                    "SELECT o.name FROM molar_organizations o JOIN cases_cases c ON c.organization_id = o.id "
                    "WHERE c.id = ?",
                    {id})
                .get(0, "name")
                .toString();
        };
        const std::string technician =
            tech.get(0, "first_name").toString() + " " + tech.get(0, "last_name").toString();

        const std::string board = admin->get("/lab/cases").body;
        const auto rowOf = [&](const std::string& number) {
            const auto start = board.find(">" + number + "</a>");
            CPPUNIT_ASSERT_MESSAGE(number, start != std::string::npos);
            return board.substr(start, board.find("</tr>", start) - start);
        };
        const std::string pearlRow = rowOf(pearlNumber);
        const std::string smileRow = rowOf(smileNumber);
        CPPUNIT_ASSERT(organizationOf(pearlCase) != organizationOf(smileCase));
        MOLAR_ASSERT_CONTAINS("<td translate=\"no\">" + organizationOf(pearlCase) + "</td>", pearlRow);
        MOLAR_ASSERT_CONTAINS("<td translate=\"no\">" + organizationOf(smileCase) + "</td>", smileRow);
        MOLAR_ASSERT_CONTAINS("<td translate=\"no\">" + technician + "</td>", pearlRow);
        MOLAR_ASSERT_NOT_CONTAINS(technician, smileRow);
        // Both are due days from now: no line about cases past their due time, not even "0".
        MOLAR_ASSERT_NOT_CONTAINS("past their due time", board);
    }

    void assignmentAndMoveAreRecorded()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto owner = cases.pearlOwner();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-108");
        cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id);
        auto tech = cases.db().query("SELECT id FROM molar_users WHERE email = 'tech@lab.example'");
        const std::string techId = std::to_string(tech.get(0, "id").asInt());
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "/assign", {{"technician", techId}}).status);
        auto row = cases.db().query("SELECT assigned_to FROM cases_cases WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(tech.get(0, "id").asInt(), row.get(0, "assigned_to").asInt());
        // A clinic user is no technician.
        auto ownerRow = cases.db().query("SELECT id FROM molar_users WHERE email = 'owner@pearl.example'");
        const std::string ownerId = std::to_string(ownerRow.get(0, "id").asInt());
        CPPUNIT_ASSERT_EQUAL(400, admin->post(base + "/assign", {{"technician", ownerId}}).status);
        // The owner hands the case to themself; a dentist may not move cases.
        CPPUNIT_ASSERT_EQUAL(403, dentist->post(base + "/move", {{"user", ownerId}}).status);
        CPPUNIT_ASSERT_EQUAL(303, owner->post(base + "/move", {{"user", ownerId}}).status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get(base).status); // no longer the dentist's case
        const Answer page = owner->get(base);
        MOLAR_ASSERT_CONTAINS("Technician assigned", page.body);
        MOLAR_ASSERT_CONTAINS("Moved to another dentist", page.body);
    }

    void chatMessagesReachBothSidesAndTheTimeline()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-109");
        cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id);
        const Answer sent =
            dentist->postFile(base + "/messages", {{"body", "Please check the distal margin"}}, "attachment",
                              "note.pdf", "%PDF-1.4\n%%EOF\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
        CPPUNIT_ASSERT_EQUAL(
            400, admin->postFile(base + "/messages", {{"body", "   "}}, "attachment", "", "").status);
        const Answer lab = admin->get(base);
        MOLAR_ASSERT_CONTAINS("Please check the distal margin", lab.body);
        MOLAR_ASSERT_CONTAINS("note.pdf", lab.body);
        auto events =
            cases.db().query("SELECT COUNT(*) AS n FROM molar_audit WHERE action = 'case.message_added'");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), events.get(0, "n").asInt());
    }

    void otherPluginsAddTimelineEntriesThroughAnEvent()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-110");
        const std::string number = cases.submit(*dentist, id);
        cases.db().transaction([&](molar::sdk::Transaction& tx) {
            cases.portal().events().publish(tx, "case.activity",
                                            molar::sdk::Value::object({{"number", number},
                                                                       {"kind", "invoice"},
                                                                       {"summary", "Invoice INV-0042 issued"},
                                                                       {"link", "/invoices/42"}}));
        });
        const Answer page = dentist->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("Invoice INV-0042 issued", page.body);
        MOLAR_ASSERT_CONTAINS("href=\"/invoices/42\"", page.body);
    }

    void badWorkflowStopsStartUpNamingTheKey()
    {
        std::string message;
        try {
            CasesPortal cases(
                DemoPortal::Settings{{"cases.workflow.restorative.action.ship", "qc -> shiped by admin"}});
        } catch (const std::exception& e) {
            message = e.what();
        }
        MOLAR_ASSERT_CONTAINS("cases.workflow.restorative.action.ship", message);
        MOLAR_ASSERT_CONTAINS("shiped", message);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkflowTest);

// "case.move": another plugin moves a case by a workflow action in its own transaction,
// as the system but only from the states the action names, naming the user who caused it.
#include "CasesPortal.h"

#include "molar/sdk/Errors.h"

using namespace molar::test;

class CaseMoveTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CaseMoveTest);
    CPPUNIT_TEST(aMoveRunsInThePublishersTransactionNamingTheUser);
    CPPUNIT_TEST(aMoveFromAStateTheActionDoesNotNameRollsTheWholeChangeBack);
    CPPUNIT_TEST_SUITE_END();

    static void move(CasesPortal& cases, std::int64_t id, const std::string& action, std::int64_t actor,
                     const std::string& reason,
                     const std::function<void(molar::sdk::Transaction&)>& before = {})
    {
        cases.db().transaction([&](molar::sdk::Transaction& tx) {
            if (before)
                before(tx);
            cases.portal().events().publish(
                tx, "case.move",
                molar::sdk::Value::object(
                    {{"caseId", id}, {"action", action}, {"actorUserId", actor}, {"reason", reason}}));
        });
    }

    static std::int64_t userId(CasesPortal& cases, const std::string& email)
    {
        return cases.db().query("SELECT id FROM molar_users WHERE email = ?", {email}).get(0, "id").asInt();
    }

public:
    void aMoveRunsInThePublishersTransactionNamingTheUser()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-800");
        cases.submit(*dentist, id);
        CPPUNIT_ASSERT_EQUAL(303, admin->post("/cases/" + std::to_string(id) + "/actions/quote", {}).status);
        // start_design is the lab's action; moved by the system for the clinic's dentist.
        const std::int64_t karim = userId(cases, "dentist@pearl.example");
        move(cases, id, "start_design", karim, "");
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases.status(id));
        auto row =
            cases.db().query("SELECT actor_user_id, actor_label FROM cases_activity WHERE case_id = ? AND "
                             "to_status = 'design'",
                             {id});
        CPPUNIT_ASSERT_EQUAL(karim, row.get(0, "actor_user_id").asInt());
        MOLAR_ASSERT_CONTAINS("Karim", row.get(0, "actor_label").toString());
        MOLAR_ASSERT_CONTAINS("Accepted → In design", dentist->get("/cases/" + std::to_string(id)).body);
        // A reason the action requires is passed on.
        const std::int64_t second = cases.completeCrownDraft(*dentist, "P-801");
        cases.submit(*dentist, second);
        move(cases, second, "cancel", 0, "Quote declined: too dear");
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), cases.status(second));
        MOLAR_ASSERT_CONTAINS("Quote declined: too dear",
                              dentist->get("/cases/" + std::to_string(second)).body);
    }

    void aMoveFromAStateTheActionDoesNotNameRollsTheWholeChangeBack()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-802");
        cases.submit(*dentist, id);
        // start_design leads out of invoicing only; the case is in received.
        int status = 0;
        try {
            move(cases, id, "start_design", 0, "", [&](molar::sdk::Transaction& tx) {
                tx.execute("UPDATE cases_cases SET patient_ref = 'changed' WHERE id = ?", {id});
            });
        } catch (const molar::sdk::HttpError& e) {
            status = e.status();
        }
        CPPUNIT_ASSERT_EQUAL(409, status);
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cases.status(id));
        // The publisher's own change went with it.
        CPPUNIT_ASSERT_EQUAL(std::string("P-802"),
                             cases.db()
                                 .query("SELECT patient_ref FROM cases_cases WHERE id = ?", {id})
                                 .get(0, "patient_ref")
                                 .toString());
        // A reason the action requires is still required.
        status = 0;
        try {
            move(cases, id, "cancel", 0, "");
        } catch (const molar::sdk::HttpError& e) {
            status = e.status();
        }
        CPPUNIT_ASSERT_EQUAL(400, status);
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cases.status(id));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CaseMoveTest);

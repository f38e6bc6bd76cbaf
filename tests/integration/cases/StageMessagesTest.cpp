// What the clinic is told as its case moves: one message per change of its stage,
// none for the lab's steps within a stage (production, finishing, quality check).
#include "CasesPortal.h"

#include <thread>

using namespace molar::test;

class StageMessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StageMessagesTest);
    CPPUNIT_TEST(oneMessagePerStageNotPerStatus);
    CPPUNIT_TEST_SUITE_END();

    // The clinic's stage messages queued for the dentist once every job has run.
    static std::int64_t stageMessages(CasesPortal& cases, const std::string& channel)
    {
        for (int i = 0; i < 500; ++i) {
            auto waiting = cases.db().query("SELECT COUNT(*) FROM molar_jobs WHERE state <> 'done'");
            if (waiting.row(0).at(0).asInt() == 0)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return cases.db()
            .query("SELECT COUNT(*) FROM molar_notifications n JOIN molar_users u ON u.id = n.user_id "
                   "WHERE n.rule = 'case_status' AND n.channel = ? AND u.email = 'dentist@pearl.example'",
                   {channel})
            .row(0)
            .at(0)
            .asInt();
    }

public:
    void oneMessagePerStageNotPerStatus()
    {
        CasesPortal cases(DemoPortal::Settings{{"notifications.logChannels", "email"}});
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-400");
        cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "accept", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), stageMessages(cases, "email")); // now in design
        // Production, finishing, quality check: one stage, Manufacturing, one message.
        for (const char* action : {"to_production", "to_finishing", "to_qc"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action, 303, admin->post(base + action, {}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), stageMessages(cases, "email"));
        auto manufacturing = cases.db().query("SELECT COUNT(*) FROM molar_notifications WHERE rule = "
                                              "'case_status' AND content LIKE '%Manufacturing%'");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), manufacturing.row(0).at(0).asInt());
        // Into the next stage: one more.
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "ship", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), stageMessages(cases, "email"));
        // Every move is still an event, with whether the clinic's stage changed.
        auto events =
            cases.db().query("SELECT COUNT(*) FROM molar_jobs WHERE payload LIKE '%case.status_changed%' "
                             "AND payload LIKE '%\"stageChanged\":false%'");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), events.row(0).at(0).asInt());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StageMessagesTest);

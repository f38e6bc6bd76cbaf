// Answers and low scores with the loaded plugin, on SQLite and MariaDB: an answer changed
// within nps.editHours and refused after, a score of 4 telling the lab's lead at once and
// opening a follow-up due 24 hours later, escalated to the lab's admins once when the
// clock passes it (by the service twice and by the plugin's job), and not at all when a
// lead closed it in time.
#include "NpsPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;
using molar::nps::NpsRefusal;

namespace {

template <typename Call> std::string refusalOf(Call call)
{
    try {
        call();
    } catch (const NpsRefusal& refusal) {
        return std::to_string(refusal.status()) + " " + refusal.key();
    }
    return "not refused";
}

} // namespace

class FeedbackFollowUpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FeedbackFollowUpTest);
    CPPUNIT_TEST(anAnswerChangesWithinEditHoursOnly);
    CPPUNIT_TEST(anUndeliveredCaseTakesNoAnswer);
    CPPUNIT_TEST(aFourAlertsTheLeadAndOpensAFollowUp);
    CPPUNIT_TEST(overdueIsEscalatedOnce);
    CPPUNIT_TEST(theJobEscalatesOnce);
    CPPUNIT_TEST(closedInTimeIsNotEscalated);
    CPPUNIT_TEST(aChangeToALowScoreOpensOneFollowUp);
    CPPUNIT_TEST_SUITE_END();

    static std::int64_t followUpOf(NpsPortal& portal, std::int64_t caseId)
    {
        auto rows = portal.db().query("SELECT id FROM nps_followups WHERE case_id = ?", {caseId});
        return rows.empty() ? 0 : rows.row(0).at(0).asInt();
    }

public:
    void anAnswerChangesWithinEditHoursOnly()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const auto dentist = portal.actorOf("dentist@pearl.example");
        const auto owner = portal.actorOf("owner@pearl.example");
        CPPUNIT_ASSERT(portal.service().answerAsMember(caseId, NpsPortal::form(9, "Good"), dentist).ok());
        const std::int64_t answeredAt = portal.nowMs();
        CPPUNIT_ASSERT(portal.service().editable(*portal.service().answerForCase(caseId)));
        // Any member of the clinic changes it within 48 hours; it stays the dentist's answer.
        portal.advance(48 * NpsPortal::kHourMs - 1);
        CPPUNIT_ASSERT(
            portal.service().answerAsMember(caseId, NpsPortal::form(10, "Very good", true), owner).ok());
        auto answer = *portal.service().answerForCase(caseId);
        CPPUNIT_ASSERT_EQUAL(10, answer.score);
        CPPUNIT_ASSERT_EQUAL(std::string("Very good"), answer.comment);
        CPPUNIT_ASSERT(answer.consent);
        CPPUNIT_ASSERT_EQUAL(answeredAt, answer.answeredAt);
        CPPUNIT_ASSERT_EQUAL(portal.nowMs(), answer.updatedAt);
        CPPUNIT_ASSERT_EQUAL(dentist.userId, answer.authorUserId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'nps.answer_changed'"));
        // At 48 hours it is closed.
        portal.advance(1);
        CPPUNIT_ASSERT(!portal.service().editable(*portal.service().answerForCase(caseId)));
        CPPUNIT_ASSERT_EQUAL(std::string("409 nps.error.editClosed"), refusalOf([&] {
                                 portal.service().answerAsMember(caseId, NpsPortal::form(2), dentist);
                             }));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), portal.count("SELECT score FROM nps_answers"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_answers"));
    }

    void anUndeliveredCaseTakesNoAnswer()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.submittedCrown();
        CPPUNIT_ASSERT_EQUAL(std::string("404 nps.error.notFound"), refusalOf([&] {
                                 portal.service().answerAsMember(caseId, NpsPortal::form(9),
                                                                 portal.actorOf("dentist@pearl.example"));
                             }));
    }

    void aFourAlertsTheLeadAndOpensAFollowUp()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string token = portal.service()
                                      .revealLink(std::to_string(portal.requestOf(caseId)))
                                      ->substr(std::string("/feedback/t/").size());
        CPPUNIT_ASSERT(
            portal.service()
                .answerWithToken(token, NpsPortal::form(4, "The margin was open"), NpsPortal::visitor())
                .ok());
        const std::int64_t answeredAt = portal.nowMs();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.detractor"));
        auto rows = portal.db().query("SELECT * FROM nps_followups WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), rows.get(0, "score").asInt());
        CPPUNIT_ASSERT_EQUAL(answeredAt, rows.get(0, "opened_at").asInt());
        CPPUNIT_ASSERT_EQUAL(answeredAt + 24 * NpsPortal::kHourMs, rows.get(0, "due_at").asInt());
        CPPUNIT_ASSERT(rows.get(0, "closed_at").isNull());
        const std::string payload = portal.db()
                                        .query("SELECT payload FROM molar_jobs WHERE payload LIKE ?",
                                               {"%\"event\":\"nps.detractor\"%"})
                                        .row(0)
                                        .at(0)
                                        .toString();
        const std::string id = rows.get(0, "id").toString();
        CPPUNIT_ASSERT_MESSAGE(payload, payload.find("\"followUpPath\":\"/lab/feedback/followups/" + id +
                                                     "\"") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(payload, payload.find("The margin was open") != std::string::npos);
        // The lead is told at once, by email and WhatsApp.
        portal.settle();
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'nps_detractor' "
                         "AND user_id = ? AND status = 'sent'",
                         {portal.userOf("lead@lab.example")}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'nps_detractor'"));
    }

    void overdueIsEscalatedOnce()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        portal.service().answerAsMember(caseId, NpsPortal::form(4), portal.actorOf("dentist@pearl.example"));
        const std::int64_t id = followUpOf(portal, caseId);
        CPPUNIT_ASSERT(id != 0);
        portal.advance(24 * NpsPortal::kHourMs - 1);
        CPPUNIT_ASSERT(!portal.service().followUp(id)->overdueAt(portal.nowMs()));
        CPPUNIT_ASSERT_EQUAL(0, portal.service().escalateOverdue());
        portal.advance(1);
        CPPUNIT_ASSERT(portal.service().followUp(id)->overdueAt(portal.nowMs()));
        CPPUNIT_ASSERT_EQUAL(1, portal.service().escalateOverdue());
        CPPUNIT_ASSERT_EQUAL(0, portal.service().escalateOverdue());
        portal.advance(24 * NpsPortal::kHourMs);
        CPPUNIT_ASSERT_EQUAL(0, portal.service().escalateOverdue());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.followup_overdue"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT COUNT(*) FROM nps_followups WHERE escalated_at "
                                          "IS NOT NULL"));
        // To the lab's admins, by email; the follow-up is still open and can be closed late.
        portal.settle();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = "
                                          "'nps_followup_overdue' AND user_id = ?",
                                          {portal.userOf("admin@lab.example")}));
        portal.service().closeFollowUp(id, "Called the clinic; remake booked",
                                       portal.actorOf("lead@lab.example"));
        CPPUNIT_ASSERT(!portal.service().followUp(id)->open());
    }

    void theJobEscalatesOnce()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        portal.service().answerAsMember(caseId, NpsPortal::form(0), portal.actorOf("dentist@pearl.example"));
        portal.advance(25 * NpsPortal::kHourMs);
        portal.portal().jobs().runDueSchedules();
        portal.settle();
        portal.advance(2 * 60 * 1000);
        portal.portal().jobs().runDueSchedules();
        portal.settle();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.followup_overdue"));
        CPPUNIT_ASSERT(portal.service().followUp(followUpOf(portal, caseId))->escalatedAt != 0);
    }

    void closedInTimeIsNotEscalated()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        portal.service().answerAsMember(caseId, NpsPortal::form(6, "Slow"),
                                        portal.actorOf("dentist@pearl.example"));
        const std::int64_t id = followUpOf(portal, caseId);
        const auto lead = portal.actorOf("lead@lab.example");
        // A note is required.
        CPPUNIT_ASSERT_EQUAL(std::string("400 nps.error.noteRequired"),
                             refusalOf([&] { portal.service().closeFollowUp(id, "  \n ", lead); }));
        CPPUNIT_ASSERT_EQUAL(std::string("404 nps.error.notFound"),
                             refusalOf([&] { portal.service().closeFollowUp(id + 100, "Called", lead); }));
        portal.advance(23 * NpsPortal::kHourMs);
        portal.service().closeFollowUp(id, "  Called Dr Nasser: the courier was late  ", lead);
        const auto closed = *portal.service().followUp(id);
        CPPUNIT_ASSERT(!closed.open());
        CPPUNIT_ASSERT_EQUAL(std::string("Called Dr Nasser: the courier was late"), closed.note);
        CPPUNIT_ASSERT_EQUAL(lead.userId, closed.closedBy);
        CPPUNIT_ASSERT_EQUAL(std::string("Nadia Rahman"), closed.closedByName);
        CPPUNIT_ASSERT_EQUAL(portal.nowMs(), closed.closedAt);
        CPPUNIT_ASSERT_EQUAL(std::string("409 nps.error.closed"),
                             refusalOf([&] { portal.service().closeFollowUp(id, "Again", lead); }));
        portal.advance(2 * NpsPortal::kHourMs);
        CPPUNIT_ASSERT(!closed.overdueAt(portal.nowMs()));
        CPPUNIT_ASSERT_EQUAL(0, portal.service().escalateOverdue());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.events("nps.followup_overdue"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'nps.followup_closed'"));
    }

    void aChangeToALowScoreOpensOneFollowUp()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const auto dentist = portal.actorOf("dentist@pearl.example");
        portal.service().answerAsMember(caseId, NpsPortal::form(9), dentist);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), followUpOf(portal, caseId));
        portal.advance(NpsPortal::kHourMs);
        portal.service().answerAsMember(caseId, NpsPortal::form(5, "On second thought"), dentist);
        const std::int64_t id = followUpOf(portal, caseId);
        CPPUNIT_ASSERT(id != 0);
        CPPUNIT_ASSERT_EQUAL(portal.nowMs() + 24 * NpsPortal::kHourMs, portal.service().followUp(id)->dueAt);
        portal.advance(NpsPortal::kHourMs);
        portal.service().answerAsMember(caseId, NpsPortal::form(3), dentist);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_followups"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.detractor"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeedbackFollowUpTest);

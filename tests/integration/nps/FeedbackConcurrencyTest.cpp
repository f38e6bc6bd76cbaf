// What happens once however many try at once, with the loaded plugin on SQLite and
// MariaDB: posts of one link from several threads (one answer, the rest told the link is
// gone), the email's and the WhatsApp message's links posted together, two services (two
// hosts) escalating the same overdue follow-up, a member's answer using up the links, and
// a case delivered again after a remake keeping its one request.
#include "NpsPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace molar::test;
using molar::nps::NpsRefusal;

namespace {

std::string tokenOf(const std::optional<std::string>& link)
{
    CPPUNIT_ASSERT(link);
    return link->substr(std::string("/feedback/t/").size());
}

// Runs each call on its own thread, all released together; answers what each ended in:
// "ok", or the refusal's key, or the exception's text.
std::vector<std::string> together(const std::vector<std::function<void()>>& calls)
{
    std::vector<std::string> outcomes(calls.size());
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < calls.size(); ++i)
        threads.emplace_back([&, i] {
            while (!go)
                std::this_thread::yield();
            try {
                calls[i]();
                outcomes[i] = "ok";
            } catch (const NpsRefusal& refusal) {
                outcomes[i] = refusal.key();
            } catch (const std::exception& e) {
                outcomes[i] = e.what();
            }
        });
    go = true;
    for (auto& thread : threads)
        thread.join();
    return outcomes;
}

std::string joined(const std::vector<std::string>& outcomes)
{
    std::string out;
    for (const auto& o : outcomes)
        out += o + "; ";
    return out;
}

} // namespace

class FeedbackConcurrencyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FeedbackConcurrencyTest);
    CPPUNIT_TEST(postsOfOneLinkAnswerOnce);
    CPPUNIT_TEST(bothMessagesLinksAtOnceAnswerOnce);
    CPPUNIT_TEST(twoHostsEscalateOnce);
    CPPUNIT_TEST(aMembersAnswerUsesTheLinks);
    CPPUNIT_TEST(deliveredAgainKeepsItsRequest);
    CPPUNIT_TEST_SUITE_END();

public:
    void postsOfOneLinkAnswerOnce()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string token =
            tokenOf(portal.service().revealLink(std::to_string(portal.requestOf(caseId))));
        std::vector<std::function<void()>> calls;
        for (int score : {2, 9, 10, 5})
            calls.push_back([&portal, token, score] {
                portal.service().answerWithToken(token, NpsPortal::form(score), NpsPortal::visitor());
            });
        const auto outcomes = together(calls);
        int ok = 0;
        for (const auto& o : outcomes) {
            ok += o == "ok";
            CPPUNIT_ASSERT_MESSAGE(joined(outcomes), o == "ok" || o == "nps.error.linkGone");
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(outcomes), 1, ok);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_answers"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.feedback_requested"));
        // A low score among them opened its follow-up only if it was the one taken.
        const std::int64_t score = portal.count("SELECT score FROM nps_answers");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(score <= 6 ? 1 : 0),
                             portal.count("SELECT COUNT(*) FROM nps_followups"));
    }

    void bothMessagesLinksAtOnceAnswerOnce()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string request = std::to_string(portal.requestOf(caseId));
        const std::string byEmail = tokenOf(portal.service().revealLink(request));
        const std::string byWhatsApp = tokenOf(portal.service().revealLink(request));
        const auto outcomes = together(
            {[&] { portal.service().answerWithToken(byEmail, NpsPortal::form(3), NpsPortal::visitor()); },
             [&] {
                 portal.service().answerWithToken(byWhatsApp, NpsPortal::form(4), NpsPortal::visitor());
             }});
        const int ok = (outcomes[0] == "ok") + (outcomes[1] == "ok");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(outcomes), 1, ok);
        for (const auto& o : outcomes)
            CPPUNIT_ASSERT_MESSAGE(joined(outcomes),
                                   o == "ok" || o == "nps.error.linkGone" || o == "nps.error.answered");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_answers"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_followups"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.detractor"));
    }

    void twoHostsEscalateOnce()
    {
        NpsPortal portal;
        const std::int64_t first = portal.deliveredCrown("P-NPS-1");
        const std::int64_t second = portal.deliveredCrown("P-NPS-2");
        const auto dentist = portal.actorOf("dentist@pearl.example");
        portal.service().answerAsMember(first, NpsPortal::form(1), dentist);
        portal.service().answerAsMember(second, NpsPortal::form(6), dentist);
        portal.advance(24 * NpsPortal::kHourMs + 1);
        // Another host: its own service over the same database.
        NpsTestHost otherHost(portal.portal(), portal.clock);
        molar::nps::FeedbackService other(otherHost, portal.settings);
        std::atomic<int> escalated{0};
        const auto outcomes = together({[&] { escalated += portal.service().escalateOverdue(); },
                                        [&] { escalated += other.escalateOverdue(); },
                                        [&] { escalated += other.escalateOverdue(); }});
        for (const auto& o : outcomes)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(outcomes), std::string("ok"), o);
        CPPUNIT_ASSERT_EQUAL(2, escalated.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.events("nps.followup_overdue"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'nps.followup_overdue'"));
    }

    void aMembersAnswerUsesTheLinks()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string token =
            tokenOf(portal.service().revealLink(std::to_string(portal.requestOf(caseId))));
        portal.service().answerAsMember(caseId, NpsPortal::form(10), portal.actorOf("owner@pearl.example"));
        CPPUNIT_ASSERT(!portal.service().requestForToken(token));
        std::string refused;
        try {
            portal.service().answerWithToken(token, NpsPortal::form(0), NpsPortal::visitor());
        } catch (const NpsRefusal& refusal) {
            refused = refusal.key();
        }
        CPPUNIT_ASSERT_EQUAL(std::string("nps.error.linkGone"), refused);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), portal.count("SELECT score FROM nps_answers"));
        CPPUNIT_ASSERT_EQUAL(portal.userOf("owner@pearl.example"),
                             portal.count("SELECT author_user_id FROM nps_answers"));
    }

    void deliveredAgainKeepsItsRequest()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::int64_t request = portal.requestOf(caseId);
        const std::int64_t expires =
            portal.count("SELECT expires_at FROM nps_requests WHERE id = ?", {request});
        portal.advance(30 * NpsPortal::kDayMs);
        portal.act(caseId, {"request_remake"}, "Chipped at the margin");
        portal.act(caseId, {"restart", "to_production", "to_finishing", "to_qc", "ship", "deliver"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_requests"));
        CPPUNIT_ASSERT_EQUAL(request, portal.requestOf(caseId));
        CPPUNIT_ASSERT_EQUAL(expires,
                             portal.count("SELECT expires_at FROM nps_requests WHERE id = ?", {request}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.feedback_requested"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeedbackConcurrencyTest);

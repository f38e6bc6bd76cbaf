// Feedback requests and their links with the loaded plugin, on SQLite and MariaDB: one
// request per delivered case, its message sent by email and WhatsApp with a link each
// that no stored row holds, each link single use (a replay or the other message's link
// gets "gone" once one was used) and dead after nps.linkDays.
#include "NpsPortal.h"

#include "molar/tokens/UrlToken.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;
using molar::nps::NpsRefusal;

namespace {

// The refusal's key of a call that must be refused.
template <typename Call> std::string refusalOf(Call call)
{
    try {
        call();
    } catch (const NpsRefusal& refusal) {
        return std::to_string(refusal.status()) + " " + refusal.key();
    }
    return "not refused";
}

std::string tokenOf(const std::string& link)
{
    const std::string prefix = "/feedback/t/";
    CPPUNIT_ASSERT_EQUAL(prefix, link.substr(0, prefix.size()));
    return link.substr(prefix.size());
}

} // namespace

class FeedbackLinkTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FeedbackLinkTest);
    CPPUNIT_TEST(deliveryOpensOneRequest);
    CPPUNIT_TEST(onlyDeliveryOpensOne);
    CPPUNIT_TEST(sentMessagesCarryLinksNoRowHolds);
    CPPUNIT_TEST(aLinkWorksOnce);
    CPPUNIT_TEST(usingOneLinkUsesTheOther);
    CPPUNIT_TEST(linksDieAfterLinkDays);
    CPPUNIT_TEST(badTokensOpenNothing);
    CPPUNIT_TEST(anInvalidFormUsesNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void deliveryOpensOneRequest()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        auto rows = portal.db().query("SELECT * FROM nps_requests WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(portal.number(caseId), rows.get(0, "case_number").toString());
        CPPUNIT_ASSERT_EQUAL(portal.userOf("dentist@pearl.example"), rows.get(0, "owner_user_id").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), rows.get(0, "product_name").toString());
        const std::int64_t at = rows.get(0, "requested_at").asInt();
        CPPUNIT_ASSERT_EQUAL(portal.nowMs(), at);
        CPPUNIT_ASSERT_EQUAL(at + 14 * NpsPortal::kDayMs, rows.get(0, "expires_at").asInt());
        CPPUNIT_ASSERT(rows.get(0, "answered_at").isNull());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.events("nps.feedback_requested"));
        // What the event carries: the request by id and the signed-in form, no link.
        const std::string payload = portal.db()
                                        .query("SELECT payload FROM molar_jobs WHERE payload LIKE ?",
                                               {"%\"event\":\"nps.feedback_requested\"%"})
                                        .row(0)
                                        .at(0)
                                        .toString();
        CPPUNIT_ASSERT_MESSAGE(payload, payload.find("\"feedbackRequestId\":\"" +
                                                     std::to_string(portal.requestOf(caseId)) + "\"") !=
                                            std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(payload, payload.find("\"feedbackPath\":\"/feedback/cases/" +
                                                     std::to_string(caseId) + "\"") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(payload, payload.find("/feedback/t/") == std::string::npos);
    }

    void onlyDeliveryOpensOne()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.submittedCrown();
        portal.act(caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.requestOf(caseId));
        portal.act(caseId, {"deliver"});
        CPPUNIT_ASSERT(portal.requestOf(caseId) != 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_requests"));
    }

    void sentMessagesCarryLinksNoRowHolds()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        portal.settle();
        // One message to the dentist by each channel, each with its own link.
        const std::int64_t dentist = portal.userOf("dentist@pearl.example");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = "
                                          "'nps_feedback_request' AND status = 'sent'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = "
                                          "'nps_feedback_request' AND user_id = ?",
                                          {dentist}));
        const auto tokens = portal.sentTokens();
        std::string lines;
        for (const auto& line : portal.sentLines())
            lines += line + "\n";
        CPPUNIT_ASSERT_EQUAL_MESSAGE(lines, std::size_t(2), tokens.size());
        CPPUNIT_ASSERT(tokens[0] != tokens[1]);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            portal.count("SELECT COUNT(*) FROM nps_links WHERE request_id = ?", {portal.requestOf(caseId)}));
        for (const auto& token : tokens) {
            // Stored only as its digest: no message row, job, audit entry or timeline holds it.
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                                 portal.count("SELECT COUNT(*) FROM nps_links WHERE token_hash = ?",
                                              {molar::tokens::tokenDigest(token)}));
            const std::string like = "%" + token + "%";
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(0),
                portal.count("SELECT COUNT(*) FROM molar_notifications WHERE content LIKE ? OR "
                             "summary LIKE ?",
                             {like, like}));
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(0),
                portal.count("SELECT COUNT(*) FROM molar_jobs WHERE payload LIKE ?", {like}));
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(0),
                portal.count("SELECT COUNT(*) FROM molar_audit WHERE detail LIKE ?", {like}));
            // And it opens the case's form.
            const auto request = portal.service().requestForToken(token);
            CPPUNIT_ASSERT(request);
            CPPUNIT_ASSERT_EQUAL(caseId, request->caseId);
        }
    }

    void aLinkWorksOnce()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const auto link = portal.service().revealLink(std::to_string(portal.requestOf(caseId)));
        CPPUNIT_ASSERT(link);
        const std::string token = tokenOf(*link);
        CPPUNIT_ASSERT(portal.service().requestForToken(token));
        const auto checked = portal.service().answerWithToken(token, NpsPortal::form(9, "Perfect fit", true),
                                                              NpsPortal::visitor());
        CPPUNIT_ASSERT(checked.ok());
        // The dentist the link was sent to is the author.
        auto rows = portal.db().query("SELECT * FROM nps_answers WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(portal.userOf("dentist@pearl.example"), rows.get(0, "author_user_id").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("Karim Nasser"), rows.get(0, "author_name").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9), rows.get(0, "score").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), rows.get(0, "consent").asInt());
        CPPUNIT_ASSERT(!portal.db()
                            .query("SELECT answered_at FROM nps_requests WHERE case_id = ?", {caseId})
                            .row(0)
                            .at(0)
                            .isNull());
        // A replay of the same post is refused, and the link opens nothing any more.
        CPPUNIT_ASSERT_EQUAL(std::string("404 nps.error.linkGone"), refusalOf([&] {
                                 portal.service().answerWithToken(token, NpsPortal::form(2),
                                                                  NpsPortal::visitor());
                             }));
        CPPUNIT_ASSERT(!portal.service().requestForToken(token));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_answers"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9), portal.count("SELECT score FROM nps_answers"));
        // No link is made for an answered request.
        CPPUNIT_ASSERT(!portal.service().revealLink(std::to_string(portal.requestOf(caseId))));
        // Audited, evented and on the case's timeline.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'nps.answered' AND "
                         "object_id = ?",
                         {portal.number(caseId)}));
        auto owner = portal.pearlOwner();
        const Answer page = owner->get("/cases/" + std::to_string(caseId));
        CPPUNIT_ASSERT_MESSAGE(page.body, page.body.find("Feedback given: 9/10") != std::string::npos);
    }

    void usingOneLinkUsesTheOther()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string request = std::to_string(portal.requestOf(caseId));
        const std::string byEmail = tokenOf(*portal.service().revealLink(request));
        const std::string byWhatsApp = tokenOf(*portal.service().revealLink(request));
        CPPUNIT_ASSERT(byEmail != byWhatsApp);
        CPPUNIT_ASSERT(portal.service().requestForToken(byEmail));
        CPPUNIT_ASSERT(portal.service().requestForToken(byWhatsApp));
        CPPUNIT_ASSERT(
            portal.service().answerWithToken(byWhatsApp, NpsPortal::form(8), NpsPortal::visitor()).ok());
        CPPUNIT_ASSERT(!portal.service().requestForToken(byEmail));
        CPPUNIT_ASSERT_EQUAL(std::string("404 nps.error.linkGone"), refusalOf([&] {
                                 portal.service().answerWithToken(byEmail, NpsPortal::form(3),
                                                                  NpsPortal::visitor());
                             }));
        // Every link of the request is used up, the two revealed here and any the outbox's
        // messages revealed meanwhile.
        CPPUNIT_ASSERT(portal.count("SELECT COUNT(*) FROM nps_links WHERE used_at IS NOT NULL") >= 2);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT COUNT(*) FROM nps_links WHERE used_at IS NULL"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8), portal.count("SELECT score FROM nps_answers"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM nps_followups"));
    }

    void linksDieAfterLinkDays()
    {
        NpsPortal portal;
        const std::int64_t first = portal.deliveredCrown("P-NPS-1");
        const std::int64_t second = portal.deliveredCrown("P-NPS-2");
        const std::string early =
            tokenOf(*portal.service().revealLink(std::to_string(portal.requestOf(first))));
        const std::string late =
            tokenOf(*portal.service().revealLink(std::to_string(portal.requestOf(second))));
        const std::int64_t expires =
            portal.count("SELECT expires_at FROM nps_requests WHERE case_id = ?", {second});
        // The last millisecond of the fourteenth day still works.
        portal.advance(expires - portal.nowMs() - 1);
        CPPUNIT_ASSERT(portal.service().requestForToken(late));
        CPPUNIT_ASSERT(
            portal.service().answerWithToken(late, NpsPortal::form(10), NpsPortal::visitor()).ok());
        // Then it is gone, as is a new link for it.
        portal.advance(1);
        CPPUNIT_ASSERT(!portal.service().requestForToken(early));
        CPPUNIT_ASSERT_EQUAL(std::string("404 nps.error.linkGone"), refusalOf([&] {
                                 portal.service().answerWithToken(early, NpsPortal::form(7),
                                                                  NpsPortal::visitor());
                             }));
        CPPUNIT_ASSERT(!portal.service().revealLink(std::to_string(portal.requestOf(first))));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_answers"));
        // The signed-in form still takes the dentist's answer.
        CPPUNIT_ASSERT(portal.service()
                           .answerAsMember(first, NpsPortal::form(7), portal.actorOf("dentist@pearl.example"))
                           .ok());
    }

    void badTokensOpenNothing()
    {
        NpsPortal portal;
        portal.deliveredCrown();
        for (const std::string& bad : {std::string(), std::string(43, 'A'), std::string("short"),
                                       std::string(42, 'a') + "!", std::string(44, 'b')}) {
            CPPUNIT_ASSERT(!portal.service().requestForToken(bad));
            CPPUNIT_ASSERT_EQUAL(std::string("404 nps.error.linkGone"), refusalOf([&] {
                                     portal.service().answerWithToken(bad, NpsPortal::form(9),
                                                                      NpsPortal::visitor());
                                 }));
        }
        for (const char* bad : {"", "x", "0", "-1", "99999", "1 "})
            CPPUNIT_ASSERT(!portal.service().revealLink(bad));
    }

    void anInvalidFormUsesNothing()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string token =
            tokenOf(*portal.service().revealLink(std::to_string(portal.requestOf(caseId))));
        molar::nps::AnswerForm bad = NpsPortal::form(9);
        bad.score = "11";
        const auto checked = portal.service().answerWithToken(token, bad, NpsPortal::visitor());
        CPPUNIT_ASSERT(!checked.ok());
        CPPUNIT_ASSERT_EQUAL(std::string("nps.error.score"), checked.errors.at("score"));
        CPPUNIT_ASSERT(portal.service().requestForToken(token));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM nps_answers"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeedbackLinkTest);

// The nps plugin's pages on a real Portal, on SQLite and MariaDB: the form by link (one
// page for a used, unknown, malformed or expired link; rate limited; no referrer) and for
// the clinic's members (editable, then read-only), each mistake beside its field with what
// was typed kept; every page refused to another organization as an unknown object is; the
// lab's dashboard and follow-ups for admins and leads only; /reviews showing initials and
// the last four of a case number, and consented comments only.
#include "NpsPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

namespace {

std::string replaced(std::string text, const std::string& what, const std::string& with)
{
    if (what.empty())
        return text;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
    return text;
}

// A page with what differs by request taken out: the token or path typed, the request's id.
std::string normalized(const Answer& answer, const std::string& typed)
{
    return replaced(replaced(answer.body, typed, "TYPED"), answer.header("X-Request-Id"), "REQUEST");
}

bool has(const Answer& answer, const std::string& text)
{
    return answer.body.find(text) != std::string::npos;
}

std::string tokenOf(const std::string& link)
{
    return link.substr(std::string("/feedback/t/").size());
}

// A fresh link of the case's request, as a message carries it.
std::string linkOf(NpsPortal& portal, std::int64_t caseId)
{
    const auto link = portal.service().revealLink(std::to_string(portal.requestOf(caseId)));
    CPPUNIT_ASSERT(link);
    return *link;
}

std::string casePath(std::int64_t caseId)
{
    return "/feedback/cases/" + std::to_string(caseId);
}

std::int64_t followUpOf(NpsPortal& portal, std::int64_t caseId)
{
    auto rows = portal.db().query("SELECT id FROM nps_followups WHERE case_id = ?", {caseId});
    return rows.empty() ? 0 : rows.row(0).at(0).asInt();
}

std::unique_ptr<HttpBrowser> lead(NpsPortal& portal)
{
    return portal.signIn("lead@lab.example", "demo lab lead");
}

} // namespace

class NpsPagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NpsPagesTest);
    CPPUNIT_TEST(testALinkOpensTheFormOnce);
    CPPUNIT_TEST(testLinksThatNoLongerWorkAnswerAlike);
    CPPUNIT_TEST(testMistakesAreToldBesideTheirFieldsWithWhatWasTyped);
    CPPUNIT_TEST(testLinkAnswersAreRateLimited);
    CPPUNIT_TEST(testMembersAnswerThenReadOnly);
    CPPUNIT_TEST(testAnotherOrganizationGetsTheUnknownCasesAnswer);
    CPPUNIT_TEST(testDashboardAndFollowUpsAreTheLeadsAndAdmins);
    CPPUNIT_TEST(testClosingAFollowUpNeedsANote);
    CPPUNIT_TEST(testReviewsShowInitialsAndTheLastFourOfConsentedComments);
    CPPUNIT_TEST(testReviewsArePagedNewestFirst);
    CPPUNIT_TEST_SUITE_END();

public:
    void testALinkOpensTheFormOnce()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown("P-LINK-SECRET");
        const std::string link = linkOf(portal, caseId);
        HttpBrowser visitor(portal.portal());
        const Answer form = visitor.get(link);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(form.body, 200, form.status);
        CPPUNIT_ASSERT(has(form, portal.number(caseId)));
        CPPUNIT_ASSERT(has(form, "Zirconia crown"));
        CPPUNIT_ASSERT(!has(form, "P-LINK-SECRET"));
        CPPUNIT_ASSERT(has(form, "<legend>How likely are you to recommend our lab to a colleague?</legend>"));
        CPPUNIT_ASSERT(has(form, "<label for=\"nps-comment\">Comment (optional)</label>"));
        CPPUNIT_ASSERT(
            has(form, "You may publish my comment on the lab&#39;s reviews page, with my initials") ||
            has(form, "You may publish my comment on the lab's reviews page, with my initials"));
        // Not rated until chosen.
        CPPUNIT_ASSERT(has(form, "id=\"nps-fit-none\" name=\"fit\" value=\"\" checked"));
        // The token never leaves in a Referer; nothing keeps the page.
        CPPUNIT_ASSERT_EQUAL(std::string("no-referrer"), form.header("Referrer-Policy"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), form.header("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("noindex"), form.header("X-Robots-Tag"));
        // In the visitor's language (the language picker's cookie), Arabic right to left.
        HttpBrowser arabicVisitor(portal.portal());
        arabicVisitor.setCookie("molar_lang", "ar");
        const Answer arabic = arabicVisitor.get(link);
        CPPUNIT_ASSERT_EQUAL(200, arabic.status);
        CPPUNIT_ASSERT(has(arabic, "dir=\"rtl\""));
        CPPUNIT_ASSERT(has(arabic, "<legend>ما مدى احتمال أن توصي بمختبرنا لزميل؟</legend>"));

        const Answer sent = visitor.post(
            link, {{"score", "4"}, {"fit", "2"}, {"comment", "Tight contacts"}, {"consent", "yes"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/feedback/thanks"), sent.header("Location"));
        const Answer thanks = visitor.get("/feedback/thanks");
        CPPUNIT_ASSERT_EQUAL(200, thanks.status);
        CPPUNIT_ASSERT(has(thanks, "Your feedback went to the lab."));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT COUNT(*) FROM nps_answers WHERE case_id = ?", {caseId}));
        // Used up.
        CPPUNIT_ASSERT_EQUAL(404, visitor.get(link).status);
        CPPUNIT_ASSERT_EQUAL(404, visitor.post(link, {{"score", "9"}}).status);
    }

    void testLinksThatNoLongerWorkAnswerAlike()
    {
        NpsPortal portal;
        const std::int64_t used = portal.deliveredCrown("P-USED");
        const std::int64_t expiring = portal.deliveredCrown("P-EXPIRING");
        const std::string usedLink = linkOf(portal, used);
        const std::string expiringLink = linkOf(portal, expiring);
        HttpBrowser visitor(portal.portal());
        // The form page gives the visitor the cookie its CSRF token comes from.
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(usedLink).status);
        CPPUNIT_ASSERT_EQUAL(303, visitor.post(usedLink, {{"score", "8"}}).status);
        const std::string unknownLink = "/feedback/t/" + std::string(43, 'A');
        const std::string malformedLink = "/feedback/t/not-a-token";

        const Answer usedPage = visitor.get(usedLink);
        const Answer unknownPage = visitor.get(unknownLink);
        const Answer malformedPage = visitor.get(malformedLink);
        portal.advance((portal.settings.linkDays + 1) * NpsPortal::kDayMs);
        const Answer expiredPage = visitor.get(expiringLink);
        for (const Answer* page : {&usedPage, &unknownPage, &malformedPage, &expiredPage}) {
            CPPUNIT_ASSERT_EQUAL(404, page->status);
            CPPUNIT_ASSERT_EQUAL(std::string("no-referrer"), page->header("Referrer-Policy"));
        }
        // One page, but for the token in the address.
        const std::string expected = normalized(unknownPage, tokenOf(unknownLink));
        CPPUNIT_ASSERT_EQUAL(expected, normalized(usedPage, tokenOf(usedLink)));
        CPPUNIT_ASSERT_EQUAL(expected, normalized(expiredPage, tokenOf(expiringLink)));
        CPPUNIT_ASSERT_EQUAL(expected, normalized(malformedPage, tokenOf(malformedLink)));
        CPPUNIT_ASSERT(has(usedPage, "This link no longer works"));
        CPPUNIT_ASSERT(has(usedPage, "href=\"/sign-in\""));
        CPPUNIT_ASSERT(has(usedPage, "Leave feedback"));
        CPPUNIT_ASSERT(!has(usedPage, portal.number(used)));
        // Posting to one is the same page too.
        const Answer postedUsed = visitor.post(usedLink, {{"score", "9"}});
        CPPUNIT_ASSERT_EQUAL(404, postedUsed.status);
        CPPUNIT_ASSERT_EQUAL(expected, normalized(postedUsed, tokenOf(usedLink)));
    }

    void testMistakesAreToldBesideTheirFieldsWithWhatWasTyped()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string link = linkOf(portal, caseId);
        HttpBrowser visitor(portal.portal());
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(link).status);
        const Answer bad = visitor.post(link, {{"score", ""},
                                               {"fit", "7"},
                                               {"aesthetics", "3"},
                                               {"comment", "Keep <this> comment"},
                                               {"consent", "yes"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(bad.body, 400, bad.status);
        CPPUNIT_ASSERT(has(bad, "id=\"nps-score-error\""));
        CPPUNIT_ASSERT(has(bad, "aria-describedby=\"nps-score-error\""));
        CPPUNIT_ASSERT(has(bad, "id=\"nps-fit-error\""));
        CPPUNIT_ASSERT(!has(bad, "id=\"nps-aesthetics-error\""));
        CPPUNIT_ASSERT(!has(bad, "id=\"nps-comment-error\""));
        // What was typed is kept (escaped).
        CPPUNIT_ASSERT(has(bad, "id=\"nps-aesthetics-3\" name=\"aesthetics\" value=\"3\" checked"));
        CPPUNIT_ASSERT(has(bad, "Keep &lt;this&gt; comment"));
        CPPUNIT_ASSERT(!has(bad, "<this>"));
        CPPUNIT_ASSERT(has(bad, "id=\"nps-consent\" name=\"consent\" value=\"yes\" checked"));
        // Nothing was stored; the link still works.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT COUNT(*) FROM nps_answers WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(link).status);

        // A comment too long: told beside the comment, the score kept.
        const std::string longComment(1001, 'x');
        const Answer tooLong = visitor.post(link, {{"score", "7"}, {"comment", longComment}});
        CPPUNIT_ASSERT_EQUAL(400, tooLong.status);
        CPPUNIT_ASSERT(has(tooLong, "id=\"nps-comment-error\""));
        CPPUNIT_ASSERT(has(tooLong, "aria-invalid=\"true\">" + longComment + "</textarea>"));
        CPPUNIT_ASSERT(has(tooLong, "id=\"nps-score-7\" name=\"score\" value=\"7\" checked"));
        CPPUNIT_ASSERT(!has(tooLong, "id=\"nps-score-error\""));

        // The members' form tells them the same way.
        auto dentist = portal.pearlDentist();
        const Answer member = dentist->post(casePath(caseId), {{"score", "11"}, {"comment", "Kept"}});
        CPPUNIT_ASSERT_EQUAL(400, member.status);
        CPPUNIT_ASSERT(has(member, "id=\"nps-score-error\""));
        CPPUNIT_ASSERT(has(member, ">Kept</textarea>"));
    }

    void testLinkAnswersAreRateLimited()
    {
        NpsPortal portal(DemoPortal::Settings{{"nps.answerPerMinute", "2"}});
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string link = linkOf(portal, caseId);
        HttpBrowser visitor(portal.portal());
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(link).status);
        CPPUNIT_ASSERT_EQUAL(400, visitor.post(link, {{"score", "x"}}).status);
        CPPUNIT_ASSERT_EQUAL(400, visitor.post(link, {{"score", "y"}}).status);
        const Answer refused = visitor.post(link, {{"score", "9"}});
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        CPPUNIT_ASSERT(!refused.header("Retry-After").empty());
        portal.advance(60 * 1000);
        CPPUNIT_ASSERT_EQUAL(303, visitor.post(link, {{"score", "9"}}).status);
    }

    void testMembersAnswerThenReadOnly()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string path = casePath(caseId);
        const std::string caseUrl = "/cases/" + std::to_string(caseId);
        auto dentist = portal.pearlDentist();
        // The case page asks for it.
        const Answer before = dentist->get(caseUrl);
        CPPUNIT_ASSERT(has(before, "<a href=\"" + path + "\">Leave feedback</a>"));
        const Answer empty = dentist->get(path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(empty.body, 200, empty.status);
        CPPUNIT_ASSERT(has(empty, ">Send feedback</button>"));

        const Answer sent = dentist->post(path, {{"score", "8"}, {"speed", "4"}, {"comment", "Good work"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
        CPPUNIT_ASSERT_EQUAL(path + "?saved=1", sent.header("Location"));
        const Answer saved = dentist->get(path + "?saved=1");
        CPPUNIT_ASSERT(has(saved, "Thank you. Your feedback is saved."));
        CPPUNIT_ASSERT(has(saved, "id=\"nps-score-8\" name=\"score\" value=\"8\" checked"));
        CPPUNIT_ASSERT(has(saved, "id=\"nps-speed-4\" name=\"speed\" value=\"4\" checked"));
        CPPUNIT_ASSERT(has(saved, ">Good work</textarea>"));
        CPPUNIT_ASSERT(has(saved, ">Save changes</button>"));
        CPPUNIT_ASSERT(has(dentist->get(caseUrl), "Your feedback: 8/10"));
        CPPUNIT_ASSERT(has(dentist->get(caseUrl), "<a href=\"" + path + "\">Change</a>"));
        // The owner of the same organization sees and may change it too.
        CPPUNIT_ASSERT_EQUAL(200, portal.pearlOwner()->get(path).status);
        // The lab reads the score on the case's page.
        const Answer labView = portal.labAdmin()->get(caseUrl);
        CPPUNIT_ASSERT_MESSAGE(labView.body, has(labView, "feedback: 8/10"));

        // Past the time to change it: read-only, with a sentence saying so.
        portal.advance((portal.settings.editHours + 1) * NpsPortal::kHourMs);
        dentist = portal.pearlDentist(); // a new session: the first one timed out meanwhile
        const Answer late = dentist->get(path);
        CPPUNIT_ASSERT_EQUAL(200, late.status);
        CPPUNIT_ASSERT(has(late, "This feedback can no longer be changed"));
        CPPUNIT_ASSERT(!has(late, "name=\"score\""));
        CPPUNIT_ASSERT(has(late, "8/10"));
        CPPUNIT_ASSERT(has(late, "Good work"));
        CPPUNIT_ASSERT_EQUAL(409, dentist->post(path, {{"score", "10"}}).status);
        CPPUNIT_ASSERT(has(dentist->get(caseUrl), "<a href=\"" + path + "\">View</a>"));
    }

    void testAnotherOrganizationGetsTheUnknownCasesAnswer()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        const std::string path = casePath(caseId);
        const std::string unknown = casePath(caseId + 100000);
        auto other = portal.smileDentist();
        const Answer theirs = other->get(path);
        const Answer none = other->get(unknown);
        CPPUNIT_ASSERT_EQUAL(404, theirs.status);
        CPPUNIT_ASSERT_EQUAL(404, none.status);
        CPPUNIT_ASSERT_EQUAL(normalized(none, unknown), normalized(theirs, path));
        CPPUNIT_ASSERT_EQUAL(404, other->post(path, {{"score", "0"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT COUNT(*) FROM nps_answers WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT(!has(other->get("/cases/" + std::to_string(caseId)), path));
        // The lab has nothing to read before the clinic answers.
        CPPUNIT_ASSERT_EQUAL(404, portal.labAdmin()->get(path).status);
        CPPUNIT_ASSERT_EQUAL(404, portal.technician()->get(path).status);
        // Once answered (the case's timeline links here), the lab reads it and cannot change it;
        // the other organization still gets the unknown case's answer.
        CPPUNIT_ASSERT_EQUAL(
            303, portal.pearlDentist()->post(path, {{"score", "8"}, {"comment", "Good fit"}}).status);
        const Answer read = portal.technician()->get(path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(read.body, 200, read.status);
        CPPUNIT_ASSERT(has(read, "Only the clinic can change it."));
        CPPUNIT_ASSERT(has(read, "Good fit"));
        CPPUNIT_ASSERT(!has(read, "<form method=\"post\" action=\"" + path));
        CPPUNIT_ASSERT_EQUAL(404, portal.labAdmin()->post(path, {{"score", "0"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8),
                             portal.count("SELECT score FROM nps_answers WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(normalized(other->get(unknown), unknown), normalized(other->get(path), path));
        // A case not delivered has no feedback yet.
        const std::int64_t open = portal.submittedCrown("P-OPEN");
        CPPUNIT_ASSERT_EQUAL(404, portal.pearlDentist()->get(casePath(open)).status);
        // Signed out: to the sign-in page.
        HttpBrowser visitor(portal.portal());
        const int anonymous = visitor.get(path).status;
        CPPUNIT_ASSERT(anonymous == 303 || anonymous == 401);

        // The first clinic's follow-up is not the second clinic's to open or close.
        CPPUNIT_ASSERT_EQUAL(303, portal.pearlDentist()->post(path, {{"score", "2"}}).status);
        const std::int64_t followUp = followUpOf(portal, caseId);
        CPPUNIT_ASSERT(followUp != 0);
        const std::string followUpPath = "/lab/feedback/followups/" + std::to_string(followUp);
        for (const int status :
             {other->get(followUpPath).status, other->post(followUpPath, {{"note", "Not mine"}}).status,
              portal.pearlOwner()->get(followUpPath).status})
            CPPUNIT_ASSERT(status == 403 || status == 404);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT COUNT(*) FROM nps_followups WHERE closed_at "
                                          "IS NOT NULL AND closed_at <> 0"));
    }

    void testDashboardAndFollowUpsAreTheLeadsAndAdmins()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        CPPUNIT_ASSERT_EQUAL(303, portal.pearlDentist()->post(casePath(caseId), {{"score", "3"}}).status);
        const std::string followUpPath =
            "/lab/feedback/followups/" + std::to_string(followUpOf(portal, caseId));
        auto technician = portal.technician();
        auto billing = portal.signIn("billing@lab.example", "demo billing clerk");
        for (HttpBrowser* refused : {technician.get(), billing.get()}) {
            CPPUNIT_ASSERT_EQUAL(403, refused->get("/lab/feedback").status);
            CPPUNIT_ASSERT_EQUAL(403, refused->get(followUpPath).status);
            CPPUNIT_ASSERT_EQUAL(403, refused->post(followUpPath, {{"note", "Done"}}).status);
            CPPUNIT_ASSERT(!has(refused->get("/account/profile"), "href=\"/lab/feedback\""));
        }
        const int clinic = portal.pearlOwner()->get("/lab/feedback").status;
        CPPUNIT_ASSERT(clinic == 403 || clinic == 404);

        auto theLead = lead(portal);
        const Answer dashboard = theLead->get("/lab/feedback");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dashboard.body, 200, dashboard.status);
        CPPUNIT_ASSERT(has(dashboard, "href=\"" + followUpPath + "\""));
        CPPUNIT_ASSERT(has(dashboard, "Zirconia crown"));
        CPPUNIT_ASSERT(has(dashboard, "May 2026"));
        CPPUNIT_ASSERT(has(dashboard, "Last 90 days: NPS -100 from 1 answer."));
        CPPUNIT_ASSERT(!has(dashboard, ">Overdue<"));
        CPPUNIT_ASSERT(has(portal.labAdmin()->get("/lab/feedback"), "href=\"" + followUpPath + "\""));
        CPPUNIT_ASSERT(has(theLead->get("/account/profile"), "href=\"/lab/feedback\""));
        CPPUNIT_ASSERT_EQUAL(404, theLead->get("/lab/feedback/followups/999999").status);
        // A day later it is overdue, in words.
        portal.advance(portal.settings.followUpHours * NpsPortal::kHourMs + 60 * 1000);
        theLead = lead(portal); // a new session: the first one timed out meanwhile
        const Answer overdue = theLead->get("/lab/feedback");
        CPPUNIT_ASSERT_MESSAGE(overdue.body, has(overdue, ">Overdue<"));
        CPPUNIT_ASSERT(has(theLead->get(followUpPath), ">Overdue<"));
    }

    void testClosingAFollowUpNeedsANote()
    {
        NpsPortal portal;
        const std::int64_t caseId = portal.deliveredCrown();
        CPPUNIT_ASSERT_EQUAL(
            303,
            portal.pearlDentist()->post(casePath(caseId), {{"score", "5"}, {"comment", "Shade off"}}).status);
        const std::string path = "/lab/feedback/followups/" + std::to_string(followUpOf(portal, caseId));
        auto theLead = lead(portal);
        const Answer page = theLead->get(path);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(has(page, "5/10"));
        CPPUNIT_ASSERT(has(page, "Shade off"));
        CPPUNIT_ASSERT(has(page, "href=\"/cases/" + std::to_string(caseId) + "\""));

        const Answer empty = theLead->post(path, {{"note", "   "}});
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        CPPUNIT_ASSERT(has(empty, "id=\"nps-note-error\""));
        CPPUNIT_ASSERT(has(empty, "aria-invalid=\"true\">   </textarea>"));
        const Answer closed = theLead->post(path, {{"note", "Called the clinic; remade the shade"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(closed.body, 303, closed.status);
        const Answer after = theLead->get(path + "?closed=1");
        CPPUNIT_ASSERT(has(after, "The follow-up is closed."));
        CPPUNIT_ASSERT(has(after, "Called the clinic; remade the shade"));
        CPPUNIT_ASSERT(has(after, "Nadia Rahman"));
        CPPUNIT_ASSERT(!has(after, "name=\"note\""));
        CPPUNIT_ASSERT_EQUAL(409, theLead->post(path, {{"note", "Again"}}).status);
        CPPUNIT_ASSERT(has(theLead->get("/lab/feedback"), "Called the clinic; remade the shade"));
    }

    void testReviewsShowInitialsAndTheLastFourOfConsentedComments()
    {
        NpsPortal portal;
        HttpBrowser visitor(portal.portal());
        const Answer none = visitor.get("/reviews");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(none.body, 200, none.status);
        CPPUNIT_ASSERT(has(none, "No score yet"));
        CPPUNIT_ASSERT(has(visitor.get("/"), "href=\"/reviews\""));

        const std::int64_t praised = portal.deliveredCrown("P-PRAISED");
        const std::int64_t privately = portal.deliveredCrown("P-PRIVATE");
        const std::int64_t low = portal.deliveredCrown("P-LOW");
        auto dentist = portal.pearlDentist();
        CPPUNIT_ASSERT_EQUAL(
            303, dentist
                     ->post(casePath(praised),
                            {{"score", "9"}, {"comment", "Perfect fit, thank you"}, {"consent", "yes"}})
                     .status);
        CPPUNIT_ASSERT_EQUAL(
            303, dentist->post(casePath(privately), {{"score", "10"}, {"comment", "Only for the lab's eyes"}})
                     .status);
        CPPUNIT_ASSERT_EQUAL(303, dentist->post(casePath(low), {{"score", "3"}, {"consent", "yes"}}).status);

        const Answer reviews = visitor.get("/reviews");
        CPPUNIT_ASSERT_EQUAL(200, reviews.status);
        // Two promoters and a detractor of three answers.
        CPPUNIT_ASSERT(has(reviews, "<strong>33</strong>"));
        CPPUNIT_ASSERT(has(reviews, "from 3 answers in the last 90 days"));
        // The consented comment, by initials and the case's last four.
        const std::string number = portal.number(praised);
        CPPUNIT_ASSERT(has(reviews, "Perfect fit, thank you"));
        CPPUNIT_ASSERT(
            has(reviews,
                "<span translate=\"no\">K. N.</span> · Case <bdi dir=\"ltr\" translate=\"no\">\xE2\x80\xA6" +
                    number.substr(number.size() - 4) + "</bdi>"));
        CPPUNIT_ASSERT(has(reviews, "9/10"));
        // Nothing that names the case, the clinic or the dentist; no comment kept private.
        for (const std::string& secret : {number, portal.number(privately), portal.number(low),
                                          std::string("Karim"), std::string("Nasser"), std::string("Pearl")})
            CPPUNIT_ASSERT_MESSAGE(secret, !has(reviews, secret));
        CPPUNIT_ASSERT(!has(reviews, "Only for the lab"));
        // A consented answer without a comment is no review.
        CPPUNIT_ASSERT(!has(reviews, "3/10"));
        CPPUNIT_ASSERT_EQUAL(400, visitor.get("/reviews?before=abc").status);
        // In the visitor's language.
        HttpBrowser arabicVisitor(portal.portal());
        arabicVisitor.setCookie("molar_lang", "ar");
        const Answer arabic = arabicVisitor.get("/reviews");
        CPPUNIT_ASSERT_EQUAL(200, arabic.status);
        CPPUNIT_ASSERT(has(arabic, "ما تقوله العيادات"));
        CPPUNIT_ASSERT(has(arabic, "Perfect fit, thank you"));
    }

    void testReviewsArePagedNewestFirst()
    {
        NpsPortal portal;
        // 25 published answers, as the store keeps them: comment n given n hours ago.
        const std::int64_t now = portal.nowMs();
        for (int n = 1; n <= 25; ++n)
            portal.db().execute(
                "INSERT INTO nps_answers (request_id, case_id, case_number, organization_id, author_user_id, "
                "author_name, score, comment, consent, product, product_name, answered_at, updated_at) "
                "VALUES (?, ?, ?, 1, 0, 'Dr Lina Haddad', 10, ?, 1, 'zirconia_crown', 'Zirconia crown', ?, "
                "?)",
                {std::int64_t(1000 + n), std::int64_t(1000 + n), "TR-260512-" + std::to_string(1000 + n),
                 "Comment number " + std::to_string(26 - n) + ".", now - (26 - n) * NpsPortal::kHourMs,
                 now - (26 - n) * NpsPortal::kHourMs});
        HttpBrowser visitor(portal.portal());
        const Answer first = visitor.get("/reviews");
        CPPUNIT_ASSERT_EQUAL(200, first.status);
        CPPUNIT_ASSERT(has(first, "from 25 answers in the last 90 days"));
        CPPUNIT_ASSERT(has(first, "<strong>100</strong>"));
        CPPUNIT_ASSERT(has(first, "<span translate=\"no\">L. H.</span> · Case"));
        // The newest first, 20 a page.
        CPPUNIT_ASSERT(first.body.find("Comment number 1.") < first.body.find("Comment number 2."));
        CPPUNIT_ASSERT(has(first, "Comment number 20."));
        CPPUNIT_ASSERT(!has(first, "Comment number 21."));
        const auto older = first.body.find("Older reviews");
        CPPUNIT_ASSERT(older != std::string::npos);
        const auto href = first.body.rfind("href=\"", older);
        const std::string next = first.body.substr(href + 6, first.body.find('"', href + 6) - href - 6);
        const Answer second = visitor.get(next);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(next, 200, second.status);
        CPPUNIT_ASSERT(has(second, "Comment number 21."));
        CPPUNIT_ASSERT(has(second, "Comment number 25."));
        CPPUNIT_ASSERT(!has(second, "Comment number 20."));
        CPPUNIT_ASSERT(!has(second, "Older reviews"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NpsPagesTest);

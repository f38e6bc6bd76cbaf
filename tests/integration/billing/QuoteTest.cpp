// Quotes for cases outside the price list, with the cases plugin in a real Portal: the
// lab's Quote action opens one, the lab prices and sends it, the clinic's owner or the
// case's dentist accepts (the case moves to design) or declines (the case is cancelled)
// on the quote's page, and nobody else reaches it.
#include "CasesPortal.h"

#include "quotes/QuoteBook.h"

#include <thread>

using namespace molar::test;

namespace {

class QuotePortal : public CasesPortal
{
public:
    explicit QuotePortal(DemoPortal::Settings extra = {}) : CasesPortal(withBilling(std::move(extra))) {}

    static DemoPortal::Settings withBilling(DemoPortal::Settings extra)
    {
        extra.insert(extra.begin(), {"plugins.enabled", "cases, billing"});
        return extra;
    }

    std::unique_ptr<HttpBrowser> billingClerk()
    {
        return signIn("billing@lab.example", "demo billing clerk");
    }
    std::unique_ptr<HttpBrowser> smileOwner() { return signIn("owner@smile.example", "demo smile owner"); }

    // A crown case that `clinic` submitted and the lab moved to invoicing; answers its id.
    std::int64_t quotedCase(HttpBrowser& clinic, HttpBrowser& lab, const std::string& patientRef)
    {
        const std::int64_t id = completeCrownDraft(clinic, patientRef);
        submit(clinic, id);
        expectRedirect(lab.post("/cases/" + std::to_string(id) + "/actions/quote", {}),
                       "/cases/" + std::to_string(id));
        CPPUNIT_ASSERT_EQUAL(std::string("invoicing"), status(id));
        return id;
    }

    std::int64_t quoteOf(std::int64_t caseId)
    {
        auto rows = db().query("SELECT id FROM billing_quotes WHERE case_id = ? ORDER BY id DESC", {caseId});
        CPPUNIT_ASSERT_MESSAGE("a quote for case " + std::to_string(caseId), !rows.empty());
        return rows.get(0, "id").asInt();
    }
    std::string quoteState(std::int64_t quoteId)
    {
        return db()
            .query("SELECT state FROM billing_quotes WHERE id = ?", {quoteId})
            .get(0, "state")
            .toString();
    }
    std::int64_t quoteCount(std::int64_t caseId)
    {
        return db()
            .query("SELECT COUNT(*) AS n FROM billing_quotes WHERE case_id = ?", {caseId})
            .get(0, "n")
            .asInt();
    }

    // The lab prices and sends the case's quote; answers the quote's id.
    std::int64_t send(HttpBrowser& lab, std::int64_t caseId, const std::string& price,
                      const std::string& note = "")
    {
        const std::int64_t quote = quoteOf(caseId);
        expectRedirect(
            lab.post("/lab/billing/quotes/" + std::to_string(quote), {{"price", price}, {"note", note}}),
            "/lab/billing/quotes?sent=" + std::to_string(quote));
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), quoteState(quote));
        return quote;
    }

    static std::string quotePath(std::int64_t quote) { return "/billing/quotes/" + std::to_string(quote); }
    static Answer accept(HttpBrowser& clinic, std::int64_t quote)
    {
        return clinic.post(quotePath(quote) + "/accept", {{"confirm", "yes"}});
    }
    static Answer decline(HttpBrowser& clinic, std::int64_t quote, const std::string& reason)
    {
        return clinic.post(quotePath(quote) + "/decline", {{"reason", reason}, {"confirm", "yes"}});
    }
};

} // namespace

class QuoteTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(QuoteTest);
    CPPUNIT_TEST(labPricesTheQuoteAndTheDentistAcceptsIt);
    CPPUNIT_TEST(theOwnerDeclinesAndTheCaseIsCancelledWithTheReason);
    CPPUNIT_TEST(priceErrorsShowBesideTheField);
    CPPUNIT_TEST(anotherOrganizationsQuoteIsNotFound);
    CPPUNIT_TEST(aDentistWhoDoesNotHoldTheCaseCannotSeeItsQuote);
    CPPUNIT_TEST(staffReadTheQuoteButDoNotAnswerIt);
    CPPUNIT_TEST(aQuoteIsAnsweredOnce);
    CPPUNIT_TEST(twoAnswersAtOnceOneWins);
    CPPUNIT_TEST(onlyTheLabsPricingRolesSendQuotes);
    CPPUNIT_TEST(aHeldCaseRefusesTheAnswerAndKeepsItsQuote);
    CPPUNIT_TEST(theLabMovingTheCaseOnWithdrawsTheQuote);
    CPPUNIT_TEST(aSentQuoteTellsTheOwnerAndTheDentist);
    CPPUNIT_TEST(theQuoteSpeaksTheReadersLanguage);
    CPPUNIT_TEST_SUITE_END();

public:
    void labPricesTheQuoteAndTheDentistAcceptsIt()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        auto clerk = portal.billingClerk();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-900");
        const std::int64_t quote = portal.quoteOf(id);
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_price"), portal.quoteState(quote));
        // Nothing to answer yet: no notice on the case.
        const std::string casePath = "/cases/" + std::to_string(id);
        MOLAR_ASSERT_NOT_CONTAINS("A quote is waiting for your answer", dentist->get(casePath).body);

        // The clerk finds it among the open quotes, prices and sends it.
        const Answer list = clerk->get("/lab/billing/quotes");
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        MOLAR_ASSERT_CONTAINS(portal.number(id), list.body);
        MOLAR_ASSERT_CONTAINS("Pearl Dental Group", list.body);
        MOLAR_ASSERT_CONTAINS("Awaiting a price", list.body);
        const Answer form = clerk->get("/lab/billing/quotes/" + std::to_string(quote));
        MOLAR_ASSERT_CONTAINS("Price (<span translate=\"no\">QAR</span>)", form.body);
        portal.send(*clerk, id, "1,250.5", "Custom shade layering");
        MOLAR_ASSERT_CONTAINS("Quote sent to the clinic for case",
                              clerk->get("/lab/billing/quotes?sent=" + std::to_string(quote)).body);

        // The clinic reads the notice on its case and follows it to the quote.
        const Answer page = dentist->get(casePath);
        MOLAR_ASSERT_CONTAINS("A quote is waiting for your answer", page.body);
        MOLAR_ASSERT_CONTAINS("href=\"" + QuotePortal::quotePath(quote) + "\"", page.body);
        MOLAR_ASSERT_CONTAINS("Quote sent", page.body);
        // The quote's amount on the timeline, in the reader's form.
        MOLAR_ASSERT_CONTAINS("QAR\u00a01,250.50", page.body);
        portal.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'dentist@pearl.example'");
        MOLAR_ASSERT_CONTAINS(portal.portal().locales().money({125050, "QAR"}, "ar"),
                              dentist->get(casePath).body);
        portal.db().execute("UPDATE molar_users SET language = 'en' WHERE email = 'dentist@pearl.example'");
        const Answer quotePage = dentist->get(QuotePortal::quotePath(quote));
        CPPUNIT_ASSERT_EQUAL(200, quotePage.status);
        MOLAR_ASSERT_CONTAINS("QAR\u00a01,250.50", quotePage.body);
        MOLAR_ASSERT_CONTAINS("Custom shade layering", quotePage.body);
        MOLAR_ASSERT_CONTAINS("Accept the quote", quotePage.body);

        // Accepting asks for the box to be ticked first.
        const Answer unconfirmed = dentist->post(QuotePortal::quotePath(quote) + "/accept", {});
        CPPUNIT_ASSERT_EQUAL(400, unconfirmed.status);
        MOLAR_ASSERT_CONTAINS("Tick the box to confirm that you accept the price", unconfirmed.body);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), portal.quoteState(quote));
        // Without the form's token, nothing happens.
        CPPUNIT_ASSERT_EQUAL(
            403, dentist->postRaw(QuotePortal::quotePath(quote) + "/accept", {{"confirm", "yes"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), portal.quoteState(quote));

        CasesPortal::expectRedirect(QuotePortal::accept(*dentist, quote),
                                    QuotePortal::quotePath(quote) + "?answered=accepted");
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), portal.quoteState(quote));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), portal.status(id));
        MOLAR_ASSERT_CONTAINS("You accepted the quote",
                              dentist->get(QuotePortal::quotePath(quote) + "?answered=accepted").body);

        // The timeline: the quote accepted and the move to design, both by the dentist.
        const Answer after = dentist->get(casePath);
        MOLAR_ASSERT_NOT_CONTAINS("A quote is waiting for your answer", after.body);
        MOLAR_ASSERT_CONTAINS("Quote accepted", after.body);
        MOLAR_ASSERT_CONTAINS("Accepted → In design", after.body);
        auto moved =
            portal.db().query("SELECT actor_user_id, actor_label FROM cases_activity WHERE case_id = ? AND "
                              "kind = 'status' AND to_status = 'design'",
                              {id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), moved.size());
        MOLAR_ASSERT_CONTAINS("Karim", moved.get(0, "actor_label").toString());
        auto dentistId =
            portal.db().query("SELECT id FROM molar_users WHERE email = 'dentist@pearl.example'");
        CPPUNIT_ASSERT_EQUAL(dentistId.get(0, "id").asInt(), moved.get(0, "actor_user_id").asInt());

        // The invoice charges the accepted price.
        const auto price = molar::billing::QuoteBook::acceptedPriceFor(portal.db(), id);
        CPPUNIT_ASSERT(price.has_value());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), price->minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), price->currency);
        auto audit = portal.db().query("SELECT COUNT(*) AS n FROM molar_audit WHERE action IN ('quote.sent', "
                                       "'quote.accepted') AND object_id = ?",
                                       {std::to_string(quote)});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), audit.get(0, "n").asInt());
        // Off the lab's open quotes.
        MOLAR_ASSERT_NOT_CONTAINS(portal.number(id), clerk->get("/lab/billing/quotes").body);
    }

    void theOwnerDeclinesAndTheCaseIsCancelledWithTheReason()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto owner = portal.pearlOwner();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-901");
        const std::int64_t quote = portal.send(*admin, id, "2400");
        // The owner, who has the organization's billing authority, answers a case their dentist holds.
        CasesPortal::expectRedirect(QuotePortal::decline(*owner, quote, "Too expensive for this patient"),
                                    QuotePortal::quotePath(quote) + "?answered=declined");
        CPPUNIT_ASSERT_EQUAL(std::string("declined"), portal.quoteState(quote));
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), portal.status(id));
        const Answer page = dentist->get("/cases/" + std::to_string(id));
        MOLAR_ASSERT_CONTAINS("Quote declined: Too expensive for this patient", page.body);
        MOLAR_ASSERT_CONTAINS("Layla", page.body);
        auto audit =
            portal.db().query("SELECT detail FROM molar_audit WHERE action = 'case.status_changed' AND "
                              "object_id = ? ORDER BY id DESC",
                              {portal.number(id)});
        MOLAR_ASSERT_CONTAINS("invoicing -> cancelled: Quote declined: Too expensive for this patient",
                              audit.get(0, "detail").toString());
        CPPUNIT_ASSERT(!molar::billing::QuoteBook::acceptedPriceFor(portal.db(), id));
        // A decline without a reason still says what happened.
        const std::int64_t second = portal.quotedCase(*dentist, *admin, "P-902");
        const std::int64_t secondQuote = portal.send(*admin, second, "100");
        CPPUNIT_ASSERT_EQUAL(303, QuotePortal::decline(*dentist, secondQuote, "").status);
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), portal.status(second));
        MOLAR_ASSERT_CONTAINS("Quote declined", dentist->get("/cases/" + std::to_string(second)).body);
    }

    void priceErrorsShowBesideTheField()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto clerk = portal.billingClerk();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-903");
        const std::string path = "/lab/billing/quotes/" + std::to_string(portal.quoteOf(id));
        const std::pair<const char*, const char*> cases[] = {
            {"", "Enter the price."},
            {"12.345", "no more decimals than the currency has"},
            {"twelve", "no more decimals than the currency has"},
            {"-5", "no more decimals than the currency has"},
            {"0", "Enter a price above zero."}};
        for (const auto& [price, message] : cases) {
            const Answer answer = clerk->post(path, {{"price", price}, {"note", "Kept as typed"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(price, 400, answer.status);
            MOLAR_ASSERT_CONTAINS(message, answer.body);
            MOLAR_ASSERT_CONTAINS("id=\"price-error\"", answer.body);
            MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\"", answer.body);
            MOLAR_ASSERT_CONTAINS("Kept as typed", answer.body);
        }
        const Answer tooLong = clerk->post(path, {{"price", "10"}, {"note", std::string(2001, 'x')}});
        CPPUNIT_ASSERT_EQUAL(400, tooLong.status);
        MOLAR_ASSERT_CONTAINS("id=\"note-error\"", tooLong.body);
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_price"), portal.quoteState(portal.quoteOf(id)));
        // Sent once; a second send is refused.
        portal.send(*clerk, id, "10");
        CPPUNIT_ASSERT_EQUAL(409, clerk->post(path, {{"price", "20"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1000),
            portal.db()
                .query("SELECT amount_minor FROM billing_quotes WHERE id = ?", {portal.quoteOf(id)})
                .get(0, "amount_minor")
                .asInt());
    }

    void anotherOrganizationsQuoteIsNotFound()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        auto stranger = portal.smileDentist();
        auto strangerOwner = portal.smileOwner();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-904");
        const std::int64_t quote = portal.send(*admin, id, "300");
        for (HttpBrowser* browser : {stranger.get(), strangerOwner.get()}) {
            CPPUNIT_ASSERT_EQUAL(404, browser->get(QuotePortal::quotePath(quote)).status);
            CPPUNIT_ASSERT_EQUAL(404, QuotePortal::accept(*browser, quote).status);
            CPPUNIT_ASSERT_EQUAL(404, QuotePortal::decline(*browser, quote, "not ours").status);
            CPPUNIT_ASSERT_EQUAL(404, browser->post(QuotePortal::quotePath(quote) + "/accept", {}).status);
        }
        // No such quote answers the same.
        CPPUNIT_ASSERT_EQUAL(404, stranger->get(QuotePortal::quotePath(quote + 1000)).status);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), portal.quoteState(quote));
        CPPUNIT_ASSERT_EQUAL(std::string("invoicing"), portal.status(id));
    }

    void aDentistWhoDoesNotHoldTheCaseCannotSeeItsQuote()
    {
        QuotePortal portal;
        auto owner = portal.pearlOwner();
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        // The owner sends this case: Pearl's dentist, of the same organization, does not hold it
        // and sees neither the case nor its quote (whichever clinic they work at).
        const std::int64_t id = portal.quotedCase(*owner, *admin, "P-905");
        const std::int64_t quote = portal.send(*admin, id, "300");
        CPPUNIT_ASSERT_EQUAL(404, dentist->get("/cases/" + std::to_string(id)).status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get(QuotePortal::quotePath(quote)).status);
        CPPUNIT_ASSERT_EQUAL(404, QuotePortal::accept(*dentist, quote).status);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), portal.quoteState(quote));
        // The lab reads the quote but does not answer it.
        const Answer labView = admin->get(QuotePortal::quotePath(quote));
        CPPUNIT_ASSERT_EQUAL(200, labView.status);
        MOLAR_ASSERT_CONTAINS("Waiting for the clinic", labView.body);
        MOLAR_ASSERT_NOT_CONTAINS("action=\"/billing/quotes/", labView.body);
        CPPUNIT_ASSERT_EQUAL(403, QuotePortal::accept(*admin, quote).status);
        CasesPortal::expectRedirect(QuotePortal::accept(*owner, quote),
                                    QuotePortal::quotePath(quote) + "?answered=accepted");
        CPPUNIT_ASSERT_EQUAL(std::string("design"), portal.status(id));
    }

    void staffReadTheQuoteButDoNotAnswerIt()
    {
        QuotePortal portal;
        auto owner = portal.pearlOwner();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*owner, *admin, "P-912");
        const std::int64_t quote = portal.send(*admin, id, "300");
        // Pearl's dentist becomes staff: they see every case of the organization, and read its quotes.
        portal.db().execute("UPDATE molar_users SET role = 'staff' WHERE email = 'dentist@pearl.example'");
        auto staff = portal.pearlDentist();
        const Answer page = staff->get(QuotePortal::quotePath(quote));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("dentist answers this quote.", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Accept the quote</button>", page.body);
        CPPUNIT_ASSERT_EQUAL(403, QuotePortal::accept(*staff, quote).status);
        CPPUNIT_ASSERT_EQUAL(403, QuotePortal::decline(*staff, quote, "").status);
        CPPUNIT_ASSERT_EQUAL(403, staff->post(QuotePortal::quotePath(quote) + "/accept", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), portal.quoteState(quote));
    }

    void aQuoteIsAnsweredOnce()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto owner = portal.pearlOwner();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-906");
        const std::int64_t quote = portal.send(*admin, id, "300");
        CPPUNIT_ASSERT_EQUAL(303, QuotePortal::accept(*dentist, quote).status);
        const Answer again = QuotePortal::accept(*owner, quote);
        CPPUNIT_ASSERT_EQUAL(409, again.status);
        MOLAR_ASSERT_CONTAINS("already answered", again.body);
        CPPUNIT_ASSERT_EQUAL(409, QuotePortal::decline(*owner, quote, "changed my mind").status);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), portal.quoteState(quote));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), portal.status(id));
        // The page no longer offers an answer.
        MOLAR_ASSERT_NOT_CONTAINS("Accept the quote</button>",
                                  owner->get(QuotePortal::quotePath(quote)).body);
        auto moves = portal.db().query(
            "SELECT COUNT(*) AS n FROM cases_activity WHERE case_id = ? AND from_status = 'invoicing'", {id});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), moves.get(0, "n").asInt());
    }

    void twoAnswersAtOnceOneWins()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto owner = portal.pearlOwner();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-911");
        const std::int64_t quote = portal.send(*admin, id, "300");
        int accepted = 0, declined = 0;
        std::thread first([&] { accepted = QuotePortal::accept(*dentist, quote).status; });
        std::thread second([&] { declined = QuotePortal::decline(*owner, quote, "no").status; });
        first.join();
        second.join();
        // One answer stands, the other is refused, and the case moved once, the winner's way.
        CPPUNIT_ASSERT_MESSAGE(std::to_string(accepted) + " " + std::to_string(declined),
                               (accepted == 303 && declined == 409) || (accepted == 409 && declined == 303));
        const std::string state = portal.quoteState(quote);
        CPPUNIT_ASSERT_EQUAL(std::string(accepted == 303 ? "accepted" : "declined"), state);
        CPPUNIT_ASSERT_EQUAL(std::string(accepted == 303 ? "design" : "cancelled"), portal.status(id));
        auto moves = portal.db().query(
            "SELECT COUNT(*) AS n FROM cases_activity WHERE case_id = ? AND from_status = 'invoicing'", {id});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), moves.get(0, "n").asInt());
    }

    void onlyTheLabsPricingRolesSendQuotes()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        auto tech = portal.technician();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-907");
        const std::string path = "/lab/billing/quotes/" + std::to_string(portal.quoteOf(id));
        CPPUNIT_ASSERT_EQUAL(403, tech->get("/lab/billing/quotes").status);
        CPPUNIT_ASSERT_EQUAL(403, tech->post(path, {{"price", "10"}}).status);
        CPPUNIT_ASSERT_EQUAL(403, dentist->get("/lab/billing/quotes").status);
        CPPUNIT_ASSERT_EQUAL(403, dentist->post(path, {{"price", "10"}}).status);
        // Not sent yet: the clinic cannot answer it.
        CPPUNIT_ASSERT_EQUAL(409, QuotePortal::accept(*dentist, portal.quoteOf(id)).status);
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_price"), portal.quoteState(portal.quoteOf(id)));
        CPPUNIT_ASSERT_EQUAL(std::string("invoicing"), portal.status(id));
    }

    void aHeldCaseRefusesTheAnswerAndKeepsItsQuote()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-908");
        const std::int64_t quote = portal.send(*admin, id, "300");
        const std::string actions = "/cases/" + std::to_string(id) + "/actions/";
        CPPUNIT_ASSERT_EQUAL(303, admin->post(actions + "hold", {{"reason", "Scan unreadable"}}).status);
        const Answer refused = QuotePortal::accept(*dentist, quote);
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        MOLAR_ASSERT_CONTAINS("cannot take this answer now", refused.body);
        // Both rolled back: the quote still waits, the case is still held.
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), portal.quoteState(quote));
        CPPUNIT_ASSERT_EQUAL(std::string("on_hold"), portal.status(id));
        // Resumed, the case is back in invoicing with the same quote, which can now be accepted.
        CPPUNIT_ASSERT_EQUAL(303, admin->post(actions + "resume", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("invoicing"), portal.status(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.quoteCount(id));
        CPPUNIT_ASSERT_EQUAL(303, QuotePortal::accept(*dentist, quote).status);
        CPPUNIT_ASSERT_EQUAL(std::string("design"), portal.status(id));
    }

    void theLabMovingTheCaseOnWithdrawsTheQuote()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-909");
        const std::int64_t quote = portal.send(*admin, id, "300");
        CPPUNIT_ASSERT_EQUAL(
            303, admin->post("/cases/" + std::to_string(id) + "/actions/start_design", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("withdrawn"), portal.quoteState(quote));
        MOLAR_ASSERT_CONTAINS("The lab withdrew this quote",
                              dentist->get(QuotePortal::quotePath(quote)).body);
        MOLAR_ASSERT_NOT_CONTAINS("A quote is waiting for your answer",
                                  dentist->get("/cases/" + std::to_string(id)).body);
        CPPUNIT_ASSERT_EQUAL(409, QuotePortal::accept(*dentist, quote).status);
        CPPUNIT_ASSERT_EQUAL(std::string("design"), portal.status(id));
    }

    void aSentQuoteTellsTheOwnerAndTheDentist()
    {
        QuotePortal portal(DemoPortal::Settings{{"notifications.logChannels", "email"}});
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-910");
        const std::int64_t quote = portal.send(*admin, id, "1250.5");
        for (int i = 0; i < 500; ++i) {
            auto waiting = portal.db().query("SELECT COUNT(*) FROM molar_jobs WHERE state <> 'done'");
            if (waiting.row(0).at(0).asInt() == 0)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        auto rows =
            portal.db().query("SELECT u.email, n.content FROM molar_notifications n JOIN molar_users u ON "
                              "u.id = n.user_id WHERE n.rule = 'quote_sent' ORDER BY u.email");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("dentist@pearl.example"), rows.get(0, "email").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("owner@pearl.example"), rows.get(1, "email").toString());
        const std::string content = rows.get(0, "content").toString();
        MOLAR_ASSERT_CONTAINS("QAR\u00a01,250.50", content);
        MOLAR_ASSERT_CONTAINS(portal.number(id), content);
        MOLAR_ASSERT_CONTAINS(QuotePortal::quotePath(quote), content);
    }

    void theQuoteSpeaksTheReadersLanguage()
    {
        QuotePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        const std::int64_t id = portal.quotedCase(*dentist, *admin, "P-913");
        const std::int64_t quote = portal.send(*admin, id, "300");
        const std::pair<const char*, std::vector<std::string>> languages[] = {
            {"ar",
             {"عرض سعر بانتظار ردك.", "قبول عرض السعر",
              "أوافق على السعر البالغ <span "
              "translate=\"no\">\u200f\u0663\u0660\u0660\u066b\u0660\u0660\u00a0\u0631.\u0642.\u200f"}},
            {"fr",
             {"Un devis attend votre réponse.", "Accepter le devis",
              "accepte le prix de <span translate=\"no\">300,00\u00a0QAR"}}};
        for (const auto& [language, words] : languages) {
            portal.db().execute("UPDATE molar_users SET language = ? WHERE email = 'dentist@pearl.example'",
                                {std::string(language)});
            const std::string page = dentist->get("/cases/" + std::to_string(id)).body +
                                     dentist->get(QuotePortal::quotePath(quote)).body;
            for (const auto& word : words)
                MOLAR_ASSERT_CONTAINS(word, page);
            for (const char* english :
                 {"A quote is waiting", "Accept the quote", "Decline the quote", "Reason"})
                MOLAR_ASSERT_NOT_CONTAINS(english, page);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QuoteTest);

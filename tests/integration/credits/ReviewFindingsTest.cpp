// Findings of a review of the credits plugin, each a behaviour that once went wrong: a case
// priced in another currency than the credits (held for the lab to settle by hand) no longer
// keeps the account disarmed, so later crossings are told and top up again; a start-up
// refusal names its key in full; the Credits page says what a short balance and
// auto top-up do.
#include "CreditsPortal.h"

using namespace molar;
using namespace molar::test;

namespace {

// Billing's request for a case's price from the organization's credits (fake ids: no real case).
void creditsDue(CreditsPortal& p, std::int64_t organization, std::int64_t invoiceId, std::int64_t amountMinor,
                const std::string& currency = "QAR")
{
    p.db().transaction([&](sdk::Transaction& tx) {
        p.portal().events().publish(tx, "invoice.credits_due",
                                    sdk::Value::object({{"invoiceId", invoiceId},
                                                        {"caseId", invoiceId},
                                                        {"number", "TR-REVIEW-" + std::to_string(invoiceId)},
                                                        {"organizationId", organization},
                                                        {"ownerUserId", 0},
                                                        {"amountMinor", amountMinor},
                                                        {"currency", currency},
                                                        {"productName", "Zirconia crown"},
                                                        {"actorUserId", 0}}));
    });
}

} // namespace

class ReviewFindingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReviewFindingsTest);
    CPPUNIT_TEST(aHoldInAnotherCurrencyLeavesLaterCrossingsTold);
    CPPUNIT_TEST(aCurrencyOtherThanTheCatalogsIsRefusedNamingItsKey);
    CPPUNIT_TEST(theCreditsPageTellsAFirstTimeClinicWhatAShortBalanceDoes);
    CPPUNIT_TEST(aRefusedCaseMoveNeverUndoesATopUp);
    CPPUNIT_TEST_SUITE_END();

public:
    void aHoldInAnotherCurrencyLeavesLaterCrossingsTold()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        std::vector<sdk::Value> lows;
        p.portal().events().on("credits-review", "credits.low_balance",
                               [&](sdk::Transaction&, const sdk::Event& e) { lows.push_back(e.payload); });
        p.toppedUp(pearl, "starter"); // QAR 10,000.00
        // The owner asks to hear when the balance falls under QAR 9,000.00 (auto top-up off).
        const Answer set = p.pearlOwner()->post(
            "/credits/auto-top-up", {{"threshold", "9000.00"}, {"pack", "starter"}, {"method", ""}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(set.body, 303, set.status);

        creditsDue(p, pearl, 900001, 200000);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lows.size()); // QAR 8,000.00: the first crossing

        // A case priced in dollars by mistake: held for the lab, which no top-up can pay.
        creditsDue(p, pearl, 900002, 12300, "USD");
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            p.count("SELECT COUNT(*) FROM credits_holds WHERE organization_id = ? AND state = 'held'",
                    {pearl}));

        p.toppedUp(pearl, "starter"); // QAR 18,000.00: over the threshold, re-armed
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            p.count("SELECT armed FROM credits_accounts WHERE organization_id = ?", {pearl}));
        creditsDue(p, pearl, 900003, 1000000); // QAR 8,000.00 again: the second crossing is told
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lows.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(800000), p.balance(pearl));
        p.assertBalanced(pearl);
    }

    void aCurrencyOtherThanTheCatalogsIsRefusedNamingItsKey()
    {
        // The operator reads which line of which file to change: the key in full.
        std::string refusal;
        try {
            CreditsPortal p({{"credits.currency", "USD"}});
        } catch (const std::exception& e) {
            refusal = e.what();
        }
        CPPUNIT_ASSERT_MESSAGE(refusal, refusal.find("credits.currency") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(refusal, refusal.find("QAR") != std::string::npos);
    }

    void theCreditsPageTellsAFirstTimeClinicWhatAShortBalanceDoes()
    {
        // No case held yet: the page still says what happens when the balance runs short,
        // before the first case waits unexplained.
        CreditsPortal p;
        const Answer page = p.pearlOwner()->get("/credits");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        for (const char* words : {"money paid in advance", "Awaiting credit",
                                  "goes ahead by itself, oldest first", "as soon as a top-up covers it"})
            CPPUNIT_ASSERT_MESSAGE(words, page.body.find(words) != std::string::npos);
    }

    void aRefusedCaseMoveNeverUndoesATopUp()
    {
        // A hold whose case the cases plugin refuses to move (here: no such case, 404) both
        // when held and when resumed: the top-up's money is credited all the same, and the
        // hold is debited once.
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        creditsDue(p, pearl, 900011, 45000);
        CPPUNIT_ASSERT_EQUAL(std::string("held"), p.text("SELECT state FROM credits_holds WHERE case_id = ?",
                                                         {std::int64_t(900011)}));
        const std::int64_t topup = p.toppedUp(pearl, "starter");
        CPPUNIT_ASSERT_EQUAL(std::string("credited"), p.topUpState(topup));
        CPPUNIT_ASSERT_EQUAL(
            std::string("resumed"),
            p.text("SELECT state FROM credits_holds WHERE case_id = ?", {std::int64_t(900011)}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000 - 45000), p.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(pearl, "debit"));
        p.assertBalanced(pearl);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReviewFindingsTest);

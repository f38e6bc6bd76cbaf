// Credit packs bought through the host's payment service, with the real credits plugin
// in a Portal: a pack is credited exactly once whatever the provider repeats (the same
// event, the same receipt under another event, the re-sync's answer); a bank transfer in
// two parts credits the pack's credits once the whole price is in, and money beyond it
// at face value; a refund removes credits in proportion and never takes the balance
// below zero; another organization's top-up is nowhere to be found. After every step the
// cached balance is the ledger's sum.
#include "CreditsPortal.h"

#include "ledger/CreditRefusal.h"

#include <atomic>
#include <mutex>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

// credits.topped_up as the plugin publishes it, kept by a subscriber of the test's own.
struct ToppedUp
{
    std::mutex mutex;
    std::vector<sdk::Value> events;

    void listen(CreditsPortal& credits)
    {
        credits.portal().events().on("credits-test", "credits.topped_up",
                                     [this](sdk::Transaction&, const sdk::Event& e) {
                                         std::lock_guard<std::mutex> lock(mutex);
                                         events.push_back(e.payload);
                                     });
    }
    std::size_t size()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return events.size();
    }
};

} // namespace

class TopUpsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TopUpsTest);
    CPPUNIT_TEST(testCreditedOnceUnderReplaysAndResync);
    CPPUNIT_TEST(testConcurrentDeliveriesCreditOnce);
    CPPUNIT_TEST(testBankTransferInTwoParts);
    CPPUNIT_TEST(testOverpaymentAtFaceValue);
    CPPUNIT_TEST(testFailedThenPaid);
    CPPUNIT_TEST(testRefundProportionalNeverNegative);
    CPPUNIT_TEST(testRefundBeforeCredit);
    CPPUNIT_TEST(testOtherCurrencyChangesNothing);
    CPPUNIT_TEST(testOrganizationDiscount);
    CPPUNIT_TEST(testRefusedPackAndProvider);
    CPPUNIT_TEST(testOtherOrganization);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCreditedOnceUnderReplaysAndResync()
    {
        CreditsPortal credits;
        ToppedUp told;
        told.listen(credits);
        const std::int64_t pearl = credits.pearl();
        const auto started =
            credits.startTopUp(pearl, "growth", CreditsPortal::kCard, credits.pearlOwnerId());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), started.priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), credits.topUpState(started.topupId));
        // The attempt is for the top-up, as the clinic and the provider see it.
        const auto attempt = credits.portal().payments().attempt(started.attemptId);
        CPPUNIT_ASSERT_EQUAL(std::string("topup"), attempt->purpose.kind);
        CPPUNIT_ASSERT_EQUAL(std::to_string(started.topupId), attempt->purpose.id);
        CPPUNIT_ASSERT_EQUAL("TOPUP-" + std::to_string(started.topupId), attempt->purpose.reference);
        CPPUNIT_ASSERT_EQUAL(std::string("Growth credit pack"), attempt->purpose.description);
        CPPUNIT_ASSERT_EQUAL(pearl, attempt->purpose.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        credits.assertBalanced(pearl, "after begin");

        CPPUNIT_ASSERT(credits.cardPaid(started.attemptId, started.priceMinor, "pi_1", "evt_1"));
        CPPUNIT_ASSERT_EQUAL(std::string("credited"), credits.topUpState(started.topupId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), credits.balance(pearl)); // the credits, not the price
        credits.assertBalanced(pearl, "after the payment");

        // The webhook again: the host records the delivery once.
        CPPUNIT_ASSERT(!credits.cardPaid(started.attemptId, started.priceMinor, "pi_1", "evt_1"));
        // The same receipt in another delivery: counted once by the host.
        credits.cardPaid(started.attemptId, started.priceMinor, "pi_1", "evt_2");
        credits.assertBalanced(pearl, "after replays");
        // The re-sync's answer: the provider's total, already counted.
        credits.resynced(started.attemptId, started.priceMinor, "pi_1");
        credits.assertBalanced(pearl, "after the re-sync");

        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.entries(pearl, "topup"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             credits.audited("credits.topup", std::to_string(started.topupId)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             credits.audited("credits.topup_started", std::to_string(started.topupId)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), told.size());
        const sdk::Value& event = told.events.front();
        CPPUNIT_ASSERT_EQUAL(pearl, event.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(started.topupId, event.getInt("topupId"));
        CPPUNIT_ASSERT_EQUAL(std::string("Growth"), event.getString("packName"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), event.getInt("creditsMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 20,000.00"), event.getString("creditsText"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), event.getInt("paidMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 18,000.00"), event.getString("paidText"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), event.getInt("balanceMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("cardtest"), event.getString("provider"));
        CPPUNIT_ASSERT_EQUAL(std::string("clinic"), event.getString("origin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/credits"),
                             event.getString("creditsUrl").substr(event.getString("creditsUrl").size() - 8));
        // The entry names what it is for.
        const auto entry =
            credits.ledger().entryBySource(credits.db(), "topup:" + std::to_string(started.topupId));
        CPPUNIT_ASSERT(entry);
        CPPUNIT_ASSERT_EQUAL(std::string("topup"), entry->kind);
        CPPUNIT_ASSERT_EQUAL(started.topupId, entry->topupId);
        CPPUNIT_ASSERT_EQUAL(started.attemptId, entry->attemptId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), entry->balanceAfterMinor);
        CPPUNIT_ASSERT_EQUAL(entry->id, event.getInt("entryId"));
    }

    void testConcurrentDeliveriesCreditOnce()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        std::vector<CreditsPortal::Started> started;
        for (int i = 0; i < 4; ++i)
            started.push_back(credits.startTopUp(pearl, "starter"));
        // Each payment delivered by four threads at once: twice the same event, twice the
        // same receipt under events of their own.
        std::atomic<int> errors{0};
        std::vector<std::thread> threads;
        for (const auto& s : started)
            for (int k = 0; k < 4; ++k)
                threads.emplace_back([&, s, k] {
                    try {
                        credits.cardPaid(s.attemptId, s.priceMinor, "pi_" + s.attemptId,
                                         "evt_" + s.attemptId + (k < 2 ? "" : "_" + std::to_string(k)));
                    } catch (const std::exception&) {
                        ++errors;
                    }
                });
        for (auto& thread : threads)
            thread.join();
        // A delivery that lost a race may fail (the provider sends it again); the money never doubles.
        for (const auto& s : started)
            credits.cardPaid(s.attemptId, s.priceMinor, "pi_" + s.attemptId, "evt_" + s.attemptId + "_again");
        for (const auto& s : started)
            CPPUNIT_ASSERT_EQUAL(std::string("credited"), credits.topUpState(s.topupId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), credits.entries(pearl, "topup"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000000), credits.balance(pearl));
        credits.assertBalanced(pearl);
    }

    void testBankTransferInTwoParts()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto started = credits.startTopUp(pearl, "starter", CreditsPortal::kBank);
        const std::string reference = started.checkout.payerReference;
        CPPUNIT_ASSERT(!reference.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(950000), started.priceMinor);

        // The first part: money in, no credits yet.
        credits.bankReceived(reference, "5000.00", "FT26131A");
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), credits.topUpState(started.topupId));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(500000),
            credits.count("SELECT received_minor FROM credits_topups WHERE id = ?", {started.topupId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        credits.assertBalanced(pearl, "after the first part");

        // The rest: the pack's credits (10,000.00), not the 9,500.00 paid.
        credits.bankReceived(reference, "4500.00", "FT26131B");
        CPPUNIT_ASSERT_EQUAL(std::string("credited"), credits.topUpState(started.topupId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.entries(pearl, "topup"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             credits.count("SELECT COUNT(*) FROM credits_receipts WHERE attempt_id "
                                           "= ?",
                                           {started.attemptId}));
        credits.assertBalanced(pearl, "after the second part");

        // A third transfer after the pack was credited: at face value, once.
        credits.bankReceived(reference, "100.00", "FT26131C");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1010000), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), credits.entries(pearl, "topup"));
        credits.assertBalanced(pearl, "after the extra transfer");
    }

    void testOverpaymentAtFaceValue()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto started = credits.startTopUp(pearl, "starter");
        // 9,600.00 paid for a 9,500.00 pack: 10,000.00 of credits and the 100.00 beyond it.
        CPPUNIT_ASSERT(credits.cardPaid(started.attemptId, 960000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1010000), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.entries(pearl, "topup"));
        credits.assertBalanced(pearl);
    }

    void testFailedThenPaid()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto started = credits.startTopUp(pearl, "starter");
        CPPUNIT_ASSERT(credits.providerFailed(CreditsPortal::kCard, started.attemptId, "evt_failed"));
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), credits.topUpState(started.topupId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             credits.audited("credits.topup_failed", std::to_string(started.topupId)));
        credits.assertBalanced(pearl, "after the failure");
        // The payer tried again on the same checkout and paid: money received is a fact.
        CPPUNIT_ASSERT(credits.cardPaid(started.attemptId, started.priceMinor));
        CPPUNIT_ASSERT_EQUAL(std::string("credited"), credits.topUpState(started.topupId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), credits.balance(pearl));
        credits.assertBalanced(pearl, "after the payment");
    }

    void testRefundProportionalNeverNegative()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto started = credits.startTopUp(pearl, "growth"); // 20,000.00 for 18,000.00
        CPPUNIT_ASSERT(credits.cardPaid(started.attemptId, started.priceMinor));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), credits.balance(pearl));

        // Half the price back: half the credits go.
        CPPUNIT_ASSERT(credits.providerRefunded(CreditsPortal::kCard, started.attemptId, 900000, "re_1"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.entries(pearl, "topup_refund"));
        credits.assertBalanced(pearl, "after the first refund");
        // The same refund reported again: nothing more.
        CPPUNIT_ASSERT(!credits.providerRefunded(CreditsPortal::kCard, started.attemptId, 900000, "re_1"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), credits.balance(pearl));

        // The clinic spent most of the rest (the lab's adjustment stands for cases here).
        credits.db().transaction([&](sdk::Transaction& tx) {
            auto account = credits.ledger().lock(tx, pearl, credits.nowMillis());
            credits::LedgerEntry spent;
            spent.kind = "adjustment";
            spent.amountMinor = -900000;
            spent.sourceKey = "adjustment:spent";
            spent.reason = "Cases";
            spent.createdAt = credits.nowMillis();
            CPPUNIT_ASSERT(credits.ledger().append(tx, account, spent));
        });
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), credits.balance(pearl));

        // The other half back: 10,000.00 of credits should go, only 1,000.00 are there.
        CPPUNIT_ASSERT(credits.providerRefunded(CreditsPortal::kCard, started.attemptId, 900000, "re_2"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        credits.assertBalanced(pearl, "after the second refund");
        const auto entry =
            credits.ledger().entryBySource(credits.db(), "refund:" + started.attemptId + ":re_2");
        CPPUNIT_ASSERT(entry);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-100000), entry->amountMinor);
        MOLAR_ASSERT_CONTAINS("QAR 9,000.00 of credits could not be removed", entry->reason);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             credits.audited("credits.refund_shortfall", std::to_string(started.topupId)));
    }

    void testRefundBeforeCredit()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto started = credits.startTopUp(pearl, "starter", CreditsPortal::kBank);
        // A part paid, then given back: nothing was credited, nothing is removed, and the
        // pack now needs its whole price again.
        CPPUNIT_ASSERT(
            credits.providerPaid(CreditsPortal::kBank, started.attemptId, 500000, "part-1", "evt_p1"));
        CPPUNIT_ASSERT(credits.providerRefunded(CreditsPortal::kBank, started.attemptId, 500000, "re_p1"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            credits.count("SELECT received_minor FROM credits_topups WHERE id = ?", {started.topupId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        CPPUNIT_ASSERT(
            credits.providerPaid(CreditsPortal::kBank, started.attemptId, 500000, "part-2", "evt_p2"));
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), credits.topUpState(started.topupId));
        credits.assertBalanced(pearl);
    }

    void testOtherCurrencyChangesNothing()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto started = credits.startTopUp(pearl, "starter");
        credits.providerPaid(CreditsPortal::kCard, started.attemptId, 950000, "pi_usd", "evt_usd", "USD");
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), credits.topUpState(started.topupId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.count("SELECT COUNT(*) FROM credits_receipts"));
        credits.assertBalanced(pearl);
    }

    void testOrganizationDiscount()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        // The lab gave Pearl Dental 20% off: more than Growth's own 10%.
        credits.ledger().ensureAccount(credits.db(), pearl, credits.nowMillis());
        credits.db().transaction([&](sdk::Transaction& tx) {
            auto account = credits.ledger().lock(tx, pearl, credits.nowMillis());
            account.discountBasisPoints = 2000;
            credits.ledger().saveSettings(tx, account);
        });
        const auto started = credits.startTopUp(pearl, "growth");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1600000), started.priceMinor);
        CPPUNIT_ASSERT(credits.cardPaid(started.attemptId, started.priceMinor));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000), credits.balance(pearl));
        // Smile Dental has no discount: Growth's own price.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), credits.startTopUp(credits.smile(), "growth").priceMinor);
        credits.assertBalanced(pearl);
    }

    void testRefusedPackAndProvider()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const auto refusal = [&](const std::string& pack, const std::string& provider) -> std::string {
            try {
                credits.topups().begin(pearl, pack, provider, "clinic", 0);
            } catch (const credits::CreditRefusal& e) {
                CPPUNIT_ASSERT_EQUAL(400, e.status());
                return e.key();
            }
            return "";
        };
        CPPUNIT_ASSERT_EQUAL(std::string("credits.error.pack"), refusal("platinum", CreditsPortal::kCard));
        CPPUNIT_ASSERT_EQUAL(std::string("credits.error.pack"), refusal("", CreditsPortal::kCard));
        CPPUNIT_ASSERT_EQUAL(std::string("credits.error.provider"), refusal("growth", "nobody"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.count("SELECT COUNT(*) FROM credits_topups"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            credits.count("SELECT COUNT(*) FROM molar_payment_attempts WHERE purpose_kind = 'topup'"));
    }

    void testOtherOrganization()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const std::int64_t smile = credits.smile();
        const std::int64_t id = credits.toppedUp(pearl, "starter");
        CPPUNIT_ASSERT(credits.topups().find(credits.db(), id, pearl));
        CPPUNIT_ASSERT(!credits.topups().find(credits.db(), id, smile));
        CPPUNIT_ASSERT(credits.topups().recent(credits.db(), smile, 10).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), credits.topups().recent(credits.db(), pearl, 10).size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(smile));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), credits.balance(pearl));
        credits.assertBalanced(pearl);
        credits.assertBalanced(smile);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TopUpsTest);

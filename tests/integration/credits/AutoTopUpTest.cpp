// Auto top-up with the real host and the credits plugin, a card provider of the billing
// suite's (CardChargesProvider, which counts its calls and keeps payments by idempotency
// key) and jobs run by the test (no worker threads): exactly one charge per crossing under
// concurrent debits, a run again once a top-up re-arms the account, a job run twice (and on
// two hosts sharing MariaDB) charging once, a charge whose answer is lost credited once by
// the payment service's re-sync, failures counted and reported until auto top-up turns
// itself off, a removed card turning it off, a stalled charge asked again with the same
// attempt (one payment), and a held case crossing with no threshold.
#include "CardChargesProvider.h"
#include "CasesPortal.h"
#include "TestDatabase.h"

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace molar;
using namespace molar::test;

namespace {

// Starter: 10,000.00 QAR of credits for 9,500.00 (config/credits.properties).
constexpr std::int64_t kStarterCredits = 1000000;
constexpr std::int64_t kStarterPrice = 950000;

// The first off-session charge waits inside the provider until the test lets it go: a host
// that claimed a run and then stalls (or died) mid-call, without racing the clock.
class GatedCardProvider : public CardChargesProvider
{
public:
    sdk::PaymentResult chargeSaved(const sdk::PaymentRequest& request) override
    {
        if (!_gated.exchange(true)) {
            _entered.set_value();
            _release.get_future().wait();
        }
        return CardChargesProvider::chargeSaved(request);
    }
    bool awaitFirstCall()
    {
        return _entered.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready;
    }
    void release() { _release.set_value(); }

private:
    std::atomic<bool> _gated{false};
    std::promise<void> _entered;
    std::promise<void> _release;
};

class AutoPortal : public CasesPortal
{
public:
    explicit AutoPortal(DemoPortal::Settings extra = {},
                        std::shared_ptr<CardChargesProvider> card = std::make_shared<CardChargesProvider>())
        : CasesPortal(settings(extra))
    {
        provider = std::move(card);
        portal().paymentProviders().add("credits-tests", provider, nullptr);
        pearl = count("SELECT organization_id FROM molar_users WHERE email = ?",
                      {std::string("owner@pearl.example")});
        smile = count("SELECT organization_id FROM molar_users WHERE email = ?",
                      {std::string("owner@smile.example")});
        portal().events().on("credits-tests", "credits.auto_topup_failed",
                             [this](sdk::Transaction&, const sdk::Event& e) { record(failures, e.payload); });
        portal().events().on(
            "credits-tests", "credits.low_balance",
            [this](sdk::Transaction&, const sdk::Event& e) { record(lowBalances, e.payload); });
    }

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        auto rows = db().query(sql, params);
        return rows.empty() || rows.row(0).at(0).isNull() ? 0 : rows.row(0).at(0).asInt();
    }
    std::string text(const std::string& sql, const sdk::Params& params = {})
    {
        auto rows = db().query(sql, params);
        return rows.empty() ? std::string() : rows.row(0).at(0).toString();
    }

    // A card saved as the owner saves one (the setup, the provider's page, back): its host id.
    std::int64_t saveCard(std::int64_t organization)
    {
        auto& payments = portal().payments();
        const sdk::MethodSetup setup = payments.startSavingMethod(
            organization, CardChargesProvider::kName, "https://portal.example/credits/card/{SETUP_ID}",
            "https://portal.example/credits", "en");
        const auto method = payments.finishSavingMethod(organization, setup.id);
        CPPUNIT_ASSERT(method);
        return method->id;
    }

    // The owner's auto top-up form on the Credits page: the answer's status.
    int configure(bool enabled, const std::string& threshold, std::int64_t methodId,
                  const std::string& pack = "starter")
    {
        Form form{{"threshold", threshold}, {"pack", pack}, {"method", std::to_string(methodId)}};
        if (enabled)
            form.push_back({"enabled", "on"});
        return pearlOwner()->post("/credits/auto-top-up", form).status;
    }

    // A received case's price due from Pearl's credits, as billing asks for it.
    void debit(std::int64_t invoiceId, std::int64_t amountMinor)
    {
        db().transaction([&](sdk::Transaction& tx) {
            portal().events().publish(
                tx, "invoice.credits_due",
                sdk::Value::object({{"invoiceId", invoiceId},
                                    {"caseId", invoiceId},
                                    {"number", "TR-260512-" + std::to_string(invoiceId)},
                                    {"organizationId", pearl},
                                    {"ownerUserId", 0},
                                    {"amountMinor", amountMinor},
                                    {"currency", "QAR"},
                                    {"productName", "Zirconia crown"},
                                    {"actorUserId", 0}}));
        });
    }

    // Runs every job due now, one after the other; a run put off (AutoRunBusy) waits.
    void runJobs()
    {
        for (int i = 0; i < 200 && portal().jobs().runOnce(); ++i) {
        }
    }
    // What was put off: the clock past every retry's time, a few times.
    void runLater()
    {
        for (int i = 0; i < 4; ++i) {
            clock.advance(std::chrono::minutes(10));
            runJobs();
        }
    }
    void enqueueRun(std::int64_t runId, int times)
    {
        db().transaction([&](sdk::Transaction& tx) {
            for (int i = 0; i < times; ++i)
                portal().jobs().enqueue(tx, "credits.auto-topup", sdk::Value::object({{"runId", runId}}),
                                        std::chrono::milliseconds(0), "");
        });
    }

    std::int64_t balance()
    {
        return count("SELECT balance_minor FROM credits_accounts WHERE organization_id = ?", {pearl});
    }
    std::int64_t ledgerSum()
    {
        return count("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS SIGNED) FROM credits_ledger WHERE "
                     "organization_id = ?",
                     {pearl});
    }
    std::int64_t account(const std::string& column)
    {
        return count("SELECT " + column + " FROM credits_accounts WHERE organization_id = ?", {pearl});
    }
    std::int64_t runs(const std::string& state = "")
    {
        return state.empty()
                   ? count("SELECT COUNT(*) FROM credits_auto_runs WHERE organization_id = ?", {pearl})
                   : count("SELECT COUNT(*) FROM credits_auto_runs WHERE organization_id = ? AND state = ?",
                           {pearl, state});
    }
    std::int64_t lastRun()
    {
        return count("SELECT MAX(id) FROM credits_auto_runs WHERE organization_id = ?", {pearl});
    }
    std::int64_t topupEntries()
    {
        return count("SELECT COUNT(*) FROM credits_ledger WHERE organization_id = ? AND kind = 'topup'",
                     {pearl});
    }
    int charges() { return provider->calls(provider->chargeCalls); }

    std::vector<sdk::Value> failed()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return failures;
    }
    std::size_t lowBalanceCount()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return lowBalances.size();
    }

    std::shared_ptr<CardChargesProvider> provider;
    std::int64_t pearl = 0;
    std::int64_t smile = 0;

private:
    void record(std::vector<sdk::Value>& into, const sdk::Value& payload)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        into.push_back(payload);
    }
    static DemoPortal::Settings settings(DemoPortal::Settings extra)
    {
        DemoPortal::Settings all{{"plugins.enabled", "credits"}, {"jobs.workers", "0"}};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }

    std::mutex _mutex;
    std::vector<sdk::Value> failures;
    std::vector<sdk::Value> lowBalances;
};

} // namespace

class AutoTopUpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AutoTopUpTest);
    CPPUNIT_TEST(oneChargePerCrossingUnderConcurrentDebits);
    CPPUNIT_TEST(aRunTwiceOrOnTwoHostsChargesOnce);
    CPPUNIT_TEST(aLostAnswerIsCreditedOnceByTheResync);
    CPPUNIT_TEST(aStalledChargeIsAskedAgainWithTheSameAttempt);
    CPPUNIT_TEST(aHeldCaseIsACrossingAndResumesOnTheTopUp);
    CPPUNIT_TEST(failuresAreReportedAndTurnAutoTopUpOff);
    CPPUNIT_TEST(removingTheCardTurnsAutoTopUpOff);
    CPPUNIT_TEST_SUITE_END();

public:
    void oneChargePerCrossingUnderConcurrentDebits()
    {
        AutoPortal p;
        const std::int64_t card = p.saveCard(p.pearl);

        // Turned on with nothing in the balance: under the threshold already, a crossing and a run at once.
        CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "10000.00", card));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.runs("pending"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), p.lowBalanceCount());
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(1, p.charges());
        CPPUNIT_ASSERT_EQUAL(kStarterPrice, p.provider->payments.begin()->second.amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.runs("succeeded"));
        CPPUNIT_ASSERT_EQUAL(kStarterCredits, p.balance());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.account("armed")); // 10,000.00 is not under 10,000.00
        CPPUNIT_ASSERT_EQUAL(
            std::string("auto"),
            p.text("SELECT origin FROM credits_topups WHERE organization_id = ?", {p.pearl}));

        // 16 cases received at once, each taking the balance further under the threshold:
        // one crossing, one run.
        std::vector<std::thread> threads;
        std::atomic<int> failed{0};
        for (int i = 1; i <= 16; ++i)
            threads.emplace_back([&p, &failed, i] {
                try {
                    p.debit(i, 10000);
                } catch (const std::exception&) {
                    ++failed;
                }
            });
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL(0, failed.load());
        CPPUNIT_ASSERT_EQUAL(kStarterCredits - 160000, p.balance());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), p.account("crossings"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), p.runs());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), p.lowBalanceCount());
        p.runJobs();
        p.runLater();
        CPPUNIT_ASSERT_EQUAL(2, p.charges());
        CPPUNIT_ASSERT_EQUAL(2 * kStarterCredits - 160000, p.balance());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.account("armed"));

        // Re-armed by that top-up: the next fall under the threshold charges again, once.
        p.debit(17, kStarterCredits);
        p.debit(18, 10000);
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(3, p.charges());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), p.runs("succeeded"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), p.topupEntries());
        CPPUNIT_ASSERT_EQUAL(p.ledgerSum(), p.balance());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             p.count("SELECT COUNT(*) FROM molar_jobs WHERE state = 'parked'"));
    }

    void aRunTwiceOrOnTwoHostsChargesOnce()
    {
        TestDatabase shared;
        AutoPortal a({{"db.url", shared.url()}});
        const bool twoHosts = TestDatabase::backend() == "mysql";
        std::unique_ptr<AutoPortal> b;
        if (twoHosts)
            b = std::make_unique<AutoPortal>(DemoPortal::Settings{{"db.url", shared.url()}});
        AutoPortal& other = twoHosts ? *b : a;

        const std::int64_t card = a.saveCard(a.pearl);
        // Each charge takes a while: the other runs meet it in flight, or find it done.
        a.provider->delayMillis = 300;
        other.provider->delayMillis = 300;
        CPPUNIT_ASSERT_EQUAL(303, a.configure(true, "100.00", card));
        const std::int64_t run = a.lastRun();
        a.enqueueRun(run, 3);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&, i] { (i % 2 == 0 ? a : other).portal().jobs().runOnce(); });
        for (auto& t : threads)
            t.join();
        a.runLater();
        other.runLater();

        CPPUNIT_ASSERT_EQUAL(1, a.charges() + (twoHosts ? other.charges() : 0));
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"),
                             a.text("SELECT state FROM credits_auto_runs WHERE id = ?", {run}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), a.topupEntries());
        CPPUNIT_ASSERT_EQUAL(kStarterCredits, a.balance());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), a.count("SELECT COUNT(*) FROM credits_topups"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             a.count("SELECT COUNT(*) FROM molar_jobs WHERE state = 'parked'"));
    }

    void aLostAnswerIsCreditedOnceByTheResync()
    {
        AutoPortal p;
        const std::int64_t card = p.saveCard(p.pearl);
        // The provider charges the card, and its answer never arrives.
        p.provider->loseAnswers = 1;
        CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "100.00", card));
        const std::int64_t run = p.lastRun();
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(1, p.charges());
        CPPUNIT_ASSERT_EQUAL(std::string("charging"),
                             p.text("SELECT state FROM credits_auto_runs WHERE id = ?", {run}));
        const std::string attempt = p.text("SELECT attempt_id FROM credits_auto_runs WHERE id = ?", {run});
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"),
                             p.text("SELECT state FROM molar_payment_attempts WHERE id = ?", {attempt}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.balance());

        // The payment service's re-sync finds the payment: credited once, the run succeeded.
        p.clock.advance(std::chrono::minutes(1));
        p.portal().payments().resync(std::chrono::minutes(0));
        CPPUNIT_ASSERT_EQUAL(kStarterCredits, p.balance());
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"),
                             p.text("SELECT state FROM credits_auto_runs WHERE id = ?", {run}));
        // Again, and the job's later runs: nothing more.
        p.clock.advance(std::chrono::minutes(1));
        p.portal().payments().resync(std::chrono::minutes(0));
        p.runLater();
        CPPUNIT_ASSERT_EQUAL(1, p.charges());
        CPPUNIT_ASSERT_EQUAL(1, p.provider->paymentsMade());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.topupEntries());
        CPPUNIT_ASSERT_EQUAL(kStarterCredits, p.balance());
        CPPUNIT_ASSERT_EQUAL(p.ledgerSum(), p.balance());
    }

    void aStalledChargeIsAskedAgainWithTheSameAttempt()
    {
        auto gated = std::make_shared<GatedCardProvider>();
        AutoPortal p({}, gated);
        const std::int64_t card = p.saveCard(p.pearl);
        CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "100.00", card));
        const std::int64_t run = p.lastRun();
        // Every job due (the outbox holds others too), the run's stalling in the provider.
        std::thread stalled([&p] { p.runJobs(); });
        const bool called = gated->awaitFirstCall();
        if (!called) {
            gated->release();
            stalled.join();
        }
        CPPUNIT_ASSERT_MESSAGE("the run's job never called the provider", called);
        CPPUNIT_ASSERT_EQUAL(std::string("charging"),
                             p.text("SELECT state FROM credits_auto_runs WHERE id = ?", {run}));

        // Another run of the job while the call is young: put off, the provider not asked.
        p.enqueueRun(run, 1);
        p.runJobs();
        // Two minutes on, the claim is taken for dead: asked again, with the same attempt.
        p.clock.advance(std::chrono::minutes(3));
        p.enqueueRun(run, 1);
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"),
                             p.text("SELECT state FROM credits_auto_runs WHERE id = ?", {run}));
        gated->release();
        stalled.join();
        p.runLater();

        CPPUNIT_ASSERT_EQUAL(2, p.charges()); // the stalled call and the one that took over
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), gated->payments.size()); // one idempotency key
        CPPUNIT_ASSERT_EQUAL(1, gated->paymentsMade());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.topupEntries());
        CPPUNIT_ASSERT_EQUAL(kStarterCredits, p.balance());
        CPPUNIT_ASSERT_EQUAL(p.ledgerSum(), p.balance());
    }

    void aHeldCaseIsACrossingAndResumesOnTheTopUp()
    {
        AutoPortal p;
        const std::int64_t card = p.saveCard(p.pearl);
        // No threshold: only a case the balance cannot pay crosses.
        CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "0", card));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.runs());
        p.debit(1, 450000);
        p.debit(2, 450000);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             p.count("SELECT COUNT(*) FROM credits_holds WHERE state = 'held'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.runs("pending"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), p.lowBalanceCount()); // a hold is told as such
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(1, p.charges());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             p.count("SELECT COUNT(*) FROM credits_holds WHERE state = 'resumed'"));
        CPPUNIT_ASSERT_EQUAL(kStarterCredits - 900000, p.balance());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.account("armed"));
        CPPUNIT_ASSERT_EQUAL(p.ledgerSum(), p.balance());
    }

    void failuresAreReportedAndTurnAutoTopUpOff()
    {
        AutoPortal p;
        const std::int64_t card = p.saveCard(p.pearl);
        p.provider->decline = true;
        for (int failure = 1; failure <= 3; ++failure) {
            // Armed again by a threshold the balance meets, then crossed by one it does not.
            if (failure > 1)
                CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "0", card));
            CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "100.00", card));
            p.runJobs();
            CPPUNIT_ASSERT_EQUAL(failure, p.charges());
            CPPUNIT_ASSERT_EQUAL(std::int64_t(failure), p.runs("failed"));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(failure), p.account("auto_failures"));
            const auto told = p.failed();
            CPPUNIT_ASSERT_EQUAL(std::size_t(failure), told.size());
            const sdk::Value& last = told.back();
            CPPUNIT_ASSERT_EQUAL(std::string("card_declined"), last.getString("failureCode"));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(failure), last.getInt("failures"));
            CPPUNIT_ASSERT_EQUAL(std::string("Starter"), last.getString("packName"));
            CPPUNIT_ASSERT_EQUAL(std::string(failure == 3 ? "yes" : "no"), last.getString("turnedOff"));
            CPPUNIT_ASSERT(last.getString("creditsUrl").find("/credits") != std::string::npos);
            CPPUNIT_ASSERT_EQUAL(std::int64_t(failure == 3 ? 0 : 1), p.account("auto_enabled"));
        }
        CPPUNIT_ASSERT(
            p.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'credits.auto_topup.turned_off'") > 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.balance());

        // Off: a later crossing is told, not charged.
        CPPUNIT_ASSERT_EQUAL(303, p.configure(false, "0", card));
        CPPUNIT_ASSERT_EQUAL(303, p.configure(false, "100.00", card));
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(3, p.charges());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), p.runs());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.account("armed"));
    }

    void removingTheCardTurnsAutoTopUpOff()
    {
        AutoPortal p;
        const std::int64_t card = p.saveCard(p.pearl);
        // Another organization's card is refused, and nothing is saved.
        const std::int64_t smileCard = p.saveCard(p.smile);
        CPPUNIT_ASSERT_EQUAL(400, p.configure(true, "100.00", smileCard));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.account("auto_enabled"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.runs());

        // On, a run waiting for its job; the owner removes the card first.
        CPPUNIT_ASSERT_EQUAL(303, p.configure(true, "100.00", card));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.runs("pending"));
        const std::int64_t owner =
            p.count("SELECT id FROM molar_users WHERE email = ?", {std::string("owner@pearl.example")});
        CPPUNIT_ASSERT(
            p.portal().payments().removeMethod(p.pearl, card, sdk::Actor{owner, "Pearl owner", ""}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.account("auto_enabled"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(),
            p.text("SELECT auto_method_id FROM credits_accounts WHERE organization_id = ?", {p.pearl}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            p.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'credits.auto_topup.turned_off' "
                    "AND actor_user_id = ?",
                    {owner}));
        p.runJobs();
        CPPUNIT_ASSERT_EQUAL(0, p.charges());
        CPPUNIT_ASSERT_EQUAL(
            std::string("turned_off"),
            p.text("SELECT failure_code FROM credits_auto_runs WHERE organization_id = ?", {p.pearl}));
        CPPUNIT_ASSERT(p.failed().empty()); // not a failure of the card
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AutoTopUpTest);

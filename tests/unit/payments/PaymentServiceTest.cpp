// The host's payment service on both databases: the webhook inbox takes the same
// delivery five times and changes things once; deliveries in reverse order never
// move an attempt back and count money once per payment and refund id; a bank
// transfer's parts add up; the re-sync settles an attempt whose checkout had no
// known outcome without charging again; two threads recording one event: one wins.
#include "Assertions.h"
#include "PaymentTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <set>
#include <thread>

using namespace molar;
using sdk::PaymentEventKind;
using sdk::PaymentState;
using test::PaymentFixture;

class PaymentServiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PaymentServiceTest);
    CPPUNIT_TEST(testBeginRecordsAPendingAttemptWithARandomKey);
    CPPUNIT_TEST(testBeginRefusesWhatNoProviderTakes);
    CPPUNIT_TEST(testSameDeliveryFiveTimesChangesOnce);
    CPPUNIT_TEST(testSucceededPayloadHasWhatBillingReads);
    CPPUNIT_TEST(testLateNewsLeaveASucceededAttempt);
    CPPUNIT_TEST(testReverseOrderCountsMoneyOnce);
    CPPUNIT_TEST(testRefundBeforeSuccessIsCountedOnce);
    CPPUNIT_TEST(testPartialReceiptsAddUp);
    CPPUNIT_TEST(testResultCountsOnlyWhatIsNotCountedYet);
    CPPUNIT_TEST(testMoneyInAnotherCurrencyIsNotCounted);
    CPPUNIT_TEST(testFailedThenMoneyReceivedCountsTheMoney);
    CPPUNIT_TEST(testEventOfAnotherProviderChangesNothing);
    CPPUNIT_TEST(testDisputesArePublishedAndAMethodNeedsItsSetup);
    CPPUNIT_TEST(testCheckoutRecordsTheProviderPaymentAndKeepsNoSecret);
    CPPUNIT_TEST(testResyncSettlesAnUnknownCheckoutWithoutChargingAgain);
    CPPUNIT_TEST(testResyncAsksOnlyAboutStaleOnlineAttempts);
    CPPUNIT_TEST(testResyncOfAnAttemptTheProviderNeverSawFailsIt);
    CPPUNIT_TEST(testTwoThreadsRecordingOneEventOneWins);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _f = std::make_unique<PaymentFixture>(); }
    void tearDown() override { _f.reset(); }

    void testBeginRecordsAPendingAttemptWithARandomKey()
    {
        const auto a = _f->begin(5000);
        const auto b = _f->begin(5000);
        CPPUNIT_ASSERT(a.id != b.id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(35), a.id.size()); // "pa_" and 128 random bits in hex
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::string("tests"), stored.provider);
        CPPUNIT_ASSERT_EQUAL(std::string("invoice"), stored.purpose.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("42"), stored.purpose.id);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), stored.purpose.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), stored.amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), stored.amount.currency);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _f->service.attemptsFor("invoice", "42").size());
        CPPUNIT_ASSERT(_f->service.attemptsFor("invoice", "43").empty());
        CPPUNIT_ASSERT(!_f->service.attempt("pa_nothing"));
    }

    void testBeginRefusesWhatNoProviderTakes()
    {
        CPPUNIT_ASSERT_THROW(_f->begin(5000, "QAR", "nobody"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->begin(0), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->begin(5000, "EUR"), std::invalid_argument); // not in its currencies
        CPPUNIT_ASSERT_THROW(_f->begin(5000, "qar"), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("SELECT COUNT(*) FROM molar_payment_attempts"));
    }

    void testSameDeliveryFiveTimesChangesOnce()
    {
        const auto a = _f->begin(5000);
        const auto e = PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 5000);
        CPPUNIT_ASSERT(_f->service.record("tests", e));
        for (int i = 0; i < 4; ++i)
            CPPUNIT_ASSERT(!_f->service.record("tests", e));

        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), stored.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_payment_events"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_payment_receipts"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->count("SELECT COUNT(*) FROM molar_audit WHERE action = 'payment.recorded'"
                                       " AND object_id = ?",
                                       {a.id}));
    }

    void testSucceededPayloadHasWhatBillingReads()
    {
        const auto a = _f->begin(125050);
        _f->service.record("tests",
                           PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 125050));
        const auto payloads = _f->published("payment.succeeded");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), payloads.size());
        const auto& p = payloads[0];
        CPPUNIT_ASSERT_EQUAL(a.id, p.getString("attemptId"));
        CPPUNIT_ASSERT_EQUAL(std::string("tests"), p.getString("provider"));
        CPPUNIT_ASSERT_EQUAL(std::string("invoice"), p.getString("purposeKind"));
        CPPUNIT_ASSERT_EQUAL(std::string("42"), p.getString("purposeId"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), p.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), p.getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), p.getString("currency"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 1,250.50"), p.getString("amountText"));
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000042"), p.getString("reference"));
        CPPUNIT_ASSERT_EQUAL(std::string("tp_1"), p.getString("providerPaymentId"));
        CPPUNIT_ASSERT(p.get("paidInFull").asBool());
        CPPUNIT_ASSERT(p.getInt("receiptId") > 0);
    }

    void testLateNewsLeaveASucceededAttempt()
    {
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_3", PaymentEventKind::Succeeded, a.id, "tp_1", 5000)));
        // Delivered late: "authorized", then "failed" and "canceled" of an earlier try.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_2", PaymentEventKind::Authorized, a.id, "tp_1", 5000)));
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_1", PaymentEventKind::Failed, a.id, "tp_1", 0)));
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_0", PaymentEventKind::Canceled, a.id, "tp_1", 0)));

        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Succeeded);
        CPPUNIT_ASSERT(_f->published("payment.failed").empty());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(3),
            _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE outcome = 'no_change'"));
    }

    void testReverseOrderCountsMoneyOnce()
    {
        const auto a = _f->begin(5000);
        // As sent: authorized, succeeded, refunded, and the success again under a
        // second event id (a provider reporting one payment twice); delivered backwards,
        // so the last two name a payment id no attempt has yet: kept, and applied once
        // the success with the attempt's key tells whose it is.
        std::vector<sdk::PaymentEvent> sent{
            PaymentFixture::event("evt_1", PaymentEventKind::Authorized, a.id, "tp_1", 5000),
            PaymentFixture::event("evt_2", PaymentEventKind::Succeeded, a.id, "tp_1", 5000),
            PaymentFixture::event("evt_3", PaymentEventKind::Refunded, "", "tp_1", 1500, "re_1"),
            PaymentFixture::event("evt_4", PaymentEventKind::Succeeded, "", "tp_1", 5000)};
        for (auto it = sent.rbegin(); it != sent.rend(); ++it)
            CPPUNIT_ASSERT(_f->service.record("tests", *it));
        for (const auto& e : sent) // and again, in order
            CPPUNIT_ASSERT(!_f->service.record("tests", e));

        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), stored.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1500), stored.refundedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.refunded").size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE"
                                       " outcome = 'applied'")); // the success and the refund
    }

    void testRefundBeforeSuccessIsCountedOnce()
    {
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_9", PaymentEventKind::Refunded, a.id, "tp_1", 2000, "re_1")));
        // The same refund reported again under another event id, then the success.
        CPPUNIT_ASSERT(_f->service.record("tests", PaymentFixture::event("evt_10", PaymentEventKind::Refunded,
                                                                         a.id, "tp_1", 2000, "re_1")));
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 5000)));

        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000), stored.refundedMinor);
        const auto refunds = _f->published("payment.refunded");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), refunds.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000), refunds[0].getInt("refundMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 20.00"), refunds[0].getString("amountText"));
    }

    void testPartialReceiptsAddUp()
    {
        const auto a = _f->begin(10000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("line-1", PaymentEventKind::Succeeded, a.id, "tr_1", 4000)));
        auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), stored.capturedMinor);
        // The first transfer again, under another event id: counted once.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("line-1b", PaymentEventKind::Succeeded, a.id, "tr_1", 4000)));
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("line-2", PaymentEventKind::Succeeded, a.id, "tr_2", 6000)));
        stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), stored.capturedMinor);

        const auto receipts = _f->published("payment.succeeded");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), receipts.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), receipts[0].getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("tr_1"), receipts[0].getString("providerPaymentId"));
        CPPUNIT_ASSERT(!receipts[0].get("paidInFull").asBool());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), receipts[1].getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("tr_2"), receipts[1].getString("providerPaymentId"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), receipts[1].getInt("capturedMinor"));
        CPPUNIT_ASSERT(receipts[1].get("paidInFull").asBool());
    }

    void testResultCountsOnlyWhatIsNotCountedYet()
    {
        const auto a = _f->begin(10000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("line-1", PaymentEventKind::Succeeded, a.id, "tr_1", 4000)));
        // The provider's view: 10000 taken in all, the last part tr_2.
        sdk::PaymentResult result;
        result.state = PaymentState::Succeeded;
        result.providerPaymentId = "tr_2";
        result.amount = {10000, "QAR"};
        result.capturedMinor = 10000;
        CPPUNIT_ASSERT(_f->service.apply(a.id, result)->state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), _f->attempt(a.id).capturedMinor);
        // The same answer again, and tr_2's own report: nothing more.
        _f->service.apply(a.id, result);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("line-2", PaymentEventKind::Succeeded, a.id, "tr_2", 6000)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), _f->attempt(a.id).capturedMinor);
        const auto receipts = _f->published("payment.succeeded");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), receipts.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), receipts[1].getInt("amountMinor"));
        CPPUNIT_ASSERT(!_f->service.apply("pa_nothing", result));
    }

    void testMoneyInAnotherCurrencyIsNotCounted()
    {
        const auto a = _f->begin(5000);
        auto e = PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 5000);
        e.amount.currency = "KWD";
        CPPUNIT_ASSERT(_f->service.record("tests", e));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT(_f->published("payment.succeeded").empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_audit WHERE"
                                                        " action = 'payment.currency_mismatch'"));
    }

    void testFailedThenMoneyReceivedCountsTheMoney()
    {
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_1", PaymentEventKind::Failed, a.id, "tp_1", 0)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.failed").size());
        // The payer tried again on the same checkout, and paid.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_2", PaymentEventKind::Succeeded, a.id, "tp_1", 5000)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
    }

    void testEventOfAnotherProviderChangesNothing()
    {
        auto other = std::make_shared<test::TestPaymentProvider>("other");
        _f->providers.add("other-plugin", other, nullptr);
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "other", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 5000)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Pending);
        CPPUNIT_ASSERT(_f->published("payment.succeeded").empty());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE outcome = 'unmatched'"));
        // The same event id from the right provider is another event.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 5000)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Succeeded);
    }

    void testDisputesArePublishedAndAMethodNeedsItsSetup()
    {
        const auto a = _f->begin(5000);
        _f->service.record("tests",
                           PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_1", 5000));
        auto opened = PaymentFixture::event("evt_2", PaymentEventKind::DisputeOpened, "", "tp_1", 5000);
        opened.disputeId = "dp_1";
        auto closed = PaymentFixture::event("evt_3", PaymentEventKind::DisputeClosed, "", "tp_1", 5000);
        closed.disputeId = "dp_1";
        closed.disputeOutcome = "won";
        auto saved = PaymentFixture::event("evt_4", PaymentEventKind::MethodSaved, a.id, "", 0);
        saved.method = {"pm_1", "visa", "4242", 12, 2030};
        for (const auto& e : {opened, closed, saved})
            CPPUNIT_ASSERT(_f->service.record("tests", e));
        for (const auto& e : {opened, closed, saved})
            CPPUNIT_ASSERT(!_f->service.record("tests", e));

        const auto disputes = _f->published("dispute.opened");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), disputes.size());
        CPPUNIT_ASSERT_EQUAL(std::string("dp_1"), disputes[0].getString("disputeId"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 50.00"), disputes[0].getString("amountText"));
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000042"), disputes[0].getString("reference"));
        const auto ends = _f->published("dispute.closed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), ends.size());
        CPPUNIT_ASSERT_EQUAL(std::string("won"), ends[0].getString("disputeOutcome"));
        // A saved method belongs to a setup (SavedMethodsTest); one naming an attempt saves nothing.
        CPPUNIT_ASSERT(_f->published("payment.method_saved").empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("SELECT COUNT(*) FROM molar_payment_methods"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE"
                                       " provider_event_id = 'evt_4' AND outcome = 'unmatched'"));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Succeeded); // a dispute is no state
    }

    void testCheckoutRecordsTheProviderPaymentAndKeepsNoSecret()
    {
        const auto a = _f->begin(5000);
        const auto result =
            _f->service.checkout(a.id, "https://portal.example/back", "https://portal.example/cancel");
        CPPUNIT_ASSERT_EQUAL(std::string("https://pay.example/checkout/" + a.id), result.redirectUrl);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{a.id}, _f->provider->keys); // the attempt's key
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT_EQUAL(std::string("tp_" + a.id), stored.providerPaymentId);
        CPPUNIT_ASSERT(stored.state == PaymentState::Pending);
        // Nothing the host keeps holds the widget's secret.
        for (const char* table :
             {"molar_payment_attempts", "molar_payment_events", "molar_audit", "molar_jobs"}) {
            const auto rows = _f->db.database().query(std::string("SELECT * FROM ") + table);
            MOLAR_ASSERT_NOT_CONTAINS("secret_never_kept", host::toJson(rows.toValue()));
        }
        // A webhook naming only the provider's payment id finds the attempt.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, "", "tp_" + a.id, 5000)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_THROW(_f->service.checkout(a.id, "", ""), std::invalid_argument); // settled
    }

    void testResyncSettlesAnUnknownCheckoutWithoutChargingAgain()
    {
        const auto a = _f->begin(5000);
        _f->provider->failCheckout = true; // sent, no answer
        const auto result =
            _f->service.checkout(a.id, "https://portal.example/back", "https://portal.example/cancel");
        CPPUNIT_ASSERT(result.state == PaymentState::Unknown);
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Unknown);

        // The provider did take it.
        _f->provider->fetchAnswer.state = PaymentState::Succeeded;
        _f->provider->fetchAnswer.providerPaymentId = "tp_late";
        _f->provider->fetchAnswer.amount = {5000, "QAR"};
        _f->provider->fetchAnswer.capturedMinor = 5000;
        CPPUNIT_ASSERT_EQUAL(1, _f->service.resync(std::chrono::minutes(10)));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{a.id + "|"}, _f->provider->fetchedKeys);
        auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), stored.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("tp_late"), stored.providerPaymentId);

        // Nothing more to ask; no second checkout, no charge.
        _f->clock.advance(std::chrono::hours(1));
        CPPUNIT_ASSERT_EQUAL(0, _f->service.resync(std::chrono::minutes(10)));
        CPPUNIT_ASSERT_EQUAL(1, _f->provider->checkouts);
        CPPUNIT_ASSERT_EQUAL(0, _f->provider->charges);
        CPPUNIT_ASSERT_EQUAL(1, _f->provider->fetches);
        // The webhook of that payment arriving afterwards counts nothing twice.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id, "tp_late", 5000)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
    }

    void testResyncAsksOnlyAboutStaleOnlineAttempts()
    {
        auto bank = std::make_shared<test::TestPaymentProvider>("bank", sdk::PaymentFlow::Offline);
        _f->providers.add("bank-plugin", bank, nullptr);
        const auto online = _f->begin(5000);
        const auto transfer = _f->begin(5000, "QAR", "bank");
        _f->provider->fetchAnswer.state = PaymentState::Pending;
        bank->fetchAnswer.state = PaymentState::Pending;

        _f->clock.advance(std::chrono::minutes(5));
        CPPUNIT_ASSERT_EQUAL(0, _f->service.resync(std::chrono::minutes(10))); // not stale yet
        _f->clock.advance(std::chrono::minutes(6));
        CPPUNIT_ASSERT_EQUAL(1, _f->service.resync(std::chrono::minutes(10)));
        CPPUNIT_ASSERT_EQUAL(1, _f->provider->fetches);
        CPPUNIT_ASSERT_EQUAL(0, bank->fetches); // a transfer is waited for
        // Asked once per period, not on every run.
        _f->clock.advance(std::chrono::minutes(1));
        CPPUNIT_ASSERT_EQUAL(0, _f->service.resync(std::chrono::minutes(10)));
        _f->clock.advance(std::chrono::minutes(10));
        CPPUNIT_ASSERT_EQUAL(1, _f->service.resync(std::chrono::minutes(10)));
        CPPUNIT_ASSERT(_f->attempt(online.id).state == PaymentState::Pending);
        CPPUNIT_ASSERT(_f->attempt(transfer.id).state == PaymentState::Pending);
    }

    void testResyncOfAnAttemptTheProviderNeverSawFailsIt()
    {
        const auto a = _f->begin(5000);
        _f->provider->failCheckout = true;
        _f->service.checkout(a.id, "", "");
        _f->provider->fetchAnswer.state = PaymentState::Unknown;
        _f->provider->fetchAnswer.failureCode = "not_found";
        CPPUNIT_ASSERT_EQUAL(1, _f->service.resync(std::chrono::minutes(10)));
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("not_found"), stored.failureCode);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.failed").size());
        CPPUNIT_ASSERT_EQUAL(1, _f->provider->checkouts);
    }

    void testTwoThreadsRecordingOneEventOneWins()
    {
        const auto a = _f->begin(100000);
        for (int round = 0; round < 10; ++round) {
            const auto e = PaymentFixture::event("evt_" + std::to_string(round), PaymentEventKind::Succeeded,
                                                 a.id, "tr_" + std::to_string(round), 1000);
            std::atomic<int> ready{0}, wins{0};
            auto record = [&] {
                ++ready;
                while (ready.load() < 2) {
                }
                if (_f->service.record("tests", e))
                    ++wins;
            };
            std::thread first(record), second(record);
            first.join();
            second.join();
            CPPUNIT_ASSERT_EQUAL(1, wins.load());
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), _f->published("payment.succeeded").size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), _f->count("SELECT COUNT(*) FROM molar_payment_receipts"));
    }

private:
    std::unique_ptr<PaymentFixture> _f;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentServiceTest);

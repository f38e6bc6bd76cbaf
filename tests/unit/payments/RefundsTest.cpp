// Refunds on both databases: partial ones add up to the capture and no further
// (refused here, the provider not asked), eight asked at once never exceed it, a
// refund key asked twice is one refund, a refund counted from its answer is not
// counted again by its webhook, and one whose answer was lost is settled by the
// re-sync with the same key.
#include "Assertions.h"
#include "CardFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace molar;
using sdk::PaymentEventKind;
using sdk::PaymentState;
using test::CardFixture;
using test::PaymentFixture;

namespace {

const sdk::Actor CLERK{21, "Billing clerk", "198.51.100.4"};

} // namespace

class RefundsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RefundsTest);
    CPPUNIT_TEST(testPartialRefundsUpToTheCapture);
    CPPUNIT_TEST(testSameKeyTwiceIsOneRefund);
    CPPUNIT_TEST(testConcurrentRefundsNeverExceedTheCapture);
    CPPUNIT_TEST(testPendingRefundHoldsItsAmountUntilItsWebhook);
    CPPUNIT_TEST(testLostRefundAnswerIsSettledByTheResync);
    CPPUNIT_TEST(testNothingCapturedNothingRefunded);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _f = std::make_unique<CardFixture>(); }
    void tearDown() override { _f.reset(); }

    void testPartialRefundsUpToTheCapture()
    {
        const auto a = _f->paid(10000);
        const auto first = _f->service.refund(a.id, 4000, "rf_1", CLERK);
        CPPUNIT_ASSERT(first.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), first.amountMinor);
        CPPUNIT_ASSERT(!first.providerRefundId.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), _f->attempt(a.id).refundedMinor);
        auto refunded = _f->published("payment.refunded");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), refunded.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), refunded[0].getInt("refundMinor"));
        CPPUNIT_ASSERT_EQUAL(first.providerRefundId, refunded[0].getString("providerRefundId"));
        // The provider's webhook for that refund counts nothing more.
        CPPUNIT_ASSERT(_f->service.record("cards", PaymentFixture::event("evt_r1", PaymentEventKind::Refunded,
                                                                         a.id, a.providerPaymentId, 4000,
                                                                         first.providerRefundId)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.refunded").size());

        // Beyond the capture: refused here, the provider not asked.
        const auto over = _f->service.refund(a.id, 6001, "rf_2", CLERK);
        CPPUNIT_ASSERT(over.state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("exceeds_capture"), over.failureCode);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->refundCalls);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_audit WHERE action ="
                                                        " 'payment.refund_refused' AND actor_user_id = 21"));

        CPPUNIT_ASSERT(_f->service.refund(a.id, 6000, "rf_3", CLERK).state == PaymentState::Succeeded);
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), stored.refundedMinor);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT(_f->service.refund(a.id, 1, "rf_4", CLERK).state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(2, _f->cards->refundsMade);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             _f->count("SELECT COUNT(*) FROM molar_audit WHERE action ="
                                       " 'payment.refund_requested' AND actor_user_id = 21"));
        CPPUNIT_ASSERT_THROW(_f->service.refund(a.id, 0, "rf_5", CLERK), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->service.refund(a.id, 100, "", CLERK), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->service.refund("pa_nothing", 100, "rf_6", CLERK), std::invalid_argument);
    }

    void testSameKeyTwiceIsOneRefund()
    {
        const auto a = _f->paid(10000);
        const auto first = _f->service.refund(a.id, 2500, "rf_double_click", CLERK);
        const auto second = _f->service.refund(a.id, 2500, "rf_double_click", CLERK);
        CPPUNIT_ASSERT(second.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(first.providerRefundId, second.providerRefundId);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->refundCalls);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2500), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.refunded").size());
        // The key is this payment's: another payment cannot use it.
        const auto b = _f->paid(3000);
        CPPUNIT_ASSERT_THROW(_f->service.refund(b.id, 1000, "rf_double_click", CLERK), std::invalid_argument);
    }

    void testConcurrentRefundsNeverExceedTheCapture()
    {
        const auto a = _f->paid(10000);
        _f->cards->refundDelay = std::chrono::milliseconds(20);
        std::atomic<int> succeeded{0}, refused{0}, errors{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&, i] {
                try {
                    const auto r = _f->service.refund(a.id, 3000, "rf_thread_" + std::to_string(i), CLERK);
                    if (r.state == PaymentState::Succeeded)
                        ++succeeded;
                    else if (r.state == PaymentState::Failed && r.failureCode == "exceeds_capture")
                        ++refused;
                } catch (const std::exception&) {
                    ++errors;
                }
            });
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL(0, errors.load());
        CPPUNIT_ASSERT_EQUAL(3, succeeded.load());
        CPPUNIT_ASSERT_EQUAL(5, refused.load());
        CPPUNIT_ASSERT_EQUAL(3, _f->cards->refundsMade);
        CPPUNIT_ASSERT_EQUAL(3, _f->cards->refundCalls); // the refused ones never reached the provider
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9000), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), _f->published("payment.refunded").size());
    }

    void testPendingRefundHoldsItsAmountUntilItsWebhook()
    {
        const auto a = _f->paid(10000);
        _f->cards->pendingRefunds = true;
        const auto pending = _f->service.refund(a.id, 6000, "rf_1", CLERK);
        CPPUNIT_ASSERT(pending.state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT(_f->published("payment.refunded").empty());
        // The pending refund counts against the capture.
        CPPUNIT_ASSERT_EQUAL(std::string("exceeds_capture"),
                             _f->service.refund(a.id, 5000, "rf_2", CLERK).failureCode);

        CPPUNIT_ASSERT(_f->service.record("cards", PaymentFixture::event("evt_r1", PaymentEventKind::Refunded,
                                                                         a.id, a.providerPaymentId, 6000,
                                                                         pending.providerRefundId)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT(_f->service.refund(a.id, 6000, "rf_1", CLERK).state == PaymentState::Succeeded);
        CPPUNIT_ASSERT(_f->service.refund(a.id, 4000, "rf_3", CLERK).state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.refunded").size());
    }

    void testLostRefundAnswerIsSettledByTheResync()
    {
        const auto a = _f->paid(10000);
        _f->cards->throwNextRefund = true;
        const auto lost = _f->service.refund(a.id, 7000, "rf_1", CLERK);
        CPPUNIT_ASSERT(lost.state == PaymentState::Unknown);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->attempt(a.id).refundedMinor);
        // Until it is known, it holds its amount.
        CPPUNIT_ASSERT(_f->service.refund(a.id, 4000, "rf_2", CLERK).state == PaymentState::Failed);

        _f->service.resync(std::chrono::minutes(10)); // too soon: not asked yet
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->refundCalls);
        _f->clock.advance(std::chrono::minutes(11));
        _f->service.resync(std::chrono::minutes(10));
        CPPUNIT_ASSERT_EQUAL(2, _f->cards->refundCalls);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->refundsMade); // asked again with its key: refunded once
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7000), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT(_f->service.refund(a.id, 7000, "rf_1", CLERK).state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(2, _f->cards->refundCalls);
        _f->clock.advance(std::chrono::minutes(11));
        _f->service.resync(std::chrono::minutes(10));
        CPPUNIT_ASSERT_EQUAL(2, _f->cards->refundCalls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.refunded").size());
    }

    void testNothingCapturedNothingRefunded()
    {
        const auto a = _f->beginFor(7, 5000);
        const auto r = _f->service.refund(a.id, 100, "rf_1", CLERK);
        CPPUNIT_ASSERT(r.state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("exceeds_capture"), r.failureCode);
        CPPUNIT_ASSERT_EQUAL(0, _f->cards->refundCalls);
    }

private:
    std::unique_ptr<CardFixture> _f;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RefundsTest);

// Amounts the payment service must never count: a negative "succeeded" amount (which
// once read as "the rest of the attempt" and settled it in full), and amounts so large
// that adding them up would overflow 64 bits. Each is kept in the inbox, audited and
// counted as nothing; the attempt and its money stay as they were. Both databases.
#include "Assertions.h"
#include "PaymentTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

#include <limits>

using namespace molar;
using sdk::PaymentEventKind;
using sdk::PaymentState;
using test::PaymentFixture;

class PaymentAmountsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PaymentAmountsTest);
    CPPUNIT_TEST(testANegativeSuccessIsNotAFullPayment);
    CPPUNIT_TEST(testAmountsThatWouldOverflowAreNotCounted);
    CPPUNIT_TEST(testRefundsThatWouldOverflowAreNotCounted);
    CPPUNIT_TEST(testBeginRefusesAnAmountBeyondTheLimit);
    CPPUNIT_TEST(testAProviderTotalBeyondTheLimitIsNotCounted);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _f = std::make_unique<PaymentFixture>(); }
    void tearDown() override { _f.reset(); }

    void testANegativeSuccessIsNotAFullPayment()
    {
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("ev-neg", PaymentEventKind::Succeeded, a.id, "tp-neg", -100)));
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), stored.capturedMinor);
        CPPUNIT_ASSERT(stored.state == PaymentState::Pending);
        CPPUNIT_ASSERT(_f->published("payment.succeeded").empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE provider_event_id = "
                                       "'ev-neg' AND outcome = 'refused_amount'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                        "'payment.amount_refused' AND object_id = ?",
                                                        {a.id}));
    }

    void testAmountsThatWouldOverflowAreNotCounted()
    {
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("ev-1", PaymentEventKind::Succeeded, a.id, "tp-1", 100)));
        const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("ev-2", PaymentEventKind::Succeeded, a.id, "tp-2", huge)));
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("ev-3", PaymentEventKind::Succeeded, a.id, "tp-3", huge - 50)));
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100), stored.capturedMinor);
        CPPUNIT_ASSERT(stored.state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE "
                                                        "outcome = 'refused_amount'"));
        // The rest still arrives and settles it.
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("ev-4", PaymentEventKind::Succeeded, a.id, "tp-4", 4900)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), _f->attempt(a.id).capturedMinor);
    }

    void testRefundsThatWouldOverflowAreNotCounted()
    {
        const auto a = _f->begin(5000);
        CPPUNIT_ASSERT(_f->service.record(
            "tests", PaymentFixture::event("ev-pay", PaymentEventKind::Succeeded, a.id, "tp-pay", 5000)));
        const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
        CPPUNIT_ASSERT(_f->service.record("tests", PaymentFixture::event("ev-r1", PaymentEventKind::Refunded,
                                                                         a.id, "tp-pay", 100, "re-1")));
        CPPUNIT_ASSERT(_f->service.record("tests", PaymentFixture::event("ev-r2", PaymentEventKind::Refunded,
                                                                         a.id, "tp-pay", huge, "re-2")));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100), _f->attempt(a.id).refundedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.refunded").size());
    }

    void testBeginRefusesAnAmountBeyondTheLimit()
    {
        CPPUNIT_ASSERT_THROW(_f->begin(std::numeric_limits<std::int64_t>::max()), std::invalid_argument);
        _f->begin(1000000000000000LL); // 10^15 minor units: the largest payment taken
    }

    void testAProviderTotalBeyondTheLimitIsNotCounted()
    {
        const auto a = _f->begin(5000);
        sdk::PaymentResult r;
        r.state = PaymentState::Succeeded;
        r.providerPaymentId = "tp-x";
        r.amount = {5000, "QAR"};
        r.capturedMinor = std::numeric_limits<std::int64_t>::max();
        _f->service.apply(a.id, r);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT(_f->published("payment.succeeded").empty());
    }

private:
    std::unique_ptr<PaymentFixture> _f;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentAmountsTest);

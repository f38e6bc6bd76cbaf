// What Razorpay's webhook bodies become: the kind, the payment named by its order, the
// amount in paise as sent, the attempt found by our order; malformed bodies refused.
#include "RazorpayEvents.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::payrazorpay;
using molar::sdk::PaymentEventKind;

namespace {

const std::string ourOrder = "order_OurOrder000001";

std::string payment(const std::string& status, bool captured, const std::string& order = ourOrder,
                    const std::string& amount = "49900")
{
    return R"({"id":"pay_Payment0000001","entity":"payment","amount":)" + amount +
           R"(,"currency":"INR","status":")" + status + R"(","order_id":")" + order +
           R"(","method":"upi","amount_refunded":0,"captured":)" + (captured ? "true" : "false") +
           R"(,"notes":{"molar_attempt":"someone-elses-attempt"},"error_reason":null,"created_at":1767225000})";
}

std::string envelope(const std::string& event, const std::string& payload)
{
    return R"({"entity":"event","account_id":"acc_FakeMolarLab001","event":")" + event +
           R"(","contains":["payment"],"payload":)" + payload + R"(,"created_at":1767225600})";
}

std::vector<molar::sdk::PaymentEvent> parse(const std::string& body)
{
    return eventsOf(parseEnvelope(body), "evt_Event000000001",
                    [](const std::string& order) { return order == ourOrder ? "attempt-42" : ""; });
}

bool refused(const std::string& body)
{
    try {
        parse(body);
    } catch (const molar::sdk::WebhookRefused&) {
        return true;
    }
    return false;
}

} // namespace

class EventsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EventsTest);
    CPPUNIT_TEST(testCapturedIsSucceededInPaise);
    CPPUNIT_TEST(testAuthorizedAndFailed);
    CPPUNIT_TEST(testOrderPaid);
    CPPUNIT_TEST(testRefundProcessed);
    CPPUNIT_TEST(testOtherEventsGiveNothing);
    CPPUNIT_TEST(testTheAttemptIsOursNotThePayersNotes);
    CPPUNIT_TEST(testMalformedBodiesAreRefused);
    CPPUNIT_TEST(testNumbersBeyondRangeAreRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCapturedIsSucceededInPaise()
    {
        const auto events = parse(
            envelope("payment.captured", R"({"payment":{"entity":)" + payment("captured", true) + "}}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        const auto& e = events.front();
        CPPUNIT_ASSERT(e.kind == PaymentEventKind::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::string("evt_Event000000001"), e.providerEventId);
        CPPUNIT_ASSERT_EQUAL(ourOrder, e.providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("attempt-42"), e.idempotencyKey);
        // INR 499.00 is 49900 paise, passed on as sent.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(49900), e.amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("INR"), e.amount.currency);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1767225600000), e.occurredAtMillis);
    }

    void testAuthorizedAndFailed()
    {
        auto events = parse(
            envelope("payment.authorized", R"({"payment":{"entity":)" + payment("authorized", false) + "}}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events.front().kind == PaymentEventKind::Authorized);
        events =
            parse(envelope("payment.failed", R"({"payment":{"entity":)" + payment("failed", false) + "}}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events.front().kind == PaymentEventKind::Failed);
        CPPUNIT_ASSERT_EQUAL(ourOrder, events.front().providerPaymentId);
        // "captured" said of a payment Razorpay has not captured is no money.
        CPPUNIT_ASSERT(parse(envelope("payment.captured",
                                      R"({"payment":{"entity":)" + payment("authorized", false) + "}}"))
                           .empty());
    }

    void testOrderPaid()
    {
        const std::string order = R"({"id":"order_NotInTheTable01","entity":"order","amount":49900,)"
                                  R"("amount_paid":49900,"currency":"INR","status":"paid",)"
                                  R"("notes":{"molar_attempt":"attempt-from-order-notes"}})";
        const auto events = parse(envelope(
            "order.paid", R"({"payment":{"entity":)" + payment("captured", true, "order_NotInTheTable01") +
                              R"(},"order":{"entity":)" + order + "}}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events.front().kind == PaymentEventKind::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::string("order_NotInTheTable01"), events.front().providerPaymentId);
        // Not in our table: the order's own notes, which we wrote, name the attempt.
        CPPUNIT_ASSERT_EQUAL(std::string("attempt-from-order-notes"), events.front().idempotencyKey);
    }

    void testRefundProcessed()
    {
        const std::string refund =
            R"({"id":"rfnd_Refund00000001","entity":"refund","amount":12345,)"
            R"("currency":"INR","payment_id":"pay_Payment0000001","status":"processed"})";
        const auto events = parse(envelope("refund.processed", R"({"refund":{"entity":)" + refund +
                                                                   R"(},"payment":{"entity":)" +
                                                                   payment("captured", true) + "}}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        const auto& e = events.front();
        CPPUNIT_ASSERT(e.kind == PaymentEventKind::Refunded);
        CPPUNIT_ASSERT_EQUAL(std::string("rfnd_Refund00000001"), e.providerRefundId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12345), e.amount.minor);
        CPPUNIT_ASSERT_EQUAL(ourOrder, e.providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("attempt-42"), e.idempotencyKey);
    }

    void testOtherEventsGiveNothing()
    {
        for (const char* name :
             {"payment.pending", "refund.created", "refund.failed", "payment.dispute.created"})
            CPPUNIT_ASSERT(
                parse(envelope(name, R"({"payment":{"entity":)" + payment("captured", true) + "}}")).empty());
    }

    void testTheAttemptIsOursNotThePayersNotes()
    {
        // A payment's notes come from the browser's Checkout options: never believed.
        const auto events =
            parse(envelope("payment.captured", R"({"payment":{"entity":)" +
                                                   payment("captured", true, "order_Unknown000001") + "}}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT_EQUAL(std::string(), events.front().idempotencyKey);
    }

    void testMalformedBodiesAreRefused()
    {
        CPPUNIT_ASSERT(refused("{not json"));
        CPPUNIT_ASSERT(refused("[]"));
        CPPUNIT_ASSERT(refused(R"({"entity":"payment","event":"payment.captured","created_at":1})"));
        CPPUNIT_ASSERT(refused(R"({"entity":"event","event":"payment.captured","payload":{}})")); // no time
        CPPUNIT_ASSERT(refused(envelope("payment.captured", R"({})"))); // no payment
        // Amounts are integers of paise; 499.00 is not one.
        CPPUNIT_ASSERT(
            refused(envelope("payment.captured", R"({"payment":{"entity":)" +
                                                     payment("captured", true, ourOrder, "499.00") + "}}")));
        CPPUNIT_ASSERT(
            refused(envelope("payment.captured", R"({"payment":{"entity":)" +
                                                     payment("captured", true, ourOrder, "-100") + "}}")));
        CPPUNIT_ASSERT(
            refused(envelope("payment.captured",
                             R"({"payment":{"entity":{"amount":100,"currency":"INR"}}})"))); // no id
    }

    void testNumbersBeyondRangeAreRefused()
    {
        // An amount past int64 escaped as Poco's RangeException (a 500 that Razorpay retries
        // forever); a created_at near int64's end overflowed in milliseconds (the fuzz target
        // razorpay-webhook's corpus holds both).
        CPPUNIT_ASSERT(refused(envelope(
            "payment.captured",
            R"({"payment":{"entity":)" + payment("captured", true, ourOrder, "9223372036854775808") + "}}")));
        std::string body =
            envelope("payment.captured", R"({"payment":{"entity":)" + payment("captured", true) + "}}");
        for (const char* created : {"9223372036854775807", "1000000000000", "-1", "18446744073709551615"}) {
            std::string late = body;
            late.replace(late.find("1767225600"), 10, created);
            CPPUNIT_ASSERT_MESSAGE(created, refused(late));
        }
        std::string latest = body;
        latest.replace(latest.find("1767225600"), 10, "999999999999");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(999999999999000), parse(latest).front().occurredAtMillis);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EventsTest);

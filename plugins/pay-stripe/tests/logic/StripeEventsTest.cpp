// Stripe events (bodies shaped like Stripe's, API version 2025-04-30.basil) as the
// SDK's payment events, for every type the plugin reads.
#include "StripeEvents.h"

#include "molar/sdk/Payments.h"

#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <map>

using namespace molar;
using namespace molar::paystripe;

namespace {

std::string event(const std::string& id, const std::string& type, const std::string& object,
                  const std::string& extra = "")
{
    return R"({"id":")" + id +
           R"(","object":"event","api_version":"2025-04-30.basil","created":1767225600,)" +
           R"("livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":")" +
           type + R"(","data":{"object":)" + object + extra + "}}";
}

std::string paymentIntent(const std::string& status, const std::string& more = "")
{
    return R"({"id":"pi_3Q1","object":"payment_intent","amount":12345,"amount_capturable":)" +
           std::string(status == "requires_capture" ? "12345" : "0") + R"(,"amount_received":)" +
           (status == "succeeded" ? "12345" : "0") +
           R"(,"currency":"qar","customer":"cus_1","capture_method":"manual","latest_charge":"ch_3Q1",)" +
           R"("metadata":{"molar_attempt":"att_42","purposeKind":"invoice"},"payment_method":"pm_1",)" +
           R"("status":")" + status + "\"" + more + "}";
}

struct Calls
{
    std::map<std::string, int> methods, attempts, refunds;
};

EventLookups lookups(Calls& calls)
{
    EventLookups l;
    l.method = [&calls](const std::string& id) -> std::optional<sdk::SavedMethod> {
        ++calls.methods[id];
        if (id != "pm_1Card")
            return std::nullopt;
        return sdk::SavedMethod{id, "visa", "4242", 12, 2030};
    };
    l.attemptOf = [&calls](const std::string& id) {
        ++calls.attempts[id];
        return id == "pi_3Q1" ? std::string("att_42") : std::string();
    };
    l.refundsOf = [&calls](const std::string& id) -> Poco::JSON::Array::Ptr {
        ++calls.refunds[id];
        Poco::JSON::Parser parser;
        return parser
            .parse(
                R"([{"id":"re_A","object":"refund","amount":2000,"currency":"qar","payment_intent":"pi_3Q1",)"
                R"("status":"succeeded"}])")
            .extract<Poco::JSON::Array::Ptr>();
    };
    return l;
}

std::vector<sdk::PaymentEvent> parse(const std::string& body, Calls& calls)
{
    return eventsOf(parseEvent(body), lookups(calls));
}

} // namespace

class StripeEventsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StripeEventsTest);
    CPPUNIT_TEST(testPaymentIntentSucceeded);
    CPPUNIT_TEST(testAmountCapturableUpdated);
    CPPUNIT_TEST(testPaymentFailed);
    CPPUNIT_TEST(testPaymentFailedNeedingAuthenticationGivesNothing);
    CPPUNIT_TEST(testPaymentFailedOnTheCheckoutPageGivesNothing);
    CPPUNIT_TEST(testPaymentIntentCanceled);
    CPPUNIT_TEST(testCheckoutSessionExpired);
    CPPUNIT_TEST(testCheckoutSessionCompletedPaid);
    CPPUNIT_TEST(testCheckoutSessionUnpaidOrSetupGivesNothing);
    CPPUNIT_TEST(testSetupIntentSucceeded);
    CPPUNIT_TEST(testSetupIntentWithExpandedMethod);
    CPPUNIT_TEST(testChargeRefundedListingItsRefunds);
    CPPUNIT_TEST(testChargeRefundedWithoutTheListAsksForIt);
    CPPUNIT_TEST(testRefundUpdated);
    CPPUNIT_TEST(testDisputeCreated);
    CPPUNIT_TEST(testDisputeClosed);
    CPPUNIT_TEST(testOtherTypesGiveNothing);
    CPPUNIT_TEST(testBodiesThatAreNoEventAreRefused);
    CPPUNIT_TEST(testDisputeFactsAndSavedMethod);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPaymentIntentSucceeded()
    {
        Calls calls;
        const auto events =
            parse(event("evt_1", "payment_intent.succeeded", paymentIntent("succeeded")), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        const auto& e = events[0];
        CPPUNIT_ASSERT(e.kind == sdk::PaymentEventKind::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::string("evt_1"), e.providerEventId);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), e.providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), e.idempotencyKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{12345}, e.amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), e.amount.currency);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1767225600000}, e.occurredAtMillis);
    }

    void testAmountCapturableUpdated()
    {
        Calls calls;
        auto events = parse(
            event("evt_2", "payment_intent.amount_capturable_updated", paymentIntent("requires_capture")),
            calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Authorized);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{12345}, events[0].amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), events[0].idempotencyKey);
        // The same type after the hold is gone is no news.
        events = parse(event("evt_2b", "payment_intent.amount_capturable_updated", paymentIntent("canceled")),
                       calls);
        CPPUNIT_ASSERT(events.empty());
    }

    void testPaymentFailed()
    {
        Calls calls;
        const auto events = parse(
            event(
                "evt_3", "payment_intent.payment_failed",
                paymentIntent(
                    "requires_payment_method",
                    R"(,"last_payment_error":{"type":"card_error","code":"card_declined",)"
                    R"("decline_code":"insufficient_funds","message":"Your card has insufficient funds."})")),
            calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), events[0].providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), events[0].idempotencyKey);
    }

    void testPaymentFailedNeedingAuthenticationGivesNothing()
    {
        Calls calls;
        const auto events =
            parse(event("evt_4", "payment_intent.payment_failed",
                        paymentIntent(
                            "requires_payment_method",
                            R"(,"last_payment_error":{"type":"card_error","code":"authentication_required",)"
                            R"("decline_code":"authentication_required"})")),
                  calls);
        CPPUNIT_ASSERT(events.empty());
    }

    void testPaymentFailedOnTheCheckoutPageGivesNothing()
    {
        Calls calls;
        std::string pi = paymentIntent("requires_payment_method",
                                       R"(,"last_payment_error":{"type":"card_error","code":"card_declined",)"
                                       R"("decline_code":"generic_decline"})");
        pi.replace(pi.find(R"("purposeKind")"), 0, R"("molar_checkout":"true",)");
        CPPUNIT_ASSERT(parse(event("evt_4b", "payment_intent.payment_failed", pi), calls).empty());
    }

    void testCheckoutSessionExpired()
    {
        Calls calls;
        const std::string session =
            R"({"id":"cs_test_b2","object":"checkout.session","amount_total":900,"currency":"qar",)"
            R"("metadata":{"molar_attempt":"att_43"},"mode":"payment","payment_intent":null,)"
            R"("payment_status":"unpaid","status":"expired"})";
        const auto events = parse(event("evt_5b", "checkout.session.expired", session), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Canceled);
        CPPUNIT_ASSERT_EQUAL(std::string("cs_test_b2"), events[0].providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("att_43"), events[0].idempotencyKey);
        std::string setup = session;
        setup.replace(setup.find(R"("mode":"payment")"), 16, R"("mode":"setup")");
        CPPUNIT_ASSERT(parse(event("evt_5c", "checkout.session.expired", setup), calls).empty());
    }

    void testPaymentIntentCanceled()
    {
        Calls calls;
        const auto events = parse(event("evt_5", "payment_intent.canceled",
                                        paymentIntent("canceled", R"(,"cancellation_reason":"automatic")")),
                                  calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Canceled);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), events[0].providerPaymentId);
    }

    void testCheckoutSessionCompletedPaid()
    {
        Calls calls;
        const std::string session =
            R"({"id":"cs_test_a1","object":"checkout.session","amount_total":12345,"currency":"qar",)"
            R"("client_reference_id":"att_42","customer":"cus_1","metadata":{"molar_attempt":"att_42"},)"
            R"("mode":"payment","payment_intent":"pi_3Q1","payment_status":"paid","status":"complete",)"
            R"("url":null})";
        const auto events = parse(event("evt_6", "checkout.session.completed", session), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Succeeded);
        // Named by its PaymentIntent, as payment_intent.succeeded names it: counted once.
        CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), events[0].providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), events[0].idempotencyKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{12345}, events[0].amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), events[0].amount.currency);
    }

    void testCheckoutSessionUnpaidOrSetupGivesNothing()
    {
        Calls calls;
        CPPUNIT_ASSERT(
            parse(event("evt_7", "checkout.session.completed",
                        R"({"id":"cs_1","object":"checkout.session","mode":"payment",)"
                        R"("payment_status":"unpaid","payment_intent":"pi_2","status":"complete"})"),
                  calls)
                .empty());
        CPPUNIT_ASSERT(parse(event("evt_8", "checkout.session.completed",
                                   R"({"id":"cs_2","object":"checkout.session","mode":"setup",)"
                                   R"("payment_status":"no_payment_required","setup_intent":"seti_1",)"
                                   R"("status":"complete"})"),
                             calls)
                           .empty());
    }

    void testSetupIntentSucceeded()
    {
        Calls calls;
        const std::string setup =
            R"({"id":"seti_1","object":"setup_intent","customer":"cus_1","metadata":{"molar_setup":"setup_7"},)"
            R"("payment_method":"pm_1Card","status":"succeeded","usage":"off_session"})";
        const auto events = parse(event("evt_9", "setup_intent.succeeded", setup), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        const auto& e = events[0];
        CPPUNIT_ASSERT(e.kind == sdk::PaymentEventKind::MethodSaved);
        CPPUNIT_ASSERT_EQUAL(std::string("setup_7"), e.idempotencyKey);
        CPPUNIT_ASSERT_EQUAL(std::string("pm_1Card"), e.method.providerMethodId);
        CPPUNIT_ASSERT_EQUAL(std::string("visa"), e.method.brand);
        CPPUNIT_ASSERT_EQUAL(std::string("4242"), e.method.last4);
        CPPUNIT_ASSERT_EQUAL(12, e.method.expMonth);
        CPPUNIT_ASSERT_EQUAL(2030, e.method.expYear);
        CPPUNIT_ASSERT_EQUAL(1, calls.methods["pm_1Card"]);
    }

    void testSetupIntentWithExpandedMethod()
    {
        Calls calls;
        const std::string setup =
            R"({"id":"seti_2","object":"setup_intent","metadata":{"molar_setup":"setup_8"},"status":"succeeded",)"
            R"("payment_method":{"id":"pm_X","object":"payment_method","type":"card","card":{"brand":"mastercard",)"
            R"("last4":"4444","exp_month":3,"exp_year":2031,"fingerprint":"fp","funding":"credit","country":"US"}}})";
        const auto events = parse(event("evt_10", "setup_intent.succeeded", setup), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT_EQUAL(std::string("mastercard"), events[0].method.brand);
        CPPUNIT_ASSERT_EQUAL(std::string("4444"), events[0].method.last4);
        CPPUNIT_ASSERT(calls.methods.empty());
        // A method Stripe no longer has gives no event (nothing to store).
        const std::string gone = R"({"id":"seti_3","object":"setup_intent","payment_method":"pm_gone",)"
                                 R"("status":"succeeded","metadata":{}})";
        CPPUNIT_ASSERT(parse(event("evt_11", "setup_intent.succeeded", gone), calls).empty());
    }

    void testChargeRefundedListingItsRefunds()
    {
        Calls calls;
        const std::string charge =
            R"({"id":"ch_3Q1","object":"charge","amount":12345,"amount_captured":12345,"amount_refunded":5000,)"
            R"("currency":"qar","metadata":{"molar_attempt":"att_42"},"payment_intent":"pi_3Q1","refunded":false,)"
            R"("refunds":{"object":"list","data":[)"
            R"({"id":"re_2","object":"refund","amount":3000,"currency":"qar","payment_intent":"pi_3Q1","status":"succeeded"},)"
            R"({"id":"re_1","object":"refund","amount":2000,"currency":"qar","payment_intent":"pi_3Q1","status":"succeeded"},)"
            R"({"id":"re_0","object":"refund","amount":100,"currency":"qar","payment_intent":"pi_3Q1","status":"failed"}]}})";
        const auto events = parse(event("evt_12", "charge.refunded", charge), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Refunded);
        CPPUNIT_ASSERT_EQUAL(std::string("evt_12:re_2"), events[0].providerEventId);
        CPPUNIT_ASSERT_EQUAL(std::string("re_2"), events[0].providerRefundId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{3000}, events[0].amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("evt_12:re_1"), events[1].providerEventId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2000}, events[1].amount.minor);
        for (const auto& e : events) {
            CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), e.providerPaymentId);
            CPPUNIT_ASSERT_EQUAL(std::string("att_42"), e.idempotencyKey);
        }
        CPPUNIT_ASSERT(calls.refunds.empty());
        CPPUNIT_ASSERT(calls.attempts.empty());
    }

    void testChargeRefundedWithoutTheListAsksForIt()
    {
        Calls calls;
        // Since 2022-11-15 a Charge does not carry its refunds, nor (from a Checkout) the attempt.
        const std::string charge =
            R"({"id":"ch_3Q1","object":"charge","amount":12345,"amount_refunded":2000,)"
            R"("currency":"qar","metadata":{},"payment_intent":"pi_3Q1"})";
        const auto events = parse(event("evt_13", "charge.refunded", charge), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT_EQUAL(std::string("evt_13:re_A"), events[0].providerEventId);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), events[0].idempotencyKey);
        CPPUNIT_ASSERT_EQUAL(1, calls.refunds["ch_3Q1"]);
        CPPUNIT_ASSERT_EQUAL(1, calls.attempts["pi_3Q1"]);
    }

    void testRefundUpdated()
    {
        Calls calls;
        const std::string refund =
            R"({"id":"re_9","object":"refund","amount":700,"currency":"qar",)"
            R"("charge":"ch_3Q1","payment_intent":"pi_3Q1","metadata":{"molar_refund":"rf_1"},)"
            R"("status":"succeeded"})";
        auto events = parse(event("evt_14", "refund.updated", refund), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::Refunded);
        CPPUNIT_ASSERT_EQUAL(std::string("evt_14:re_9"), events[0].providerEventId);
        CPPUNIT_ASSERT_EQUAL(std::string("re_9"), events[0].providerRefundId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{700}, events[0].amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), events[0].idempotencyKey);
        std::string failed = refund;
        failed.replace(failed.find("succeeded"), 9, "failed");
        CPPUNIT_ASSERT(parse(event("evt_15", "refund.updated", failed), calls).empty());
        // A refund without its id is no refund the host can count once (found by fuzzing:
        // it gave a Refunded event named "evt_15b:").
        std::string anonymous = refund;
        anonymous.replace(anonymous.find(R"("id":"re_9",)"), 12, "");
        CPPUNIT_ASSERT(parse(event("evt_15b", "refund.created", anonymous), calls).empty());
    }

    void testDisputeCreated()
    {
        Calls calls;
        const std::string dispute =
            R"({"id":"dp_1","object":"dispute","amount":12345,"charge":"ch_3Q1","currency":"qar",)"
            R"("evidence_details":{"due_by":1768435200,"has_evidence":false,"past_due":false,"submission_count":0},)"
            R"("metadata":{},"payment_intent":"pi_3Q1","reason":"fraudulent","status":"needs_response"})";
        const auto events = parse(event("evt_16", "charge.dispute.created", dispute), calls);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == sdk::PaymentEventKind::DisputeOpened);
        CPPUNIT_ASSERT_EQUAL(std::string("dp_1"), events[0].disputeId);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), events[0].providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::string("att_42"), events[0].idempotencyKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{12345}, events[0].amount.minor);
    }

    void testDisputeClosed()
    {
        Calls calls;
        auto closed = [&](const std::string& status) {
            return parse(event("evt_" + status, "charge.dispute.closed",
                               R"({"id":"dp_1","object":"dispute","amount":12345,"currency":"qar",)"
                               R"("payment_intent":"pi_3Q1","status":")" +
                                   status + "\"}"),
                         calls);
        };
        auto won = closed("won");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), won.size());
        CPPUNIT_ASSERT(won[0].kind == sdk::PaymentEventKind::DisputeClosed);
        CPPUNIT_ASSERT_EQUAL(std::string("won"), won[0].disputeOutcome);
        CPPUNIT_ASSERT_EQUAL(std::string("lost"), closed("lost")[0].disputeOutcome);
        CPPUNIT_ASSERT_EQUAL(std::string("won"), closed("warning_closed")[0].disputeOutcome);
        CPPUNIT_ASSERT(closed("under_review").empty());
    }

    void testOtherTypesGiveNothing()
    {
        Calls calls;
        for (const char* type : {"customer.created", "payment_intent.created", "charge.succeeded",
                                 "charge.updated", "setup_intent.created"})
            CPPUNIT_ASSERT_MESSAGE(type,
                                   parse(event("evt_x", type, paymentIntent("succeeded")), calls).empty());
        CPPUNIT_ASSERT(calls.methods.empty() && calls.attempts.empty() && calls.refunds.empty());
    }

    void testBodiesThatAreNoEventAreRefused()
    {
        const auto createdAt = [](const std::string& seconds) {
            std::string body = event("evt_1", "payment_intent.succeeded", "{}");
            return body.replace(body.find("1767225600"), 10, seconds);
        };
        for (const std::string& body :
             {std::string("{not json"), std::string("[1,2]"), std::string("{}"),
              std::string(R"({"id":"evt_1","type":"payment_intent.succeeded"})"),
              std::string(R"({"id":"evt_1","type":"payment_intent.succeeded","data":{"object":"pi_1"}})"),
              std::string(R"({"type":"payment_intent.succeeded","data":{"object":{}}})"),
              // A created past 12 digits overflowed in milliseconds.
              createdAt("9223372036854775807"), createdAt("1000000000000"), createdAt("-1")}) {
            try {
                parseEvent(body);
                CPPUNIT_FAIL("accepted: " + body);
            } catch (const sdk::WebhookRefused&) {
            }
        }
    }

    void testDisputeFactsAndSavedMethod()
    {
        Poco::JSON::Parser parser;
        const auto dispute =
            parser
                .parse(R"({"id":"dp_1","amount":12345,"currency":"qar","payment_intent":"pi_3Q1",)"
                       R"("reason":"product_not_received","status":"needs_response",)"
                       R"("evidence_details":{"due_by":1768435200}})")
                .extract<Poco::JSON::Object::Ptr>();
        const auto facts = disputeFactsOf(dispute);
        CPPUNIT_ASSERT_EQUAL(std::string("dp_1"), facts.disputeId);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_3Q1"), facts.providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{12345}, facts.amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), facts.currency);
        CPPUNIT_ASSERT_EQUAL(std::string("product_not_received"), facts.reason);
        CPPUNIT_ASSERT_EQUAL(std::string("needs_response"), facts.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1768435200000}, facts.evidenceDueAtMillis);
        // A due_by that is no Unix time overflowed in milliseconds: no deadline is known.
        const auto far = parser.parse(R"({"id":"dp_2","evidence_details":{"due_by":9223372036854775807}})")
                             .extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, disputeFactsOf(far).evidenceDueAtMillis);

        // Only brand, last four and expiry leave the plugin: no fingerprint, no country.
        const auto method =
            parser
                .parse(R"({"id":"pm_1","type":"card","card":{"brand":"amex","last4":"0005",)"
                       R"("exp_month":1,"exp_year":2029,"fingerprint":"Xt5E","country":"QA"}})")
                .extract<Poco::JSON::Object::Ptr>();
        const auto saved = savedMethodOf(method);
        CPPUNIT_ASSERT_EQUAL(std::string("pm_1"), saved.providerMethodId);
        CPPUNIT_ASSERT_EQUAL(std::string("amex"), saved.brand);
        CPPUNIT_ASSERT_EQUAL(std::string("0005"), saved.last4);
        CPPUNIT_ASSERT_EQUAL(1, saved.expMonth);
        CPPUNIT_ASSERT_EQUAL(2029, saved.expYear);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StripeEventsTest);

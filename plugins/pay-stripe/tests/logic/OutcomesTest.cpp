// How Stripe's answers become outcomes: HTTP statuses, card errors and decline codes,
// PaymentIntent statuses.
#include "Declines.h"
#include "PaymentIntentState.h"
#include "StripeAnswer.h"

#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::paystripe;

namespace {

Poco::JSON::Object::Ptr object(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class OutcomesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OutcomesTest);
    CPPUNIT_TEST(testStatusMapping);
    CPPUNIT_TEST(testPaymentIntentResult);
    CPPUNIT_TEST(testFailedPaymentIntentResult);
    CPPUNIT_TEST(testDeclineMapping);
    CPPUNIT_TEST(testAnswersBySTatus);
    CPPUNIT_TEST(testCardErrorCarriesItsPaymentIntent);
    CPPUNIT_TEST_SUITE_END();

public:
    void testStatusMapping()
    {
        using S = sdk::PaymentState;
        CPPUNIT_ASSERT(paymentStateOf("requires_payment_method") == S::Pending);
        CPPUNIT_ASSERT(paymentStateOf("requires_payment_method", "card_declined", "insufficient_funds") ==
                       S::Failed);
        CPPUNIT_ASSERT(paymentStateOf("requires_payment_method", "card_declined") == S::Failed);
        CPPUNIT_ASSERT(paymentStateOf("requires_payment_method", "authentication_required") ==
                       S::RequiresAction);
        CPPUNIT_ASSERT(paymentStateOf("requires_payment_method", "card_declined",
                                      "authentication_required") == S::RequiresAction);
        CPPUNIT_ASSERT(paymentStateOf("requires_confirmation") == S::Pending);
        CPPUNIT_ASSERT(paymentStateOf("processing") == S::Pending);
        CPPUNIT_ASSERT(paymentStateOf("requires_action") == S::RequiresAction);
        CPPUNIT_ASSERT(paymentStateOf("requires_capture") == S::Authorized);
        CPPUNIT_ASSERT(paymentStateOf("succeeded") == S::Succeeded);
        CPPUNIT_ASSERT(paymentStateOf("canceled") == S::Canceled);
        CPPUNIT_ASSERT(paymentStateOf("something_new") == S::Unknown);
    }

    void testPaymentIntentResult()
    {
        const auto r = resultOfPaymentIntent(object(
            R"({"id":"pi_1","object":"payment_intent","amount":10000,"amount_received":6000,"currency":"kwd",)"
            R"("status":"succeeded","latest_charge":{"id":"ch_1","amount_refunded":1500}})"));
        CPPUNIT_ASSERT(r.state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_1"), r.providerPaymentId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{10000}, r.amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("KWD"), r.amount.currency);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{6000}, r.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1500}, r.refundedMinor);
        CPPUNIT_ASSERT(r.failureCode.empty());

        const auto held = resultOfPaymentIntent(object(
            R"({"id":"pi_2","amount":500,"amount_received":0,"currency":"jpy","status":"requires_capture"})"));
        CPPUNIT_ASSERT(held.state == sdk::PaymentState::Authorized);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, held.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("JPY"), held.amount.currency);
    }

    void testFailedPaymentIntentResult()
    {
        const auto r = resultOfPaymentIntent(object(
            R"({"id":"pi_3","amount":500,"currency":"qar","status":"requires_payment_method",)"
            R"("last_payment_error":{"type":"card_error","code":"card_declined","decline_code":"lost_card",)"
            R"("message":"Your card was declined."}})"));
        CPPUNIT_ASSERT(r.state == sdk::PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("lost_card"), r.failureCode);
        const auto auth = resultOfPaymentIntent(
            object(R"({"id":"pi_4","amount":500,"currency":"qar","status":"requires_payment_method",)"
                   R"("last_payment_error":{"type":"card_error","code":"authentication_required"}})"));
        CPPUNIT_ASSERT(auth.state == sdk::PaymentState::RequiresAction);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"), auth.failureCode);
    }

    void testDeclineMapping()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient_funds"),
                             failureCodeOf("card_declined", "insufficient_funds"));
        CPPUNIT_ASSERT_EQUAL(std::string("card_declined"), failureCodeOf("card_declined", "generic_decline"));
        CPPUNIT_ASSERT_EQUAL(std::string("card_declined"), failureCodeOf("card_declined", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("expired_card"), failureCodeOf("expired_card", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("incorrect_cvc"), failureCodeOf("incorrect_cvc", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("processing_error"), failureCodeOf("processing_error", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("do_not_honor"), failureCodeOf("card_declined", "do_not_honor"));
        CPPUNIT_ASSERT_EQUAL(std::string("stolen_card"), failureCodeOf("card_declined", "stolen_card"));
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"),
                             failureCodeOf("card_declined", "authentication_required"));
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"),
                             failureCodeOf("authentication_required", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("card_declined"), failureCodeOf("", ""));
        CPPUNIT_ASSERT(needsAuthentication("authentication_required", ""));
        CPPUNIT_ASSERT(!needsAuthentication("card_declined", "insufficient_funds"));
    }

    void testAnswersBySTatus()
    {
        using K = StripeAnswer::Kind;
        CPPUNIT_ASSERT(classifyAnswer(200, R"({"id":"pi_1"})").kind == K::Ok);
        CPPUNIT_ASSERT(classifyAnswer(200, "<html>").kind == K::Unknown);
        const auto bad = classifyAnswer(
            400, R"({"error":{"type":"invalid_request_error","code":"parameter_unknown","param":"colour",)"
                 R"("message":"Received unknown parameter: colour"}})");
        CPPUNIT_ASSERT(bad.kind == K::Refused);
        CPPUNIT_ASSERT_EQUAL(std::string("parameter_unknown"), bad.error.code);
        CPPUNIT_ASSERT_EQUAL(std::string("colour"), bad.error.param);
        CPPUNIT_ASSERT(bad.detail.find("Received unknown parameter") != std::string::npos);
        CPPUNIT_ASSERT(classifyAnswer(401, R"({"error":{"type":"invalid_request_error"}})").kind ==
                       K::Refused);
        CPPUNIT_ASSERT(classifyAnswer(403, "").kind == K::Refused);
        CPPUNIT_ASSERT(classifyAnswer(404, R"({"error":{"code":"resource_missing"}})").kind == K::NotFound);
        for (int status : {409, 424, 429, 500, 502, 503})
            CPPUNIT_ASSERT(classifyAnswer(status, R"({"error":{"type":"api_error"}})").kind == K::Unknown);
        CPPUNIT_ASSERT(noAnswer("timed out").kind == K::Unknown);
        CPPUNIT_ASSERT_EQUAL(0, noAnswer("timed out").status);
    }

    void testCardErrorCarriesItsPaymentIntent()
    {
        const auto answer = classifyAnswer(
            402,
            R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",)"
            R"("message":"Your card has insufficient funds.","payment_intent":{"id":"pi_9","amount":700,)"
            R"("currency":"qar","status":"requires_payment_method"}}})");
        CPPUNIT_ASSERT(answer.kind == StripeAnswer::Kind::CardError);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient_funds"), failureCodeOf(answer.error));
        CPPUNIT_ASSERT(answer.error.paymentIntent);
        CPPUNIT_ASSERT_EQUAL(std::string("pi_9"),
                             resultOfPaymentIntent(answer.error.paymentIntent).providerPaymentId);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutcomesTest);

// Charging a clinic's saved card with the payer absent (autopay): a charge whose answer
// is lost stays Unknown until the re-sync finds it at Stripe, with no second charge; a card
// that needs its holder (3-D Secure) is reported as such and never charged again blindly.
#include "StripePortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace molar;
using namespace molar::test;

namespace {

// The POSTs creating PaymentIntents under an attempt's key: a charge asked for.
std::size_t chargesAskedFor(StripePortal& stripe, const std::string& attemptId)
{
    std::size_t asked = 0;
    for (const auto& request : stripe.requests("POST", "/v1/payment_intents"))
        if (request->optValue<std::string>("path", "") == "/v1/payment_intents" &&
            request->optValue<std::string>("idempotencyKey", "") == attemptId)
            ++asked;
    return asked;
}

} // namespace

class SavedCardChargeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SavedCardChargeTest);
    CPPUNIT_TEST(testASavedCardIsChargedOffSession);
    CPPUNIT_TEST(testALostAnswerIsSettledByTheResyncWithoutASecondCharge);
    CPPUNIT_TEST(testACardNeedingAuthenticationIsNotRetried);
    CPPUNIT_TEST_SUITE_END();

public:
    void testASavedCardIsChargedOffSession()
    {
        StripePortal stripe;
        const sdk::SavedPaymentMethod card = stripe.saveCard(stripe.pearl(), "5555555555554444");
        CPPUNIT_ASSERT_EQUAL(std::string("mastercard"), card.method.brand);
        CPPUNIT_ASSERT_EQUAL(std::string("4444"), card.method.last4);
        CPPUNIT_ASSERT(card.isDefault);
        const std::int64_t invoice = stripe.insertInvoice("INV-2026-000801", 61500);
        const std::string attempt = stripe.beginAttempt(invoice, "INV-2026-000801", stripe.pearl(), 61500);
        const sdk::PaymentResult charged =
            stripe.portal().payments().chargeSavedMethod(attempt, card.id, false);
        CPPUNIT_ASSERT_MESSAGE(charged.failureCode + " " + charged.detail,
                               charged.state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), stripe.invoiceState(invoice));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(61500), stripe.invoicePaid(invoice));
        // Off session, on the clinic's own customer and method, under the attempt's key.
        auto intents = stripe.paymentIntentsOf(attempt);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), intents.size());
        CPPUNIT_ASSERT_EQUAL(card.method.providerMethodId,
                             intents.front()->getValue<std::string>("payment_method"));
        const auto asked = stripe.requests("POST", "/v1/payment_intents");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chargesAskedFor(stripe, attempt));
        for (const auto& request : asked)
            if (request->optValue<std::string>("idempotencyKey", "") == attempt) {
                auto params = request->getObject("params");
                CPPUNIT_ASSERT_EQUAL(std::string("true"), params->get("off_session").toString());
                CPPUNIT_ASSERT_EQUAL(std::string("true"), params->get("confirm").toString());
            }
        // The webhooks that follow (payment_intent.succeeded) count nothing again.
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(61500), stripe.invoicePaid(invoice));
    }

    void testALostAnswerIsSettledByTheResyncWithoutASecondCharge()
    {
        StripePortal stripe;
        const sdk::SavedPaymentMethod card = stripe.saveCard(stripe.pearl());
        // Only the re-sync may tell: Stripe's webhooks do not reach the Portal for now.
        stripe.stripe.post("/_fake/config", object({{"webhookUrl", ""}}));
        const std::int64_t invoice = stripe.insertInvoice("INV-2026-000802", 30000);
        const std::string attempt = stripe.beginAttempt(invoice, "INV-2026-000802", stripe.pearl(), 30000);
        stripe.stripe.post("/_fake/lose-answers", object({{"count", 1}}));
        const sdk::PaymentResult lost = stripe.portal().payments().chargeSavedMethod(attempt, card.id, false);
        CPPUNIT_ASSERT_MESSAGE(std::string("a lost answer is Unknown: ") + lost.failureCode,
                               lost.state == sdk::PaymentState::Unknown);
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), stripe.attemptState(attempt));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), stripe.invoicePaid(invoice));
        // Stripe did charge the card.
        auto intents = stripe.paymentIntentsOf(attempt);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), intents.size());
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), intents.front()->getValue<std::string>("status"));

        CPPUNIT_ASSERT(stripe.portal().payments().resync(std::chrono::minutes(10)) >= 1);
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), stripe.attemptState(attempt));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), stripe.invoiceState(invoice));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), stripe.invoicePaid(invoice));
        // One charge asked for, one PaymentIntent at Stripe: the re-sync only looked.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chargesAskedFor(stripe, attempt));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), stripe.paymentIntentsOf(attempt).size());

        // The webhooks arrive at last, twice: nothing more.
        stripe.stripe.post("/_fake/config", object({{"webhookUrl", stripe.webhookUrl()}}));
        for (const auto& event : stripe.events())
            if (event->getObject("data")->getObject("object")->optValue<std::string>("id", "") ==
                intents.front()->getValue<std::string>("id")) {
                stripe.stripe.post("/_fake/resend",
                                   object({{"event_id", event->getValue<std::string>("id")}}));
                stripe.stripe.post("/_fake/resend",
                                   object({{"event_id", event->getValue<std::string>("id")}}));
            }
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), stripe.invoicePaid(invoice));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             stripe.count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                          "invoice_id = ? AND kind = 'payment'",
                                          {invoice}));
    }

    void testACardNeedingAuthenticationIsNotRetried()
    {
        StripePortal stripe;
        // Saved fine (the holder was there); charged without them, the bank wants 3-D Secure.
        const sdk::SavedPaymentMethod card = stripe.saveCard(stripe.pearl(), "4000002500003155");
        const std::int64_t invoice = stripe.insertInvoice("INV-2026-000803", 12000);
        const std::string attempt = stripe.beginAttempt(invoice, "INV-2026-000803", stripe.pearl(), 12000);
        const sdk::PaymentResult result =
            stripe.portal().payments().chargeSavedMethod(attempt, card.id, false);
        CPPUNIT_ASSERT_MESSAGE(result.failureCode, result.state == sdk::PaymentState::RequiresAction);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"), result.failureCode);
        CPPUNIT_ASSERT_EQUAL(std::string("requires_action"), stripe.attemptState(attempt));
        CPPUNIT_ASSERT_EQUAL(
            std::string("authentication_required"),
            stripe.db()
                .query("SELECT failure_code FROM molar_payment_attempts WHERE id = ?", {attempt})
                .get(0, "failure_code")
                .toString());
        // Not charged again: not by asking again, not by the re-sync, not by the webhooks.
        CPPUNIT_ASSERT_THROW(stripe.portal().payments().chargeSavedMethod(attempt, card.id, false),
                             std::invalid_argument);
        stripe.clock.advance(std::chrono::seconds(1));
        stripe.portal().payments().resync(std::chrono::minutes(0));
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chargesAskedFor(stripe, attempt));
        // The re-sync may read the PaymentIntent back as failed; the reason stays the clinic's to act on.
        const std::string state = stripe.attemptState(attempt);
        CPPUNIT_ASSERT_MESSAGE(state, state == "requires_action" || state == "failed");
        CPPUNIT_ASSERT_EQUAL(
            std::string("authentication_required"),
            stripe.db()
                .query("SELECT failure_code FROM molar_payment_attempts WHERE id = ?", {attempt})
                .get(0, "failure_code")
                .toString());
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), stripe.invoiceState(invoice));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), stripe.invoicePaid(invoice));
        for (const auto& intent : stripe.paymentIntentsOf(attempt))
            CPPUNIT_ASSERT_EQUAL(std::string("0"), intent->get("amount_received").toString());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SavedCardChargeTest);

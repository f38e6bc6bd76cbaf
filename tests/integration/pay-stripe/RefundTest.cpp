// Refunds and captures of card payments through the host's payment service against the
// fake Stripe: partial refunds, each once however often asked (the refund key is Stripe's
// Idempotency-Key), never beyond what was captured (refused here, Stripe not asked), a
// hold captured in part, and charge.refunded webhooks that count nothing again.
#include "StripePortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <vector>

using namespace molar;
using namespace molar::test;

namespace {

// The refund keys Stripe was asked under (each once, in order).
std::vector<std::string> refundKeysAsked(StripePortal& stripe)
{
    std::set<std::string> keys;
    for (const auto& request : stripe.requests("POST", "/v1/refunds"))
        keys.insert(request->optValue<std::string>("idempotencyKey", ""));
    return {keys.begin(), keys.end()};
}

std::int64_t attemptRefunded(StripePortal& stripe, const std::string& attempt)
{
    return stripe.db()
        .query("SELECT refunded_minor FROM molar_payment_attempts WHERE id = ?", {attempt})
        .get(0, "refunded_minor")
        .asInt();
}

} // namespace

class RefundTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RefundTest);
    CPPUNIT_TEST(testPartialRefundsNeverBeyondTheCapture);
    CPPUNIT_TEST(testAHoldCapturedInPartIsRefundedNoMoreThanCaptured);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPartialRefundsNeverBeyondTheCapture()
    {
        StripePortal stripe;
        const sdk::SavedPaymentMethod card = stripe.saveCard(stripe.pearl());
        const std::int64_t invoice = stripe.insertInvoice("INV-2026-000901", 10000);
        const std::string attempt = stripe.beginAttempt(invoice, "INV-2026-000901", stripe.pearl(), 10000);
        CPPUNIT_ASSERT(stripe.portal().payments().chargeSavedMethod(attempt, card.id, false).state ==
                       sdk::PaymentState::Succeeded);
        auto& payments = stripe.portal().payments();
        const sdk::Actor clerk{1, "Billing clerk", "127.0.0.1"};

        const sdk::RefundResult first = payments.refund(attempt, 4000, "refund-0001", clerk);
        CPPUNIT_ASSERT_MESSAGE(first.failureCode + " " + first.detail,
                               first.state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4000), first.amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("re_"), first.providerRefundId.substr(0, 3));
        const sdk::RefundResult again = payments.refund(attempt, 4000, "refund-0001", clerk);
        CPPUNIT_ASSERT_EQUAL(first.providerRefundId, again.providerRefundId);

        const sdk::RefundResult over = payments.refund(attempt, 7000, "refund-0002", clerk);
        CPPUNIT_ASSERT(over.state == sdk::PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("exceeds_capture"), over.failureCode);
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"refund-0001"}), refundKeysAsked(stripe));

        const sdk::RefundResult rest = payments.refund(attempt, 6000, "refund-0003", clerk);
        CPPUNIT_ASSERT(rest.state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT(first.providerRefundId != rest.providerRefundId);
        CPPUNIT_ASSERT(payments.refund(attempt, 1, "refund-0004", clerk).state == sdk::PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"refund-0001", "refund-0003"}),
                             refundKeysAsked(stripe));

        // charge.refunded comes for each, and again: counted already, nothing more.
        for (const auto& event : stripe.events("charge.refunded"))
            stripe.stripe.post("/_fake/resend", object({{"event_id", event->getValue<std::string>("id")}}));
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), attemptRefunded(stripe, attempt));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), stripe.invoiceRefunded(invoice));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             stripe.count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                          "invoice_id = ? AND kind = 'refund'",
                                          {invoice}));
        // Stripe's own count of the money given back.
        auto intent = stripe.paymentIntentsOf(attempt).front();
        auto charge = stripe.stripe.get("/_fake/objects/" + intent->getValue<std::string>("latest_charge"))
                          .extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("10000"), charge->get("amount_refunded").toString());
        // A paid invoice stays paid: refunds are amounts.
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), stripe.invoiceState(invoice));
    }

    void testAHoldCapturedInPartIsRefundedNoMoreThanCaptured()
    {
        StripePortal stripe;
        const sdk::SavedPaymentMethod card = stripe.saveCard(stripe.pearl());
        const std::int64_t invoice = stripe.insertInvoice("INV-2026-000902", 10000);
        const std::string attempt = stripe.beginAttempt(invoice, "INV-2026-000902", stripe.pearl(), 10000);
        auto& payments = stripe.portal().payments();
        const sdk::PaymentResult held = payments.chargeSavedMethod(attempt, card.id, true);
        CPPUNIT_ASSERT_MESSAGE(held.failureCode, held.state == sdk::PaymentState::Authorized);
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), stripe.attemptState(attempt));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), stripe.invoicePaid(invoice));

        const sdk::PaymentResult captured = payments.capture(attempt, 8000);
        CPPUNIT_ASSERT(captured.state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8000), captured.capturedMinor);
        // Capturing again changes nothing, at Stripe or here.
        payments.capture(attempt, 8000);
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8000), stripe.invoicePaid(invoice));
        CPPUNIT_ASSERT_EQUAL(std::string("8000"),
                             stripe.paymentIntentsOf(attempt).front()->get("amount_received").toString());

        const sdk::Actor clerk{1, "Billing clerk", "127.0.0.1"};
        const sdk::RefundResult beyond = payments.refund(attempt, 8001, "refund-0101", clerk);
        CPPUNIT_ASSERT(beyond.state == sdk::PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("exceeds_capture"), beyond.failureCode);
        CPPUNIT_ASSERT(refundKeysAsked(stripe).empty());
        CPPUNIT_ASSERT(payments.refund(attempt, 8000, "refund-0102", clerk).state ==
                       sdk::PaymentState::Succeeded);
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8000), stripe.invoiceRefunded(invoice));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RefundTest);

// Refunds of a Razorpay payment through the host's payment service: in parts, each once
// however often it is asked (the refund key travels as X-Refund-Idempotency), never beyond
// what was captured, and the refund.processed webhooks that follow count nothing again.
#include "RazorpayPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

class RefundTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RefundTest);
    CPPUNIT_TEST(testPartialRefundsNeverBeyondTheCapture);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPartialRefundsNeverBeyondTheCapture()
    {
        RazorpayPortal razorpay;
        const RazorpayInvoice invoice = razorpay.issuedInvoice("INV-2026-000601", 100000);
        auto fields = razorpay.pay(invoice.checkout.providerPaymentId, "card");
        const std::string payment = fields->getValue<std::string>("razorpay_payment_id");
        const PortalAnswer back = razorpay.callback(invoice.checkout.providerPaymentId, payment,
                                                    fields->getValue<std::string>("razorpay_signature"));
        CPPUNIT_ASSERT_MESSAGE(back.body, back.status == 303 || back.status == 200);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), razorpay.invoicePaid(invoice.id));

        const sdk::Actor clerk{1, "Billing clerk", "127.0.0.1"};
        auto& payments = razorpay.portal().payments();
        const sdk::RefundResult first = payments.refund(invoice.attemptId, 40000, "refund-key-0001", clerk);
        CPPUNIT_ASSERT_MESSAGE(first.failureCode + " " + first.detail,
                               first.state == sdk::PaymentState::Succeeded ||
                                   first.state == sdk::PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), first.amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("rfnd_"), first.providerRefundId.substr(0, 5));
        // A double click: the same key gives the same refund, and Razorpay was asked under it.
        const sdk::RefundResult again = payments.refund(invoice.attemptId, 40000, "refund-key-0001", clerk);
        CPPUNIT_ASSERT_EQUAL(first.providerRefundId, again.providerRefundId);
        auto asked = razorpay.requests("POST", "/v1/payments/" + payment + "/refund");
        CPPUNIT_ASSERT(!asked.empty());
        for (const auto& request : asked)
            CPPUNIT_ASSERT_EQUAL(std::string("refund-key-0001"),
                                 request->optValue<std::string>("idempotencyKey", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("40000"),
                             asked.front()->getObject("params")->get("amount").toString());

        // 70,000 more of 100,000 with 40,000 given back: refused here, Razorpay never asked.
        const sdk::RefundResult over = payments.refund(invoice.attemptId, 70000, "refund-key-0002", clerk);
        CPPUNIT_ASSERT(over.state == sdk::PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("exceeds_capture"), over.failureCode);
        CPPUNIT_ASSERT_EQUAL(asked.size(),
                             razorpay.requests("POST", "/v1/payments/" + payment + "/refund").size());

        const sdk::RefundResult rest = payments.refund(invoice.attemptId, 60000, "refund-key-0003", clerk);
        CPPUNIT_ASSERT(rest.state == sdk::PaymentState::Succeeded ||
                       rest.state == sdk::PaymentState::Pending);
        const sdk::RefundResult beyond = payments.refund(invoice.attemptId, 1, "refund-key-0004", clerk);
        CPPUNIT_ASSERT(beyond.state == sdk::PaymentState::Failed);

        // The webhooks (refund.processed, twice each) come and count nothing more.
        for (const auto& event : razorpay.events("refund.processed"))
            razorpay.razorpay.post("/_fake/resend",
                                   object({{"event_id", event->getValue<std::string>("id")}}));
        razorpay.events();
        CPPUNIT_ASSERT(razorpay.waitFor([&] { return razorpay.invoiceRefunded(invoice.id) == 100000; }));
        razorpay.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), razorpay.invoiceRefunded(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), razorpay.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             razorpay.count("SELECT COUNT(*) AS n FROM billing_invoice_payments "
                                            "WHERE invoice_id = ? AND kind = 'refund'",
                                            {invoice.id}));
        // Razorpay's own count of the money given back.
        CPPUNIT_ASSERT_EQUAL(std::string("100000"), razorpay.api("GET", "/v1/payments/" + payment)
                                                        .extract<Poco::JSON::Object::Ptr>()
                                                        ->get("amount_refunded")
                                                        .toString());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(100000),
            razorpay.db()
                .query("SELECT refunded_minor FROM molar_payment_attempts WHERE id = ?", {invoice.attemptId})
                .get(0, "refunded_minor")
                .asInt());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RefundTest);

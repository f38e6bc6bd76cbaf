// An invoice paid through Razorpay: the order, the checkout page for the clinic (and no
// one else), the payer's answer posted to the callback route (signature checked against
// the order stored for the attempt, the payment captured), the invoice paid once however
// many times the same webhook comes.
#include "RazorpayPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

class CheckoutTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CheckoutTest);
    CPPUNIT_TEST(testAnOrderPaidThroughTheCallback);
    CPPUNIT_TEST(testTheCheckoutPageIsTheClinicsOnly);
    CPPUNIT_TEST(testAForgedCallbackIsRefused);
    CPPUNIT_TEST(testTheSameWebhookFiveTimesCountsOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnOrderPaidThroughTheCallback()
    {
        RazorpayPortal razorpay;
        const RazorpayInvoice invoice = razorpay.issuedInvoice("INV-2026-000501", 49900);
        const std::string order = invoice.checkout.providerPaymentId;
        CPPUNIT_ASSERT_EQUAL(std::string("order_"), order.substr(0, 6));
        // On the Portal's public address (http.publicUrl), its own checkout page.
        const std::string checkoutPath = "/payments/razorpay/checkout/" + invoice.attemptId;
        const std::string& redirect = invoice.checkout.redirectUrl;
        CPPUNIT_ASSERT_MESSAGE(redirect, redirect.size() > checkoutPath.size() &&
                                             redirect.compare(redirect.size() - checkoutPath.size(),
                                                              checkoutPath.size(), checkoutPath) == 0);
        // One order for the attempt, of its amount in paise, noting the attempt.
        const auto orders = razorpay.requests("POST", "/v1/orders");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), orders.size());
        auto params = orders.front()->getObject("params");
        CPPUNIT_ASSERT_EQUAL(std::string("49900"), params->get("amount").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("INR"), params->getValue<std::string>("currency"));
        CPPUNIT_ASSERT_EQUAL(invoice.attemptId,
                             params->getObject("notes")->getValue<std::string>("molar_attempt"));

        auto fields = razorpay.pay(order, "upi");
        const std::string payment = fields->getValue<std::string>("razorpay_payment_id");
        const PortalAnswer back =
            razorpay.callback(order, payment, fields->getValue<std::string>("razorpay_signature"));
        CPPUNIT_ASSERT_MESSAGE(back.body, back.status == 303 || back.status == 200);
        const std::string invoicePage =
            razorpay.portalUrl() + "/billing/invoices/" + std::to_string(invoice.id);
        if (back.status == 303)
            CPPUNIT_ASSERT_EQUAL(invoicePage, back.location);
        else
            MOLAR_ASSERT_CONTAINS(invoicePage, back.body);

        CPPUNIT_ASSERT_EQUAL(std::string("paid"), razorpay.invoiceState(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(49900), razorpay.invoicePaid(invoice.id));
        // Captured once at Razorpay, whatever the webhooks that follow (authorized, captured, order.paid).
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), razorpay.capturesOf(payment));
        razorpay.events(); // waits for the fake's deliveries so far
        CPPUNIT_ASSERT_EQUAL(std::int64_t(49900), razorpay.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             razorpay.count("SELECT COUNT(*) AS n FROM billing_invoice_payments "
                                            "WHERE invoice_id = ? AND kind = 'payment'",
                                            {invoice.id}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("succeeded"),
            razorpay.db()
                .query("SELECT state FROM molar_payment_attempts WHERE id = ?", {invoice.attemptId})
                .get(0, "state")
                .toString());
        // The same answer posted again (the payer's back button) changes nothing.
        const PortalAnswer again =
            razorpay.callback(order, payment, fields->getValue<std::string>("razorpay_signature"));
        CPPUNIT_ASSERT_MESSAGE(again.body, again.status == 303 || again.status == 200);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(49900), razorpay.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), razorpay.capturesOf(payment));
    }

    void testTheCheckoutPageIsTheClinicsOnly()
    {
        RazorpayPortal razorpay;
        const RazorpayInvoice invoice = razorpay.issuedInvoice("INV-2026-000502", 125050);
        const std::string path = "/payments/razorpay/checkout/" + invoice.attemptId;
        auto owner = razorpay.pearlOwner();
        const Answer page = owner->get(path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(page.body, 200, page.status);
        MOLAR_ASSERT_CONTAINS("1,250.50", page.body);
        MOLAR_ASSERT_CONTAINS(invoice.checkout.providerPaymentId, page.body);
        MOLAR_ASSERT_CONTAINS("<button", page.body);
        MOLAR_ASSERT_NOT_CONTAINS(razorpayKeySecret(), page.body);
        // The page may load Razorpay's script and frame, from its own origin only.
        const std::string policy = page.header("Content-Security-Policy");
        MOLAR_ASSERT_CONTAINS(razorpay.razorpay.url(), policy);
        // Another clinic, the lab's technician, nobody: as if there were no such payment.
        CPPUNIT_ASSERT_EQUAL(404, razorpay.smileDentist()->get(path).status);
        CPPUNIT_ASSERT_EQUAL(
            404, razorpay.pearlOwner()->get("/payments/razorpay/checkout/pa_nosuchattempt").status);
        const Answer anonymous = HttpBrowser(razorpay.portal()).get(path);
        CPPUNIT_ASSERT(anonymous.status == 303 || anonymous.status == 401 || anonymous.status == 404);
        MOLAR_ASSERT_NOT_CONTAINS(invoice.checkout.providerPaymentId, anonymous.body);
    }

    void testAForgedCallbackIsRefused()
    {
        RazorpayPortal razorpay;
        // Only the callback may tell here: Razorpay's webhooks do not reach the Portal.
        razorpay.razorpay.post("/_fake/config", object({{"webhookUrl", ""}}));
        const RazorpayInvoice paid = razorpay.issuedInvoice("INV-2026-000503", 30000);
        const RazorpayInvoice other = razorpay.issuedInvoice("INV-2026-000504", 90000);
        auto fields = razorpay.pay(paid.checkout.providerPaymentId, "wallet");
        const std::string payment = fields->getValue<std::string>("razorpay_payment_id");
        const std::string signature = fields->getValue<std::string>("razorpay_signature");
        // A signature changed by one character.
        std::string altered = signature;
        altered[0] = altered[0] == 'a' ? 'b' : 'a';
        CPPUNIT_ASSERT(razorpay.callback(paid.checkout.providerPaymentId, payment, altered).status >= 400);
        // A genuine answer for the cheap order, claimed for the dear one.
        CPPUNIT_ASSERT(razorpay.callback(other.checkout.providerPaymentId, payment, signature).status >= 400);
        // Signed with another secret than the key's (e.g. the webhook secret).
        CPPUNIT_ASSERT(razorpay
                           .callback(paid.checkout.providerPaymentId, payment,
                                     hmacSha256Hex(razorpayWebhookSecret(),
                                                   paid.checkout.providerPaymentId + "|" + payment))
                           .status >= 400);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), razorpay.invoicePaid(other.id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), razorpay.capturesOf(payment));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            razorpay.count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE invoice_id IN "
                           "(?, ?)",
                           {paid.id, other.id}));
    }

    void testTheSameWebhookFiveTimesCountsOnce()
    {
        RazorpayPortal razorpay;
        const RazorpayInvoice invoice = razorpay.issuedInvoice("INV-2026-000505", 75000);
        // Paid and captured at Razorpay (auto-capture), the payer never coming back:
        // only the webhooks tell.
        razorpay.razorpay.post("/_fake/pay", object({{"order_id", invoice.checkout.providerPaymentId},
                                                     {"method", "card"},
                                                     {"capture", true}}));
        CPPUNIT_ASSERT_MESSAGE(razorpay.deliveries(),
                               razorpay.waitFor([&] { return razorpay.invoiceState(invoice.id) == "paid"; }));
        const auto captured = razorpay.events("payment.captured");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), captured.size());
        const std::string eventId = captured.front()->getValue<std::string>("id");
        const std::string body = captured.front()->getValue<std::string>("body");
        // Razorpay retries: the same delivery four more times, two by the fake, two by hand.
        razorpay.razorpay.post("/_fake/resend", object({{"event_id", eventId}}));
        razorpay.razorpay.post("/_fake/resend", object({{"event_id", eventId}}));
        CPPUNIT_ASSERT_EQUAL(200, razorpay.deliver(body, eventId).status);
        CPPUNIT_ASSERT_EQUAL(200, razorpay.deliver(body, eventId).status);
        // order.paid, delivered again too, and after the captured one it followed: still once.
        for (const auto& event : razorpay.events("order.paid"))
            razorpay.razorpay.post("/_fake/resend",
                                   object({{"event_id", event->getValue<std::string>("id")}}));
        razorpay.events();

        CPPUNIT_ASSERT_EQUAL(std::int64_t(75000), razorpay.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             razorpay.count("SELECT COUNT(*) AS n FROM billing_invoice_payments "
                                            "WHERE invoice_id = ? AND kind = 'payment'",
                                            {invoice.id}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             razorpay.count("SELECT COUNT(*) AS n FROM molar_payment_events WHERE "
                                            "provider = 'razorpay' AND provider_event_id = ?",
                                            {eventId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             razorpay.count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                            "attempt_id = ? AND kind = 'payment'",
                                            {invoice.attemptId}));
        // Without its event id, or signed with something else, a delivery is refused.
        CPPUNIT_ASSERT_EQUAL(400, razorpay.deliver(body, "").status);
        CPPUNIT_ASSERT_EQUAL(400,
                             razorpay.deliver(body, "evt_forged000001", "not the webhook secret").status);
        CPPUNIT_ASSERT_EQUAL(
            400, razorpay.deliver(body + " ", "evt_forged000002", razorpayWebhookSecret(), body).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             razorpay.count("SELECT COUNT(*) AS n FROM molar_payment_events WHERE "
                                            "provider_event_id LIKE 'evt_forged%'"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckoutTest);

// An invoice paid through Stripe Checkout: the clinic's owner presses Pay, is sent to the
// (fake) Checkout page, pays with a test card; Stripe's webhooks tell the Portal, which
// marks the invoice paid. The same webhooks delivered five times, late (signed minutes
// ago, within the tolerance) and out of order count the money once; a stale one is refused.
#include "StripePortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using namespace molar;
using namespace molar::test;

namespace {

// The attempt billing began for an invoice: its id and the provider's id of it (cs_…).
std::pair<std::string, std::string> attemptOf(StripePortal& stripe, std::int64_t invoiceId)
{
    auto rows = stripe.db().query("SELECT id, provider_payment_id FROM molar_payment_attempts WHERE "
                                  "purpose_kind = 'invoice' AND purpose_id = ? AND provider = 'stripe'",
                                  {std::to_string(invoiceId)});
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
    return {rows.get(0, "id").toString(), rows.get(0, "provider_payment_id").toString()};
}

// The events of one payment (its session or its PaymentIntent), in the order Stripe made them.
std::vector<Poco::JSON::Object::Ptr> eventsOf(StripePortal& stripe, const std::string& sessionId,
                                              const std::string& intentId)
{
    std::vector<Poco::JSON::Object::Ptr> found;
    for (const auto& event : stripe.events()) {
        auto object = event->getObject("data")->getObject("object");
        const std::string id = object->optValue<std::string>("id", "");
        if (id == sessionId || id == intentId)
            found.push_back(event);
    }
    return found;
}

} // namespace

class CheckoutTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CheckoutTest);
    CPPUNIT_TEST(testAnInvoicePaidThroughCheckout);
    CPPUNIT_TEST(testWebhooksFiveTimesLateAndOutOfOrderCountOnce);
    CPPUNIT_TEST(testADeclinedCardLeavesTheInvoiceUnpaid);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnInvoicePaidThroughCheckout()
    {
        StripePortal stripe;
        const std::int64_t id = stripe.insertInvoice("INV-2026-000701", 45050);
        auto owner = stripe.pearlOwner();
        const Answer asked =
            owner->post("/billing/invoices/" + std::to_string(id) + "/pay", {{"provider", "stripe"}});
        // Sent to Stripe's page: by a redirect, or (a form's CSP allows only 'self') by a page
        // that links to it.
        const std::string toCheckout = asked.status == 303 ? asked.header("Location") : asked.body;
        CPPUNIT_ASSERT_MESSAGE(asked.body, asked.status == 303 || asked.status == 200);
        MOLAR_ASSERT_CONTAINS(stripe.stripe.url() + "/checkout/cs_", toCheckout);
        const auto [attemptId, sessionId] = attemptOf(stripe, id);
        CPPUNIT_ASSERT_EQUAL(std::string("cs_"), sessionId.substr(0, 3));

        // One session asked for, in Stripe's words: the amount in dirhams, qar in lower case,
        // the invoice's number, and the attempt as the key and in the metadata.
        const auto sessions = stripe.requests("POST", "/v1/checkout/sessions");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), sessions.size());
        // The key is the attempt's (a key per operation made from it, as "<attempt>:checkout", is fine).
        MOLAR_ASSERT_CONTAINS(attemptId, sessions.front()->getValue<std::string>("idempotencyKey"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0),
                             sessions.front()->getValue<std::string>("idempotencyKey").find(attemptId));
        auto session = stripe.stripe.get("/_fake/objects/" + sessionId).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("payment"), session->getValue<std::string>("mode"));
        CPPUNIT_ASSERT_EQUAL(std::string("45050"), session->get("amount_total").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("qar"), session->getValue<std::string>("currency"));
        CPPUNIT_ASSERT_EQUAL(attemptId,
                             session->getObject("metadata")->getValue<std::string>("molar_attempt"));

        auto completed = stripe.completeCheckout(sessionId).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_MESSAGE(stripe.stripe.output(), completed->getValue<bool>("completed"));
        CPPUNIT_ASSERT_MESSAGE(stripe.stripe.output(),
                               stripe.waitFor([&] { return stripe.invoiceState(id) == "paid"; }));
        stripe.events(); // every webhook delivered
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45050), stripe.invoicePaid(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             stripe.count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                          "invoice_id = ? AND kind = 'payment'",
                                          {id}));
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), stripe.attemptState(attemptId));
        const auto intents = stripe.paymentIntentsOf(attemptId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), intents.size());
        CPPUNIT_ASSERT_EQUAL(std::string("45050"), intents.front()->get("amount_received").toString());

        // Back on the invoice page, the payer reads that it is paid; no card number anywhere.
        const Answer page = owner->get("/billing/invoices/" + std::to_string(id));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_NOT_CONTAINS("4242424242424242", page.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             stripe.count("SELECT COUNT(*) AS n FROM molar_audit WHERE detail LIKE "
                                          "'%4242424242424242%'"));
    }

    void testWebhooksFiveTimesLateAndOutOfOrderCountOnce()
    {
        StripePortal stripe;
        const CardInvoice invoice = stripe.issuedInvoice("INV-2026-000702", 99900);
        const std::string sessionId = invoice.checkout.providerPaymentId;
        // Stripe cannot reach the Portal for now: the events wait at the fake.
        stripe.stripe.post("/_fake/config", object({{"webhookUrl", ""}}));
        auto completed =
            stripe.completeCheckout(sessionId, "5555555555554444").extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT(completed->getValue<bool>("completed"));
        const std::string intentId = stripe.stripe.get("/_fake/objects/" + sessionId)
                                         .extract<Poco::JSON::Object::Ptr>()
                                         ->getValue<std::string>("payment_intent");
        auto events = eventsOf(stripe, sessionId, intentId);
        CPPUNIT_ASSERT_MESSAGE("payment_intent.succeeded and checkout.session.completed", events.size() >= 2);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), stripe.invoicePaid(invoice.id));
        stripe.stripe.post("/_fake/config", object({{"webhookUrl", stripe.webhookUrl()}}));

        // Newest first, five times each: by the fake now, by the fake signed four minutes
        // ago, by hand with both secrets of a rotation, by hand with the old one only, and
        // by the fake again.
        std::reverse(events.begin(), events.end());
        stripe.syncClock(); // the Portal's clock and the signatures' agree however slow the run
        const std::int64_t now = systemMillis() / 1000;
        for (int round = 0; round < 5; ++round) {
            for (const auto& event : events) {
                const std::string eventId = event->getValue<std::string>("id");
                const std::string body = StripePortal::eventBody(event);
                switch (round) {
                case 0:
                case 4:
                    stripe.stripe.post("/_fake/resend", object({{"event_id", eventId}}));
                    break;
                case 1:
                    stripe.stripe.post("/_fake/resend",
                                       object({{"event_id", eventId}, {"timestamp", now - 240}}));
                    break;
                case 2: {
                    const RawAnswer answer = stripe.deliver(
                        body, stripeSignature(body, now, {stripeOldWebhookSecret(), stripeWebhookSecret()}));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
                    break;
                }
                case 3: {
                    const RawAnswer answer =
                        stripe.deliver(body, stripeSignature(body, now - 60, {stripeOldWebhookSecret()}));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
                    break;
                }
                }
            }
        }
        stripe.events();
        // Every delivery of the fake was taken (2xx), none refused.
        for (const auto& event : eventsOf(stripe, sessionId, intentId)) {
            auto deliveries = event->getArray("deliveries");
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), deliveries->size());
            for (std::size_t i = 0; i < deliveries->size(); ++i)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    deliveries->getObject(static_cast<unsigned>(i))->get("response").toString(),
                    std::string("200"),
                    deliveries->getObject(static_cast<unsigned>(i))->get("status").toString());
        }

        CPPUNIT_ASSERT_EQUAL(std::string("paid"), stripe.invoiceState(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99900), stripe.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             stripe.count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                          "invoice_id = ? AND kind = 'payment'",
                                          {invoice.id}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             stripe.count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                          "attempt_id = ? AND kind = 'payment'",
                                          {invoice.attemptId}));
        for (const auto& event : events)
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                                 stripe.count("SELECT COUNT(*) AS n FROM molar_payment_events WHERE "
                                              "provider = 'stripe' AND provider_event_id = ?",
                                              {event->getValue<std::string>("id")}));
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), stripe.attemptState(invoice.attemptId));

        // News older than the payment, delivered last: a failure of the same PaymentIntent
        // moves nothing back.
        Poco::JSON::Object::Ptr failed(new Poco::JSON::Object(*events.back()));
        failed->remove("deliveries");
        failed->set("id", "evt_3OutOfOrderFailure0001");
        failed->set("type", "payment_intent.payment_failed");
        failed->set("created", now - 120);
        auto intent = stripe.stripe.get("/_fake/objects/" + intentId).extract<Poco::JSON::Object::Ptr>();
        Poco::JSON::Object::Ptr failedIntent(new Poco::JSON::Object(*intent));
        failedIntent->set("status", "requires_payment_method");
        failedIntent->set("amount_received", 0);
        failedIntent->set(
            "last_payment_error",
            object({{"type", "card_error"}, {"code", "card_declined"}, {"decline_code", "generic_decline"}}));
        Poco::JSON::Object::Ptr data(new Poco::JSON::Object);
        data->set("object", failedIntent);
        failed->set("data", data);
        std::ostringstream out;
        failed->stringify(out);
        CPPUNIT_ASSERT_EQUAL(200, stripe.deliverSigned(out.str()).status);
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), stripe.attemptState(invoice.attemptId));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), stripe.invoiceState(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99900), stripe.invoicePaid(invoice.id));

        // Too late (signed ten minutes ago), from the future, or signed with a secret not
        // configured: refused, nothing recorded.
        stripe.syncClock();
        const std::string body = StripePortal::eventBody(events.front());
        CPPUNIT_ASSERT_EQUAL(
            400, stripe.deliver(body, stripeSignature(body, now - 600, {stripeWebhookSecret()})).status);
        CPPUNIT_ASSERT_EQUAL(
            400, stripe.deliver(body, stripeSignature(body, now + 600, {stripeWebhookSecret()})).status);
        CPPUNIT_ASSERT_EQUAL(400,
                             stripe.deliver(body, stripeSignature(body, now, {"whsec_not_ours"})).status);
        CPPUNIT_ASSERT_EQUAL(
            400, stripe.deliver(body + "\n", stripeSignature(body, now, {stripeWebhookSecret()})).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99900), stripe.invoicePaid(invoice.id));
    }

    void testADeclinedCardLeavesTheInvoiceUnpaid()
    {
        StripePortal stripe;
        const CardInvoice invoice = stripe.issuedInvoice("INV-2026-000703", 20000);
        auto refused = stripe.completeCheckout(invoice.checkout.providerPaymentId, "4000000000009995")
                           .extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT(!refused->getValue<bool>("completed"));
        stripe.events();
        // The payer may try another card in the same session: still one payment.
        auto paid =
            stripe.completeCheckout(invoice.checkout.providerPaymentId).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT(paid->getValue<bool>("completed"));
        CPPUNIT_ASSERT(stripe.waitFor([&] { return stripe.invoiceState(invoice.id) == "paid"; }));
        stripe.events();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20000), stripe.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), stripe.paymentIntentsOf(invoice.attemptId).size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckoutTest);

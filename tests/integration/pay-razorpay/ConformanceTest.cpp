// The provider "razorpay" as the Portal loaded it, through the SDK's conformance checks
// against the fake Razorpay: orders as checkouts, idempotent and concurrent retries, a lost
// answer found again by its attempt, amounts in paise, partial refunds never beyond the
// capture, and webhooks signed as Razorpay signs them.
#include "RazorpayPortal.h"

#include "molar/sdk/testing/PaymentProviderConformance.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Parser.h>

#include <sstream>

using namespace molar;
using namespace molar::test;

class ConformanceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConformanceTest);
    CPPUNIT_TEST(testCapabilities);
    CPPUNIT_TEST(testPassesTheConformanceChecks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCapabilities()
    {
        RazorpayPortal razorpay;
        std::optional<sdk::PaymentCapabilities> found;
        for (const auto& c : razorpay.portal().paymentProviders().capabilities())
            if (c.name == "razorpay")
                found = c;
        CPPUNIT_ASSERT(found);
        CPPUNIT_ASSERT(found->flow == sdk::PaymentFlow::HostedCheckout);
        CPPUNIT_ASSERT(found->refunds && found->partialRefunds && found->webhooks);
        CPPUNIT_ASSERT(!found->savedMethods && !found->offSession);
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"INR"}), found->currencies);
        CPPUNIT_ASSERT_EQUAL(std::string("pay-razorpay"),
                             razorpay.portal().paymentProviders().owner("razorpay"));
    }

    void testPassesTheConformanceChecks()
    {
        RazorpayPortal razorpay;
        auto provider = razorpay.portal().paymentProviders().find("razorpay");
        CPPUNIT_ASSERT(provider);
        sdk::testing::PaymentProviderConformanceOptions options;
        options.currencies = {"INR"};
        // The payer pays in the fake's Checkout and the browser posts the answer to the
        // plugin's callback route, which checks it and captures the payment.
        options.payCheckout = [&](const sdk::PaymentRequest&, const sdk::PaymentResult& checkout) {
            auto fields = razorpay.pay(checkout.providerPaymentId, "netbanking");
            const PortalAnswer answer =
                razorpay.callback(fields->getValue<std::string>("razorpay_order_id"),
                                  fields->getValue<std::string>("razorpay_payment_id"),
                                  fields->getValue<std::string>("razorpay_signature"));
            CPPUNIT_ASSERT_MESSAGE(answer.body, answer.status == 303 || answer.status == 200);
        };
        options.loseNextAnswer = [&] {
            razorpay.razorpay.post("/_fake/lose-answers", object({{"count", 1}}));
        };
        // What Razorpay sends once an order is paid: order.paid with the order and its payment.
        options.webhookBody = [&](const sdk::PaymentResult& order) {
            auto fields = razorpay.pay(order.providerPaymentId, "upi");
            auto event =
                razorpay.razorpay
                    .post("/_fake/webhook",
                          object({{"event", "order.paid"},
                                  {"order_id", order.providerPaymentId},
                                  {"payment_id", fields->getValue<std::string>("razorpay_payment_id")},
                                  {"send", false}}))
                    .extract<Poco::JSON::Object::Ptr>();
            return event->getValue<std::string>("body");
        };
        // Razorpay signs the body alone, its created_at included: a delivery "signed" at a
        // time is the event made then (an old one replayed, or one dated ahead); the event id
        // travels in its own header. Razorpay retries for a day, so the plugin takes events
        // up to pay-razorpay.webhookToleranceSeconds (8 days) old: stale is beyond that.
        options.staleMillis = 9LL * 24 * 3600 * 1000;
        options.signDelivery = [](const std::string& signedBody, std::int64_t signedAtMillis) {
            std::string body = signedBody;
            try {
                auto event = Poco::JSON::Parser().parse(signedBody).extract<Poco::JSON::Object::Ptr>();
                event->set("created_at", signedAtMillis / 1000);
                std::ostringstream out;
                event->stringify(out);
                body = out.str();
            } catch (const std::exception&) {
                // Not JSON (the check of a body that does not parse): signed as it is.
            }
            sdk::WebhookDelivery delivery;
            delivery.body = body;
            delivery.headers["content-type"] = "application/json";
            delivery.headers["x-razorpay-signature"] = hmacSha256Hex(razorpayWebhookSecret(), body);
            delivery.headers["x-razorpay-event-id"] = "evt_" + hmacSha256Hex("event-id", body).substr(0, 14);
            return delivery;
        };
        options.keyPrefix = "conformance-" + TestDatabase::backend();
        std::vector<std::string> skipped;
        options.skipped = &skipped;
        std::string all;
        for (const auto& failure : sdk::testing::checkPaymentProvider(*provider, options))
            all += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE(
            "conformance failures:" + all + "\nthe fake said:\n" + razorpay.razorpay.output(), all.empty());
        // Nothing skipped but what a provider without saved cards or holds cannot be asked.
        std::vector<std::string> checks;
        for (const auto& s : skipped)
            checks.push_back(s.substr(0, s.find(':')));
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"authorize and capture", "saved methods",
                                                       "off-session authentication"}),
                             checks);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConformanceTest);

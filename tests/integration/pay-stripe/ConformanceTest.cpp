// The provider "stripe" as the Portal loaded it, through the SDK's conformance checks
// against the fake Stripe: checkouts, idempotent and concurrent retries, a lost answer
// settled without a second charge, amounts in 0, 2 and 3 decimals, authorize and capture,
// partial refunds never beyond the capture, and webhooks signed as Stripe signs them.
#include "StripePortal.h"

#include "molar/sdk/testing/PaymentProviderConformance.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

namespace {

// What Stripe sends when a Checkout payment is paid: checkout.session.completed with the
// session as the fake keeps it, marked paid.
std::string sessionCompletedEvent(StripePortal& stripe, const sdk::PaymentResult& payment)
{
    auto session = stripe.stripeApi("GET", "/v1/checkout/sessions/" + payment.providerPaymentId)
                       .extract<Poco::JSON::Object::Ptr>();
    session->set("status", "complete");
    session->set("payment_status", "paid");
    Poco::JSON::Object::Ptr data(new Poco::JSON::Object);
    data->set("object", session);
    Poco::JSON::Object::Ptr event(new Poco::JSON::Object);
    event->set("id", "evt_conformance_" + payment.providerPaymentId);
    event->set("object", "event");
    event->set("api_version", "2025-04-30.basil");
    event->set("created", systemMillis() / 1000);
    event->set("livemode", false);
    event->set("type", "checkout.session.completed");
    event->set("data", data);
    std::ostringstream out;
    event->stringify(out);
    return out.str();
}

} // namespace

class ConformanceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConformanceTest);
    CPPUNIT_TEST(testCapabilities);
    CPPUNIT_TEST(testPassesTheConformanceChecks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCapabilities()
    {
        StripePortal stripe;
        std::optional<sdk::PaymentCapabilities> found;
        for (const auto& c : stripe.portal().paymentProviders().capabilities())
            if (c.name == "stripe")
                found = c;
        CPPUNIT_ASSERT(found);
        CPPUNIT_ASSERT(found->flow == sdk::PaymentFlow::HostedCheckout);
        CPPUNIT_ASSERT(found->authorizeCapture && found->savedMethods && found->offSession &&
                       found->refunds && found->partialRefunds && found->webhooks);
        CPPUNIT_ASSERT_EQUAL(std::string("pay-stripe"), stripe.portal().paymentProviders().owner("stripe"));
        auto provider = stripe.portal().paymentProviders().find("stripe");
        CPPUNIT_ASSERT_MESSAGE("pay-stripe tells of its disputes",
                               dynamic_cast<sdk::DisputeLookup*>(provider.get()) != nullptr);
    }

    void testPassesTheConformanceChecks()
    {
        StripePortal stripe;
        auto provider = stripe.portal().paymentProviders().find("stripe");
        CPPUNIT_ASSERT(provider);
        sdk::testing::PaymentProviderConformanceOptions options;
        // Stripe's test PaymentMethod that any customer may be charged with.
        options.savedMethodId = "pm_card_visa";
        // The payer saves a card on the fake's Checkout page in setup mode.
        options.completeSetup = [&](const sdk::PaymentRequest&, const sdk::PaymentResult& setup) {
            auto done = stripe.completeCheckout(setup.providerPaymentId).extract<Poco::JSON::Object::Ptr>();
            CPPUNIT_ASSERT(done->getValue<bool>("completed"));
        };
        options.authenticationRequiredMethodId = "pm_card_authenticationRequired";
        options.loseNextAnswer = [&] { stripe.stripe.post("/_fake/lose-answers", object({{"count", 1}})); };
        // Money moved under a key: the PaymentIntents the fake holds for it that took or held money.
        options.chargesMade = [&](const std::string& key) {
            int charges = 0;
            for (const auto& intent : stripe.paymentIntentsOf(key)) {
                const std::string status = intent->optValue<std::string>("status", "");
                if (status == "succeeded" || status == "requires_capture" || status == "processing")
                    ++charges;
            }
            return charges;
        };
        options.webhookBody = [&](const sdk::PaymentResult& payment) {
            return sessionCompletedEvent(stripe, payment);
        };
        options.signDelivery = [](const std::string& body, std::int64_t signedAtMillis) {
            sdk::WebhookDelivery delivery;
            delivery.body = body;
            delivery.headers["content-type"] = "application/json; charset=utf-8";
            delivery.headers["stripe-signature"] =
                stripeSignature(body, signedAtMillis / 1000, {stripeWebhookSecret()});
            return delivery;
        };
        options.nowMillis = [] { return systemMillis(); };
        options.keyPrefix = "conformance-" + TestDatabase::backend();
        std::vector<std::string> skipped;
        options.skipped = &skipped;
        std::string all;
        for (const auto& failure : sdk::testing::checkPaymentProvider(*provider, options))
            all += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE("conformance failures:" + all + "\nthe fake said:\n" + stripe.stripe.output(),
                               all.empty());
        // pay-stripe lists every call, and the options give every hook: nothing is skipped
        // but the check of calls a provider does not list.
        std::vector<std::string> checks;
        for (const auto& s : skipped)
            checks.push_back(s.substr(0, s.find(':')));
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"unsupported calls throw PaymentUnsupported"}),
                             checks);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConformanceTest);

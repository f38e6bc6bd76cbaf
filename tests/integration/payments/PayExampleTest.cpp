// The example payment provider (sdk/examples/pay-example), built from the installed
// SDK alone, loaded by a real Portal and run through the conformance checks; its
// sandbox's controls are driven over HTTP, and its webhooks are signed here as the
// gateway's servers sign them (HMAC-SHA256 over "<t>.<body>").
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include "molar/sdk/testing/PaymentProviderConformance.h"

#include <cppunit/extensions/HelperMacros.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

using namespace molar;

namespace {

const std::string secret = "pay-example-test-secret-0123456789";

std::string hmacHex(const std::string& key, const std::string& message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0f];
    }
    return out;
}

sdk::WebhookDelivery signedDelivery(const std::string& body, std::int64_t at)
{
    sdk::WebhookDelivery delivery;
    delivery.body = body;
    const std::string t = std::to_string(at);
    delivery.headers["x-pay-example-signature"] = "t=" + t + ",v1=" + hmacHex(secret, t + "." + body);
    delivery.receivedAtMillis = at;
    return delivery;
}

std::string succeededBody(const sdk::PaymentResult& payment)
{
    return "id=evt_" + payment.providerPaymentId +
           "\ntype=payment.succeeded\npayment=" + payment.providerPaymentId +
           "\namount=" + std::to_string(payment.amount.minor) + "\ncurrency=" + payment.amount.currency +
           "\n";
}

class ExamplePortal
{
public:
    explicit ExamplePortal(const std::string& sandboxControls = "true")
        : portal(clock, {{"plugins.path", PAY_EXAMPLE_PLUGIN_DIR},
                         {"plugins.enabled", "pay-example"},
                         {"pay-example.webhookSecret", secret},
                         {"pay-example.sandboxControls", sandboxControls}})
    {
    }
    host::ManualClock clock;
    test::DemoPortal portal;
};

} // namespace

class PayExampleTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PayExampleTest);
    CPPUNIT_TEST(testIsBuiltFromTheInstalledSdkAlone);
    CPPUNIT_TEST(testPassesTheConformanceChecks);
    CPPUNIT_TEST(testIsOfferedToTheHostAndDroppedAtStop);
    CPPUNIT_TEST(testSandboxControlsAreOffOnlyWhenAskedFor);
    CPPUNIT_TEST(testHostWebhookRouteBelievesOnlySignedDeliveries);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIsBuiltFromTheInstalledSdkAlone()
    {
        std::ifstream in(PAY_EXAMPLE_FLAGS);
        CPPUNIT_ASSERT_MESSAGE("no " PAY_EXAMPLE_FLAGS, in.good());
        const std::string flags((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        MOLAR_ASSERT_CONTAINS("-isystem " PAY_EXAMPLE_SDK_PREFIX "/include", flags);
        MOLAR_ASSERT_NOT_CONTAINS(MOLAR_SOURCE_DIR "/sdk/include", flags);
    }

    void testPassesTheConformanceChecks()
    {
        ExamplePortal example;
        auto provider = example.portal.portal().paymentProviders().find("pay-example");
        CPPUNIT_ASSERT_MESSAGE("the plugin offered no provider named pay-example", provider);
        test::HttpBrowser gateway(example.portal.portal());

        sdk::testing::PaymentProviderConformanceOptions options;
        options.savedMethodId = "pm_card_ok";
        options.payCheckout = [&](const sdk::PaymentRequest&, const sdk::PaymentResult& checkout) {
            auto answer = gateway.postRaw(
                "/pay-example/sandbox/payments/" + checkout.providerPaymentId + "/complete", {});
            CPPUNIT_ASSERT_EQUAL(204, answer.status);
        };
        options.loseNextAnswer = [&] {
            CPPUNIT_ASSERT_EQUAL(204, gateway.postRaw("/pay-example/sandbox/lose-next-answer", {}).status);
        };
        options.chargesMade = [&](const std::string& key) {
            auto answer = gateway.get("/pay-example/sandbox/money-moves/" + key);
            CPPUNIT_ASSERT_EQUAL(200, answer.status);
            return std::stoi(answer.body);
        };
        // The sandbox's payer saves its test Visa on a setup's page as on a checkout's.
        options.completeSetup = [&](const sdk::PaymentRequest&, const sdk::PaymentResult& setup) {
            auto answer =
                gateway.postRaw("/pay-example/sandbox/payments/" + setup.providerPaymentId + "/complete", {});
            CPPUNIT_ASSERT_EQUAL(204, answer.status);
        };
        options.webhookBody = succeededBody;
        options.signDelivery = signedDelivery;
        std::vector<std::string> skipped;
        options.skipped = &skipped;

        std::string all;
        for (const auto& failure : sdk::testing::checkPaymentProvider(*provider, options))
            all += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE("conformance failures:" + all, all.empty());
        // Every check ran but the one for calls it does not support (it supports them all)
        // and off-session authentication: the sandbox has no card that needs its holder.
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), skipped.size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("unsupported calls throw PaymentUnsupported: the capabilities list every call"),
            skipped.front());
        CPPUNIT_ASSERT_EQUAL(std::string("off-session authentication: no authenticationRequiredMethodId"),
                             skipped.back());
    }

    void testIsOfferedToTheHostAndDroppedAtStop()
    {
        ExamplePortal example;
        auto& providers = example.portal.portal().paymentProviders();
        auto capabilities = providers.capabilities();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), capabilities.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pay-example"), capabilities.front().name);
        CPPUNIT_ASSERT_EQUAL(std::string("pay-example"), providers.owner("pay-example"));
        CPPUNIT_ASSERT(capabilities.front().flow == sdk::PaymentFlow::HostedCheckout);
        example.portal.portal().stop();
        CPPUNIT_ASSERT(!providers.find("pay-example"));
    }

    // The gateway's servers post to the host's webhook route; the provider verifies.
    void testHostWebhookRouteBelievesOnlySignedDeliveries()
    {
        ExamplePortal example;
        auto provider = example.portal.portal().paymentProviders().find("pay-example");
        sdk::PaymentRequest request;
        request.idempotencyKey = "pa_webhook_route";
        request.amount = {125050, "QAR"};
        const auto payment = provider->createCheckout(request);
        const std::string body = succeededBody(payment);
        auto post = [&](const std::string& sent, const sdk::WebhookDelivery& signedFor) {
            Poco::Net::HTTPClientSession session("127.0.0.1",
                                                 static_cast<Poco::UInt16>(example.portal.portal().port()));
            Poco::Net::HTTPRequest req("POST", "/payments/webhooks/pay-example",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
            for (const auto& [name, value] : signedFor.headers)
                req.set(name, value);
            req.setContentType("text/plain");
            req.setContentLength(static_cast<std::streamsize>(sent.size()));
            session.sendRequest(req) << sent;
            Poco::Net::HTTPResponse response;
            std::string ignored;
            Poco::StreamCopier::copyToString(session.receiveResponse(response), ignored);
            return static_cast<int>(response.getStatus());
        };
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        CPPUNIT_ASSERT_EQUAL(200, post(body, signedDelivery(body, now)));
        CPPUNIT_ASSERT_EQUAL(200, post(body, signedDelivery(body, now))); // again: still 200
        CPPUNIT_ASSERT_EQUAL(400, post(body + "\namount=1", signedDelivery(body, now)));
        CPPUNIT_ASSERT_EQUAL(400, post(body, signedDelivery(body, now - 3600 * 1000)));
        CPPUNIT_ASSERT_EQUAL(400, post(body, sdk::WebhookDelivery{}));
    }

    void testSandboxControlsAreOffOnlyWhenAskedFor()
    {
        ExamplePortal example("false");
        test::HttpBrowser visitor(example.portal.portal());
        CPPUNIT_ASSERT_EQUAL(404, visitor.postRaw("/pay-example/sandbox/lose-next-answer", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, visitor.get("/pay-example/sandbox/money-moves/x").status);
        CPPUNIT_ASSERT(example.portal.portal().paymentProviders().find("pay-example"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PayExampleTest);

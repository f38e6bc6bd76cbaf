// The provider without Razorpay: what it says it can do, what it refuses before any
// call, the webhook checks made before the body is believed, the receipts and refund
// keys it derives, and the checkout page's Content-Security-Policy. The calls against
// the fake Razorpay are in tests/integration.
#include "CheckoutRoutes.h"
#include "RazorpayProvider.h"
#include "Signatures.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::payrazorpay;
namespace sdk = molar::sdk;

namespace {

// A database with an empty pay_razorpay_orders: no order is ours.
class EmptyDatabase : public sdk::Database
{
public:
    sdk::ResultSet query(const std::string&, const sdk::Params&) override { return {}; }
    std::int64_t execute(const std::string&, const sdk::Params&) override { return 0; }
    std::int64_t insert(const std::string&, const sdk::Params&) override { return 0; }
    sdk::Dialect dialect() const override { return sdk::Dialect::SQLite; }
    void transaction(const std::function<void(sdk::Transaction&)>&) override
    {
        throw std::logic_error("no transaction here");
    }
};

class FixedClock : public sdk::Clock
{
public:
    std::chrono::system_clock::time_point now() const override
    {
        return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
    }
};

class QuietLogger : public sdk::Logger
{
public:
    void log(sdk::LogLevel, const std::string&) override {}
    bool enabled(sdk::LogLevel) const override { return false; }
};

RazorpaySettings settings(std::vector<std::string> webhookSecrets = {"whsec-new", "whsec-old"})
{
    RazorpaySettings s;
    s.apiBase = "http://127.0.0.1:9"; // nothing listens: a call would fail the test
    s.keyId = "rzp_test_AbCdEf123456";
    s.keySecret = "key-secret";
    s.webhookSecrets = std::move(webhookSecrets);
    s.checkoutScript = "https://checkout.razorpay.com/v1/checkout.js";
    s.currencies = {"INR"};
    s.timeoutSeconds = 1;
    return s;
}

struct Fixture
{
    explicit Fixture(RazorpaySettings s = settings())
        : config(std::move(s)), client(config), orders(database),
          provider(config, client, orders, clock, logger, "https://portal.example")
    {
    }
    RazorpaySettings config;
    EmptyDatabase database;
    FixedClock clock;
    QuietLogger logger;
    RazorpayClient client;
    OrderStore orders;
    RazorpayProvider provider;
};

const std::int64_t now = 1767225600;

std::string body(const std::string& event, std::int64_t createdAt = now)
{
    return R"({"entity":"event","event":")" + event +
           R"(","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_Payment0000001",)"
           R"("entity":"payment","amount":49900,"currency":"INR","status":"failed",)"
           R"("order_id":"order_OurOrder000001","captured":false}}},"created_at":)" +
           std::to_string(createdAt) + "}";
}

sdk::WebhookDelivery delivery(const std::string& text, const std::string& secret = "whsec-old")
{
    sdk::WebhookDelivery d;
    d.body = text;
    d.headers["x-razorpay-signature"] = hmacSha256Hex(secret, text);
    d.headers["x-razorpay-event-id"] = "evt_Event000000001";
    d.receivedAtMillis = now * 1000;
    return d;
}

template <typename Call> bool refuses(Call call)
{
    try {
        call();
    } catch (const sdk::WebhookRefused&) {
        return true;
    }
    return false;
}

} // namespace

class ProviderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProviderTest);
    CPPUNIT_TEST(testCapabilities);
    CPPUNIT_TEST(testUnsupportedCalls);
    CPPUNIT_TEST(testRefusedBeforeCallingRazorpay);
    CPPUNIT_TEST(testWebhookAcceptedUnderEitherSecret);
    CPPUNIT_TEST(testWebhookRefusals);
    CPPUNIT_TEST(testWithoutWebhookSecrets);
    CPPUNIT_TEST(testReceiptsAndRefundKeys);
    CPPUNIT_TEST(testCheckoutPagePolicy);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCapabilities()
    {
        Fixture f;
        const auto c = f.provider.capabilities();
        CPPUNIT_ASSERT_EQUAL(std::string("razorpay"), c.name);
        CPPUNIT_ASSERT_EQUAL(std::string("Razorpay"), c.displayName);
        CPPUNIT_ASSERT(c.flow == sdk::PaymentFlow::HostedCheckout);
        CPPUNIT_ASSERT(c.refunds && c.partialRefunds && c.webhooks);
        CPPUNIT_ASSERT(!c.authorizeCapture && !c.savedMethods && !c.offSession);
        CPPUNIT_ASSERT(c.currencies == std::vector<std::string>{"INR"});
    }

    void testUnsupportedCalls()
    {
        Fixture f;
        sdk::PaymentRequest r;
        r.idempotencyKey = "attempt-1";
        r.amount = {10000, "INR"};
        CPPUNIT_ASSERT_THROW(f.provider.authorize(r), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(f.provider.capture(r, "order_X", 100), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(f.provider.chargeSaved(r), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(f.provider.saveMethod(r), sdk::PaymentUnsupported);
    }

    void testRefusedBeforeCallingRazorpay()
    {
        Fixture f;
        sdk::PaymentRequest r;
        r.idempotencyKey = "attempt-1";
        r.customerId = "7";
        // 99 paise is below Razorpay's INR 1.00.
        r.amount = {99, "INR"};
        const auto small = f.provider.createCheckout(r);
        CPPUNIT_ASSERT(small.state == sdk::PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("amount_too_small"), small.failureCode);
        r.amount = {10000, "QAR"};
        CPPUNIT_ASSERT_THROW(f.provider.createCheckout(r), sdk::PermanentError);
        const auto refund = f.provider.refund(r, "order_X", 0);
        CPPUNIT_ASSERT(refund.state == sdk::PaymentState::Failed);
    }

    void testWebhookAcceptedUnderEitherSecret()
    {
        Fixture f;
        for (const char* secret : {"whsec-new", "whsec-old"}) {
            const auto events = f.provider.parseWebhook(delivery(body("payment.failed"), secret));
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
            CPPUNIT_ASSERT(events.front().kind == sdk::PaymentEventKind::Failed);
            CPPUNIT_ASSERT_EQUAL(std::string("evt_Event000000001"), events.front().providerEventId);
            CPPUNIT_ASSERT_EQUAL(std::string("order_OurOrder000001"), events.front().providerPaymentId);
        }
        // An event of no interest: verified, and nothing to record.
        CPPUNIT_ASSERT(f.provider.parseWebhook(delivery(body("refund.created"))).empty());
    }

    void testWebhookRefusals()
    {
        Fixture f;
        auto& p = f.provider;
        const auto genuine = delivery(body("payment.failed"));
        auto altered = genuine;
        altered.body += " ";
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(altered); }));
        auto otherSecret = delivery(body("payment.failed"), "whsec-elsewhere");
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(otherSecret); }));
        auto keySigned = delivery(body("payment.failed"), "key-secret");
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(keySigned); }));
        auto noSignature = genuine;
        noSignature.headers.erase("x-razorpay-signature");
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(noSignature); }));
        auto noEventId = genuine;
        noEventId.headers.erase("x-razorpay-event-id");
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(noEventId); }));
        // Signed long ago (beyond the 8 days Razorpay could still send it), or ahead of time.
        CPPUNIT_ASSERT(
            refuses([&] { p.parseWebhook(delivery(body("payment.failed", now - 9 * 24 * 3600))); }));
        CPPUNIT_ASSERT(!refuses([&] { p.parseWebhook(delivery(body("payment.failed", now - 24 * 3600))); }));
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(delivery(body("payment.failed", now + 3600))); }));
        CPPUNIT_ASSERT(refuses([&] { p.parseWebhook(delivery("{not json")); }));
    }

    void testWithoutWebhookSecrets()
    {
        Fixture f(settings({}));
        CPPUNIT_ASSERT(!f.provider.capabilities().webhooks);
        CPPUNIT_ASSERT_THROW(f.provider.parseWebhook(delivery(body("payment.failed"))),
                             sdk::PaymentUnsupported);
    }

    void testReceiptsAndRefundKeys()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a1b2c3"), RazorpayProvider::receiptFor("a1b2c3"));
        const std::string longKey = "conformance-1767225600000-concurrent-same-12";
        const std::string receipt = RazorpayProvider::receiptFor(longKey);
        CPPUNIT_ASSERT(receipt.size() <= 40);
        CPPUNIT_ASSERT_EQUAL(receipt, RazorpayProvider::receiptFor(longKey));
        CPPUNIT_ASSERT(receipt != RazorpayProvider::receiptFor(longKey + "3"));

        CPPUNIT_ASSERT_EQUAL(std::string("refund-key-0001"),
                             RazorpayProvider::refundIdempotencyKey("refund-key-0001"));
        const std::string shortKey = RazorpayProvider::refundIdempotencyKey("r1");
        CPPUNIT_ASSERT(shortKey.size() >= 10 && shortKey.find("r1") != std::string::npos);
        const std::string hugeKey = RazorpayProvider::refundIdempotencyKey(std::string(300, 'k'));
        CPPUNIT_ASSERT(hugeKey.size() >= 10 && hugeKey.size() <= 255);
    }

    void testCheckoutPagePolicy()
    {
        RazorpaySettings s = settings();
        s.apiBase = "https://api.razorpay.com";
        const std::string policy = CheckoutRoutes::contentSecurityPolicy(s);
        CPPUNIT_ASSERT(
            policy.find("script-src 'self' https://checkout.razorpay.com https://api.razorpay.com;") !=
            std::string::npos);
        CPPUNIT_ASSERT(policy.find("frame-src https://checkout.razorpay.com https://api.razorpay.com;") !=
                       std::string::npos);
        CPPUNIT_ASSERT(policy.find("frame-ancestors 'none'") != std::string::npos);
        CPPUNIT_ASSERT(policy.find("object-src 'none'") != std::string::npos);
        s.checkoutScript = "http://127.0.0.1:4100/v1/checkout.js";
        s.apiBase = "http://127.0.0.1:4100";
        CPPUNIT_ASSERT(CheckoutRoutes::contentSecurityPolicy(s).find(
                           "script-src 'self' http://127.0.0.1:4100;") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProviderTest);

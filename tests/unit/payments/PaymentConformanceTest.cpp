// The payment-provider conformance checks catch a careless provider: one that is
// not idempotent, assumes two minor digits, throws on a lost answer, refunds more
// than it captured, believes unsigned webhooks and answers calls it does not support;
// one that keeps a card number or charges a card needing its holder as if it were
// fine. A careful card provider passes every check its options can drive.
#include "Assertions.h"
#include "CardTestProvider.h"

#include "molar/sdk/testing/PaymentProviderConformance.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <mutex>

using namespace molar::sdk;

namespace {

class CarelessProvider : public PaymentProvider
{
public:
    PaymentCapabilities capabilities() const override
    {
        PaymentCapabilities caps;
        caps.name = "careless";
        caps.displayName = "Careless card";
        caps.flow = PaymentFlow::HostedCheckout;
        caps.offSession = true;
        caps.savedMethods = false; // and yet saveMethod() answers
        caps.refunds = true;
        caps.partialRefunds = true;
        caps.webhooks = true;
        return caps;
    }
    PaymentResult createCheckout(const PaymentRequest& request) override
    {
        return make(request, PaymentState::Pending);
    }
    PaymentResult chargeSaved(const PaymentRequest& request) override
    {
        return make(request, PaymentState::Succeeded);
    }
    PaymentResult saveMethod(const PaymentRequest& request) override
    {
        return make(request, PaymentState::Pending);
    }
    RefundResult refund(const PaymentRequest&, const std::string& id, std::int64_t amountMinor) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _payments[id].refundedMinor += amountMinor; // never checked against the capture
        RefundResult result;
        result.providerRefundId = "re_" + std::to_string(++_next);
        result.state = PaymentState::Succeeded;
        result.amountMinor = amountMinor;
        return result;
    }
    PaymentResult fetchPayment(const PaymentRequest& request, const std::string& id) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (id.empty()) {
            for (const auto& [_, payment] : _payments)
                if (payment.providerPaymentId == request.idempotencyKey)
                    return payment;
        }
        return _payments[id];
    }
    std::vector<PaymentEvent> parseWebhook(const WebhookDelivery& delivery) override
    {
        // Believes whatever arrives: no signature, no timestamp.
        PaymentEvent event;
        event.providerEventId = "evt_" + std::to_string(delivery.body.size());
        event.providerPaymentId = delivery.body;
        return {event};
    }

    void loseNextAnswer() { _lose = true; }

private:
    PaymentResult make(const PaymentRequest& request, PaymentState state)
    {
        if (_lose) {
            _lose = false;
            throw std::runtime_error("timeout"); // not state Unknown
        }
        std::lock_guard<std::mutex> lock(_mutex);
        PaymentResult result;
        result.state = state;
        result.providerPaymentId = "pay_" + std::to_string(++_next); // a new payment on every retry
        // The gateway is sent major units as if every currency had two digits.
        std::int64_t scale = 1;
        for (int i = 0; i < currencyMinorDigits(request.amount.currency); ++i)
            scale *= 10;
        result.amount = {request.amount.minor * scale / 100, request.amount.currency};
        result.capturedMinor = state == PaymentState::Succeeded ? result.amount.minor : 0;
        result.redirectUrl = "https://careless.example/pay";
        _payments[result.providerPaymentId] = result;
        return result;
    }

    std::mutex _mutex;
    long _next = 0;
    bool _lose = false;
    std::map<std::string, PaymentResult> _payments;
};

// Saves a method whose "last four" is the whole card number, and reports a card
// that needs its holder as declined.
class LeakyCardProvider : public molar::test::CardTestProvider
{
public:
    std::optional<SavedMethod> fetchMethod(const PaymentRequest& request, const std::string& id) override
    {
        auto method = CardTestProvider::fetchMethod(request, id);
        if (method)
            method->last4 = "4000002500003155";
        return method;
    }
    PaymentResult chargeSaved(const PaymentRequest& request) override
    {
        auto result = CardTestProvider::chargeSaved(request);
        if (result.state == PaymentState::RequiresAction)
            result.state = PaymentState::Failed;
        return result;
    }
};

testing::PaymentProviderConformanceOptions cardOptions(molar::test::CardTestProvider& cards)
{
    testing::PaymentProviderConformanceOptions options;
    options.savedMethodId = "pm_ok";
    options.authenticationRequiredMethodId = "pm_auth";
    options.loseNextAnswer = [&] { cards.loseNextAnswer(); };
    options.completeSetup = [&](const PaymentRequest&, const PaymentResult& setup) {
        cards.completeSetup(setup.providerPaymentId, {"pm_ok", "visa", "4242", 12, 2030});
    };
    return options;
}

} // namespace

class PaymentConformanceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PaymentConformanceTest);
    CPPUNIT_TEST(testCatchesACarelessProvider);
    CPPUNIT_TEST(testSkipsWhatTheOptionsCannotDrive);
    CPPUNIT_TEST(testACarefulCardProviderPasses);
    CPPUNIT_TEST(testCatchesACardNumberAndAHiddenAuthentication);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCatchesACarelessProvider()
    {
        CarelessProvider provider;
        testing::PaymentProviderConformanceOptions options;
        options.savedMethodId = "pm_any";
        options.loseNextAnswer = [&] { provider.loseNextAnswer(); };
        options.webhookBody = [](const PaymentResult& payment) { return payment.providerPaymentId; };
        options.signDelivery = [](const std::string& body, std::int64_t at) {
            return WebhookDelivery{body, {{"x-signature", std::to_string(at)}}, at};
        };
        std::string all;
        for (const auto& failure : testing::checkPaymentProvider(provider, options))
            all += failure + "\n";
        MOLAR_ASSERT_CONTAINS("unsupported calls throw PaymentUnsupported: saveMethod() returned", all);
        MOLAR_ASSERT_CONTAINS(
            "idempotent retries: createCheckout() retried with the same key gave a second payment", all);
        MOLAR_ASSERT_CONTAINS(
            "concurrent retries: one idempotency key used from 8 threads at once gave 8 payments", all);
        MOLAR_ASSERT_CONTAINS("unknown outcomes: a lost answer threw 'timeout' instead of state Unknown",
                              all);
        MOLAR_ASSERT_CONTAINS("amounts round-trip: JPY 123,457 came back as JPY 1,234", all);
        MOLAR_ASSERT_CONTAINS(
            "refunds never exceed the capture: a refund retried with its key refunded twice", all);
        MOLAR_ASSERT_CONTAINS("webhooks: a body changed after signing was accepted", all);
    }

    void testSkipsWhatTheOptionsCannotDrive()
    {
        CarelessProvider provider;
        std::vector<std::string> skipped;
        testing::PaymentProviderConformanceOptions options;
        options.skipped = &skipped;
        testing::checkPaymentProvider(provider, options);
        std::string all;
        for (const auto& s : skipped)
            all += s + "\n";
        MOLAR_ASSERT_CONTAINS("unknown outcomes: no loseNextAnswer hook", all);
        MOLAR_ASSERT_CONTAINS("refunds never exceed the capture: no method to charge (savedMethodId) and no "
                              "payer (payCheckout)",
                              all);
        MOLAR_ASSERT_CONTAINS("webhooks: no webhookBody or signDelivery hook", all);
        MOLAR_ASSERT_CONTAINS("authorize and capture: capabilities: no authorizeCapture", all);
        MOLAR_ASSERT_CONTAINS("saved methods: capabilities: no savedMethods", all);
        MOLAR_ASSERT_CONTAINS("off-session authentication: no authenticationRequiredMethodId", all);
    }

    void testACarefulCardProviderPasses()
    {
        molar::test::CardTestProvider cards;
        std::vector<std::string> skipped;
        auto options = cardOptions(cards);
        options.skipped = &skipped;
        std::string all;
        for (const auto& failure : testing::checkPaymentProvider(cards, options))
            all += failure + "\n";
        CPPUNIT_ASSERT_EQUAL(std::string(), all);
        // Only what it does not offer is skipped; its saved methods and holds are checked.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), skipped.size());
        MOLAR_ASSERT_CONTAINS("webhooks: capabilities: no webhooks", skipped.front());
        CPPUNIT_ASSERT(cards.authorizations >= 2 && cards.captures >= 2 && cards.cancels >= 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cards.removed.size());
    }

    void testCatchesACardNumberAndAHiddenAuthentication()
    {
        LeakyCardProvider cards;
        std::string all;
        for (const auto& failure : testing::checkPaymentProvider(cards, cardOptions(cards)))
            all += failure + "\n";
        MOLAR_ASSERT_CONTAINS("saved methods: a saved method's last4 is '(longer)', not four digits", all);
        MOLAR_ASSERT_CONTAINS(
            "off-session authentication: chargeSaved() of a card that needs its holder gave "
            "Failed 'authentication_required'",
            all);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentConformanceTest);

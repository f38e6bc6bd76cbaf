// PaymentProviders: the host's registry of the providers plugins offer, and the
// defaults of the calls a provider does not support.
#include "payments/PaymentProviders.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace molar;

namespace {

// A provider with only the calls every provider has; notes whether the plugin that
// made it is still alive when it is destroyed.
class MinimalProvider : public sdk::PaymentProvider
{
public:
    explicit MinimalProvider(std::string name, std::weak_ptr<int> plugin = {},
                             std::shared_ptr<bool> pluginAliveAtEnd = nullptr)
        : _name(std::move(name)), _plugin(std::move(plugin)), _pluginAliveAtEnd(std::move(pluginAliveAtEnd))
    {
    }
    ~MinimalProvider() override
    {
        if (_pluginAliveAtEnd)
            *_pluginAliveAtEnd = !_plugin.expired();
    }
    sdk::PaymentCapabilities capabilities() const override
    {
        sdk::PaymentCapabilities caps;
        caps.name = _name;
        caps.displayName = "Minimal " + _name;
        caps.flow = sdk::PaymentFlow::Offline;
        return caps;
    }
    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override
    {
        sdk::PaymentResult result;
        result.providerPaymentId = "p-" + request.idempotencyKey;
        result.amount = request.amount;
        return result;
    }
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request, const std::string&) override
    {
        return createCheckout(request);
    }

private:
    std::string _name;
    std::weak_ptr<int> _plugin;
    std::shared_ptr<bool> _pluginAliveAtEnd;
};

} // namespace

class PaymentProvidersTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PaymentProvidersTest);
    CPPUNIT_TEST(testFindsByNameAndListsCapabilities);
    CPPUNIT_TEST(testRefusesBadAndTakenNames);
    CPPUNIT_TEST(testStoppingPluginDropsItsProviders);
    CPPUNIT_TEST(testProviderInUseKeepsItsPluginLoaded);
    CPPUNIT_TEST(testConcurrentUse);
    CPPUNIT_TEST(testUnsupportedCallsThrowPaymentUnsupported);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFindsByNameAndListsCapabilities()
    {
        host::PaymentProviders providers;
        providers.add("pay-bank", std::make_shared<MinimalProvider>("bank"), nullptr);
        providers.add("pay-x", std::make_shared<MinimalProvider>("x-card"), nullptr);
        CPPUNIT_ASSERT(providers.find("bank"));
        CPPUNIT_ASSERT_EQUAL(std::string("bank"), providers.find("bank")->capabilities().name);
        CPPUNIT_ASSERT(!providers.find("stripe"));
        auto caps = providers.capabilities();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), caps.size());
        CPPUNIT_ASSERT_EQUAL(std::string("bank"), caps[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("Minimal x-card"), caps[1].displayName);
        CPPUNIT_ASSERT_EQUAL(std::string("pay-x"), providers.owner("x-card"));
    }

    void testRefusesBadAndTakenNames()
    {
        host::PaymentProviders providers;
        providers.add("pay-bank", std::make_shared<MinimalProvider>("bank"), nullptr);
        CPPUNIT_ASSERT_THROW(providers.add("other", std::make_shared<MinimalProvider>("bank"), nullptr),
                             std::invalid_argument);
        for (const char* bad :
             {"", "Bank", "1bank", "bank transfer", "bank_transfer", "a-very-long-provider-name-beyond-32"})
            CPPUNIT_ASSERT_THROW_MESSAGE(
                bad, providers.add("other", std::make_shared<MinimalProvider>(bad), nullptr),
                std::invalid_argument);
        CPPUNIT_ASSERT_THROW(providers.add("other", nullptr, nullptr), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(std::string("pay-bank"), providers.owner("bank"));
    }

    void testStoppingPluginDropsItsProviders()
    {
        host::PaymentProviders providers;
        providers.add("pay-bank", std::make_shared<MinimalProvider>("bank"), nullptr);
        providers.add("pay-x", std::make_shared<MinimalProvider>("x-card"), nullptr);
        providers.removeOwner("pay-bank");
        CPPUNIT_ASSERT(!providers.find("bank"));
        CPPUNIT_ASSERT(providers.find("x-card"));
        // The name is free again, as when the plugin starts anew.
        providers.add("pay-bank", std::make_shared<MinimalProvider>("bank"), nullptr);
        CPPUNIT_ASSERT(providers.find("bank"));
    }

    // A call in progress when the plugin stops: the provider's code stays loaded
    // until the caller lets go, and the plugin is released after the provider.
    void testProviderInUseKeepsItsPluginLoaded()
    {
        auto plugin = std::make_shared<int>(1);
        std::weak_ptr<int> watch = plugin;
        auto seen = std::make_shared<bool>(false);
        host::PaymentProviders providers;
        providers.add("pay-probe", std::make_shared<MinimalProvider>("probe", plugin, seen), plugin);
        plugin.reset();
        auto inUse = providers.find("probe");
        providers.removeOwner("pay-probe");
        CPPUNIT_ASSERT(!watch.expired());
        CPPUNIT_ASSERT_EQUAL(std::string("probe"), inUse->capabilities().name);
        inUse.reset();
        CPPUNIT_ASSERT(watch.expired());
        CPPUNIT_ASSERT(*seen);
    }

    void testConcurrentUse()
    {
        host::PaymentProviders providers;
        providers.add("pay-bank", std::make_shared<MinimalProvider>("bank"), nullptr);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&providers, t] {
                const std::string owner = "plugin-" + std::to_string(t);
                for (int i = 0; i < 200; ++i) {
                    providers.add(owner, std::make_shared<MinimalProvider>("p" + std::to_string(t)), nullptr);
                    if (!providers.find("bank") || providers.capabilities().empty())
                        throw std::logic_error("lost a provider");
                    providers.removeOwner(owner);
                }
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), providers.capabilities().size());
    }

    void testUnsupportedCallsThrowPaymentUnsupported()
    {
        MinimalProvider provider("bank");
        sdk::PaymentProvider& p = provider;
        sdk::PaymentRequest request;
        CPPUNIT_ASSERT_THROW(p.authorize(request), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.capture(request, "x", 1), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.cancelAuthorization(request, "x"), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.chargeSaved(request), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.saveMethod(request), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.fetchMethod(request, "x"), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.removeMethod(request), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.refund(request, "x", 1), sdk::PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(p.parseWebhook(sdk::WebhookDelivery{}), sdk::PaymentUnsupported);
        try {
            p.refund(request, "x", 1);
        } catch (const sdk::PaymentUnsupported& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("payment provider 'bank' does not support refund()"),
                                 std::string(e.what()));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentProvidersTest);

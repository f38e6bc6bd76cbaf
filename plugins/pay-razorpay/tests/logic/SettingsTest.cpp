// The shipped pay-razorpay.properties, and what readRazorpaySettings refuses; a refused
// secret is never shown in the error.
#include "RazorpaySettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/MapConfig.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

using namespace molar::payrazorpay;
using molar::sdk::testing::MapConfig;

namespace {

const std::string secret = "Sup3rS3cretKeyValue";

// The shipped file's keys without the plugin's prefix, as the host hands them over.
MapConfig shipped()
{
    std::ifstream in(std::string(MOLAR_SOURCE_DIR) + "/plugins/pay-razorpay/config/pay-razorpay.properties");
    CPPUNIT_ASSERT(in.good());
    MapConfig config;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto equals = line.find('=');
        CPPUNIT_ASSERT(equals != std::string::npos);
        std::string key = line.substr(0, line.find_last_not_of(' ', equals - 1) + 1);
        std::string value = line.substr(equals + 1);
        value.erase(0, value.find_first_not_of(' '));
        CPPUNIT_ASSERT(key.rfind("pay-razorpay.", 0) == 0);
        config.set(key.substr(std::string("pay-razorpay.").size()), value);
    }
    return config;
}

MapConfig configured()
{
    MapConfig config = shipped();
    config.set("keyId", "rzp_test_AbCdEf123456");
    config.set("keySecret", secret);
    return config;
}

// The ConfigError reading `config` throws; its key is "" when none is thrown.
molar::sdk::ConfigError refusal(MapConfig config)
{
    try {
        readRazorpaySettings(config);
    } catch (const molar::sdk::ConfigError& e) {
        return e;
    }
    return molar::sdk::ConfigError("", "", "");
}

} // namespace

class SettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SettingsTest);
    CPPUNIT_TEST(testShippedDefaults);
    CPPUNIT_TEST(testKeysAreRequired);
    CPPUNIT_TEST(testSecretsAreNeverShown);
    CPPUNIT_TEST(testWebhookSecrets);
    CPPUNIT_TEST(testUrlsCurrenciesAndNumbers);
    CPPUNIT_TEST(testOrigins);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShippedDefaults()
    {
        MapConfig config = configured();
        const RazorpaySettings s = readRazorpaySettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("https://api.razorpay.com"), s.apiBase);
        CPPUNIT_ASSERT_EQUAL(std::string("https://checkout.razorpay.com/v1/checkout.js"), s.checkoutScript);
        CPPUNIT_ASSERT(s.currencies == std::vector<std::string>{"INR"});
        CPPUNIT_ASSERT(s.webhookSecrets.empty());
        CPPUNIT_ASSERT_EQUAL(20, s.timeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(691200), s.webhookToleranceSeconds);
        CPPUNIT_ASSERT(s.testMode());
        // Every key of the shipped file is read (the host refuses unread keys).
        CPPUNIT_ASSERT(config.unreadKeys().empty());
    }

    void testKeysAreRequired()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("keyId"), refusal(shipped()).key());
        MapConfig config = configured();
        config.set("keyId", "key_123");
        CPPUNIT_ASSERT_EQUAL(std::string("keyId"), refusal(config).key());
        config.set("keyId", "rzp_live_AbC123");
        config.set("keySecret", "");
        CPPUNIT_ASSERT_EQUAL(std::string("keySecret"), refusal(config).key());
    }

    void testSecretsAreNeverShown()
    {
        MapConfig config = configured();
        config.set("keySecret", secret + " trailing-part");
        const auto e = refusal(config);
        CPPUNIT_ASSERT_EQUAL(std::string("keySecret"), e.key());
        CPPUNIT_ASSERT_EQUAL(std::string("(hidden)"), e.value());
        CPPUNIT_ASSERT(std::string(e.what()).find(secret) == std::string::npos);

        config = configured();
        config.set("webhookSecrets", "whsec-one, whsec-two, whsec-three");
        const auto many = refusal(config);
        CPPUNIT_ASSERT_EQUAL(std::string("webhookSecrets"), many.key());
        CPPUNIT_ASSERT(std::string(many.what()).find("whsec-") == std::string::npos);
        CPPUNIT_ASSERT(many.value().find("whsec-") == std::string::npos);
    }

    void testWebhookSecrets()
    {
        MapConfig config = configured();
        config.set("webhookSecrets", " whsec-new , whsec-old ");
        const auto s = readRazorpaySettings(config);
        CPPUNIT_ASSERT(s.webhookSecrets == (std::vector<std::string>{"whsec-new", "whsec-old"}));
        config.set("webhookSecretsFile", "/nonexistent/razorpay-webhooks");
        CPPUNIT_ASSERT_EQUAL(std::string("webhookSecretsFile"), refusal(config).key());
    }

    void testUrlsCurrenciesAndNumbers()
    {
        const std::vector<std::pair<std::string, std::string>> bad{
            {"apiBase", "ftp://api.razorpay.com"},
            {"apiBase", "https://api.razorpay.com/v1"},
            {"apiBase", "https://user:pw@api.razorpay.com"},
            {"checkoutScript", "checkout.js"},
            {"currencies", "inr"},
            {"currencies", "INR, RUPEES"},
            {"timeoutSeconds", "0"},
            {"timeoutSeconds", "121"},
            {"webhookToleranceSeconds", "10"}};
        for (const auto& [key, value] : bad) {
            MapConfig config = configured();
            config.set(key, value);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(key + " = " + value, key, refusal(config).key());
        }
        MapConfig config = configured();
        config.set("apiBase", "http://127.0.0.1:4100/");
        config.set("currencies", "INR, USD");
        const auto s = readRazorpaySettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:4100"), s.apiBase);
        CPPUNIT_ASSERT(s.currencies == (std::vector<std::string>{"INR", "USD"}));
    }

    void testOrigins()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("https://checkout.razorpay.com"),
                             originOf("https://checkout.razorpay.com/v1/checkout.js"));
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:4100"),
                             originOf("http://127.0.0.1:4100/v1/checkout.js"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), originOf("javascript:alert(1)"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);

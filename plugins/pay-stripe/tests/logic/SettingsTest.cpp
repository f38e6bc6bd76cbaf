// pay-stripe.* checked at start-up: one clear error per mistake, secrets never shown.
#include "StripeSettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/MapConfig.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <map>

using molar::sdk::ConfigError;
using molar::sdk::testing::MapConfig;
using namespace molar::paystripe;

namespace {

const std::string key = "sk_test_51Molar0123456789abcdef";

MapConfig valid()
{
    return MapConfig({{"secretKey", key}, {"webhookSecrets", "whsec_new_0123456789"}});
}

std::string errorKey(MapConfig config, std::string* value = nullptr, std::string* message = nullptr)
{
    try {
        readStripeSettings(config);
    } catch (const ConfigError& e) {
        if (value)
            *value = e.value();
        if (message)
            *message = e.what();
        return e.key();
    }
    return "";
}

} // namespace

class SettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SettingsTest);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testSecretKeyIsRequiredAndNeverShown);
    CPPUNIT_TEST(testWebhookSecrets);
    CPPUNIT_TEST(testApiBaseAndVersion);
    CPPUNIT_TEST(testCurrencies);
    CPPUNIT_TEST(testShippedDefaultsFileNamesEveryKey);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaults()
    {
        MapConfig config = valid();
        const auto s = readStripeSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("https://api.stripe.com"), s.apiBase);
        CPPUNIT_ASSERT_EQUAL(std::string("2025-04-30.basil"), s.apiVersion);
        CPPUNIT_ASSERT_EQUAL(300, s.webhookToleranceSeconds);
        CPPUNIT_ASSERT_EQUAL(20, s.timeoutSeconds);
        CPPUNIT_ASSERT(s.currencies.empty());
        CPPUNIT_ASSERT_EQUAL(key, s.secretKey);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.webhookSecrets.size());
    }

    void testSecretKeyIsRequiredAndNeverShown()
    {
        MapConfig none = valid();
        none.erase("secretKey");
        CPPUNIT_ASSERT(errorKey(none).find("secretKey") != std::string::npos);
        for (const std::string bad :
             {"pk_test_publishable0123", "sk_test_has space", "whsec_wrong_place_00"}) {
            MapConfig config = valid();
            config.set("secretKey", bad);
            std::string value, message;
            CPPUNIT_ASSERT(errorKey(config, &value, &message).find("secretKey") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(message, message.find(bad) == std::string::npos);
            CPPUNIT_ASSERT(value.find(bad) == std::string::npos);
        }
        MapConfig restricted = valid();
        restricted.set("secretKey", "rk_live_abc123");
        CPPUNIT_ASSERT_EQUAL(std::string("rk_live_abc123"), readStripeSettings(restricted).secretKey);
        MapConfig both = valid();
        both.set("secretKeyFile", "/nonexistent");
        CPPUNIT_ASSERT(errorKey(both).find("secretKeyFile") != std::string::npos);
    }

    void testWebhookSecrets()
    {
        MapConfig two = valid();
        two.set("webhookSecrets", "whsec_new_0123456789, whsec_old_9876543210");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), readStripeSettings(two).webhookSecrets.size());
        CPPUNIT_ASSERT_EQUAL(std::string("whsec_old_9876543210"), readStripeSettings(two).webhookSecrets[1]);
        MapConfig three = valid();
        three.set("webhookSecrets", "whsec_a_0123456789,whsec_b_0123456789,whsec_c_0123456789");
        std::string value, message;
        CPPUNIT_ASSERT(errorKey(three, &value, &message).find("webhookSecrets") != std::string::npos);
        CPPUNIT_ASSERT(message.find("whsec_a") == std::string::npos);
        MapConfig wrong = valid();
        wrong.set("webhookSecrets", "sk_test_notasecret01");
        CPPUNIT_ASSERT(errorKey(wrong, &value, &message).find("webhookSecrets") != std::string::npos);
        CPPUNIT_ASSERT(message.find("notasecret") == std::string::npos);
        MapConfig empty = valid();
        empty.set("webhookSecrets", "");
        CPPUNIT_ASSERT(readStripeSettings(empty).webhookSecrets.empty());
    }

    void testApiBaseAndVersion()
    {
        MapConfig fake = valid();
        fake.set("apiBase", "http://127.0.0.1:43123/");
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:43123"), readStripeSettings(fake).apiBase);
        for (const std::string bad :
             {"ftp://api.stripe.com", "api.stripe.com", "https://api.stripe.com/?x=1"}) {
            MapConfig config = valid();
            config.set("apiBase", bad);
            CPPUNIT_ASSERT_MESSAGE(bad, errorKey(config).find("apiBase") != std::string::npos);
        }
        MapConfig old = valid();
        old.set("apiVersion", "2020-08-27");
        CPPUNIT_ASSERT_EQUAL(std::string("2020-08-27"), readStripeSettings(old).apiVersion);
        for (const std::string bad : {"basil", "2025-4-30.basil", "2025-04-30.", "2025-04-30.Basil"}) {
            MapConfig config = valid();
            config.set("apiVersion", bad);
            CPPUNIT_ASSERT_MESSAGE(bad, errorKey(config).find("apiVersion") != std::string::npos);
        }
    }

    void testCurrencies()
    {
        MapConfig config = valid();
        config.set("currencies", "qar, USD");
        const auto s = readStripeSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.currencies.size());
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), s.currencies[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("USD"), s.currencies[1]);
        config.set("currencies", "QAR, dollars");
        CPPUNIT_ASSERT(errorKey(config).find("currencies") != std::string::npos);
    }

    void testShippedDefaultsFileNamesEveryKey()
    {
        // Every key the reader reads is in the shipped file, so operators see them all.
        std::ifstream in(std::string(MOLAR_SOURCE_DIR) + "/plugins/pay-stripe/config/pay-stripe.properties");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const char* name : {"apiBase", "secretKey", "secretKeyFile", "apiVersion", "webhookSecrets",
                                 "webhookToleranceSeconds", "timeoutSeconds", "currencies"})
            CPPUNIT_ASSERT_MESSAGE(name, text.find(std::string("\npay-stripe.") + name + " =") !=
                                             std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);

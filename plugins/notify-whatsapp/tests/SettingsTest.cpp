// The shipped notify-whatsapp.properties, and what readWhatsAppSettings refuses.
#include "MapConfig.h"
#include "WhatsAppSettings.h"

#include "molar/sdk/Errors.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

using namespace molar::whatsapp;
using molar::whatsapp::test::MapConfig;

namespace {

MapConfig configured()
{
    MapConfig config = MapConfig::shipped();
    config.set("phoneNumberId", "106540352242922");
    config.set("accessToken", "EAAG-test-token");
    return config;
}

// The key of the ConfigError that reading `config` throws; "" when none.
std::string refusedKey(MapConfig config, std::string* allowed = nullptr)
{
    try {
        readWhatsAppSettings(config);
    } catch (const molar::sdk::ConfigError& e) {
        if (allowed)
            *allowed = e.allowed();
        return e.key();
    }
    return "";
}

std::string writeFile(Poco::TemporaryFile& file, const std::string& text)
{
    std::ofstream(file.path()) << text;
    return file.path();
}

} // namespace

class SettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SettingsTest);
    CPPUNIT_TEST(testShippedDefaultsNeedPhoneNumberId);
    CPPUNIT_TEST(testShippedDefaultsNeedAccessToken);
    CPPUNIT_TEST(testShippedDefaultsAreAllRead);
    CPPUNIT_TEST(testPhoneNumberIdIsDigits);
    CPPUNIT_TEST(testGraphUrl);
    CPPUNIT_TEST(testTimeout);
    CPPUNIT_TEST(testLanguages);
    CPPUNIT_TEST(testLanguageFallback);
    CPPUNIT_TEST(testSecretsFromFiles);
    CPPUNIT_TEST(testSecretAndItsFileRefused);
    CPPUNIT_TEST(testUnreadableSecretFile);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShippedDefaultsNeedPhoneNumberId()
    {
        std::string allowed;
        CPPUNIT_ASSERT_EQUAL(std::string("phoneNumberId"), refusedKey(MapConfig::shipped(), &allowed));
        CPPUNIT_ASSERT(allowed.find("Phone number ID") != std::string::npos);
    }

    void testShippedDefaultsNeedAccessToken()
    {
        MapConfig config = MapConfig::shipped();
        config.set("phoneNumberId", "106540352242922");
        std::string allowed;
        CPPUNIT_ASSERT_EQUAL(std::string("accessToken"), refusedKey(config, &allowed));
        CPPUNIT_ASSERT(allowed.find("MOLAR_NOTIFY_WHATSAPP_ACCESSTOKEN") != std::string::npos);
    }

    void testShippedDefaultsAreAllRead()
    {
        MapConfig config = configured();
        WhatsAppSettings s = readWhatsAppSettings(config);
        auto unread = config.unreadKeys();
        CPPUNIT_ASSERT_MESSAGE(unread.empty() ? "" : "unread: " + unread.front(), unread.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("https://graph.facebook.com/v21.0"), s.graphUrl);
        CPPUNIT_ASSERT_EQUAL(std::string("106540352242922"), s.phoneNumberId);
        CPPUNIT_ASSERT_EQUAL(std::string("EAAG-test-token"), s.accessToken);
        CPPUNIT_ASSERT(s.appSecret.empty());
        CPPUNIT_ASSERT(s.verifyToken.empty());
        CPPUNIT_ASSERT_EQUAL(30, s.timeoutSeconds);
        // Every language the portal speaks, in WhatsApp's codes.
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), s.languages.size());
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), s.templateLanguage("en"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), s.templateLanguage("ar"));
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), s.templateLanguage("fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("pt_BR"), s.templateLanguage("pt-BR"));
        CPPUNIT_ASSERT_EQUAL(std::string("zh_CN"), s.templateLanguage("zh-Hans"));
        CPPUNIT_ASSERT_EQUAL(std::string("ml"), s.templateLanguage("ml"));
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), s.templateLanguage("xx"));
    }

    void testPhoneNumberIdIsDigits()
    {
        MapConfig config = configured();
        config.set("phoneNumberId", "+97455512345");
        CPPUNIT_ASSERT_EQUAL(std::string("phoneNumberId"), refusedKey(config));
    }

    void testGraphUrl()
    {
        for (const std::string bad : {"graph.facebook.com/v21.0", "ftp://graph.facebook.com/v21.0",
                                      "https://", "https://graph.facebook.com/v21.0?x=1"}) {
            MapConfig config = configured();
            config.set("graphUrl", bad);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("graphUrl"), refusedKey(config));
        }
        MapConfig config = configured();
        config.set("graphUrl", "http://127.0.0.1:9999/v21.0/");
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:9999/v21.0"),
                             readWhatsAppSettings(config).graphUrl);
    }

    void testTimeout()
    {
        for (const std::string bad : {"0", "301", "ten"}) {
            MapConfig config = configured();
            config.set("timeoutSeconds", bad);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("timeoutSeconds"), refusedKey(config));
        }
    }

    void testLanguages()
    {
        for (const std::string bad : {"", "en", "en:", ":en_US", "en:en US"}) {
            MapConfig config = configured();
            config.set("languages", bad);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("languages"), refusedKey(config));
        }
        MapConfig config = configured();
        config.set("languages", "ar:ar, en:en_GB");
        WhatsAppSettings s = readWhatsAppSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("en_GB"), s.templateLanguage("en"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), s.templateLanguage("ar"));
    }

    void testLanguageFallback()
    {
        MapConfig config = configured();
        WhatsAppSettings s = readWhatsAppSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), s.templateLanguage("it"));
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), s.templateLanguage(""));
        config.set("languages", "ar:ar, en:en_US");
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), readWhatsAppSettings(config).templateLanguage("de"));
    }

    void testSecretsFromFiles()
    {
        Poco::TemporaryFile token, secret;
        MapConfig config = configured();
        config.set("accessToken", "");
        config.set("accessTokenFile", writeFile(token, "EAAG-from-file\n"));
        config.set("appSecretFile", writeFile(secret, "  app-secret-from-file  \n"));
        WhatsAppSettings s = readWhatsAppSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("EAAG-from-file"), s.accessToken);
        CPPUNIT_ASSERT_EQUAL(std::string("app-secret-from-file"), s.appSecret);
    }

    void testSecretAndItsFileRefused()
    {
        Poco::TemporaryFile token;
        MapConfig config = configured();
        config.set("accessTokenFile", writeFile(token, "EAAG-from-file\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("accessTokenFile"), refusedKey(config));
    }

    void testUnreadableSecretFile()
    {
        MapConfig config = configured();
        config.set("appSecretFile", "/nonexistent/whatsapp-app-secret");
        CPPUNIT_ASSERT_EQUAL(std::string("appSecretFile"), refusedKey(config));
        Poco::TemporaryFile empty;
        config.set("appSecretFile", writeFile(empty, "\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("appSecretFile"), refusedKey(config));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SettingsTest);

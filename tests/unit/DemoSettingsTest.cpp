// demo.enabled: only a demo's configuration may write messages (reset links) to the
// log; config/demo says it is one, the defaults do not.
#include "Assertions.h"

#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::host;

class DemoSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DemoSettingsTest);
    CPPUNIT_TEST(testLogChannelsNeedADemo);
    CPPUNIT_TEST(testTheDemoConfigurationIsADemo);
    CPPUNIT_TEST(testSecureCookiesNeedAPublicAddress);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLogChannelsNeedADemo()
    {
        const std::string refused = refusal({{"notifications.logChannels", "email"}});
        MOLAR_ASSERT_CONTAINS("notifications.logChannels", refused);
        MOLAR_ASSERT_CONTAINS("demo.enabled = true", refused);
        CPPUNIT_ASSERT_EQUAL(std::string(),
                             refusal({{"notifications.logChannels", "email"}, {"demo.enabled", "true"}}));
        CPPUNIT_ASSERT_EQUAL(std::string(), refusal({}));
    }

    void testTheDemoConfigurationIsADemo()
    {
        ConfigStore config;
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config/demo");
        ManualClock clock;
        Portal portal(config, molar::host::defaultDataDir(), clock);
        portal.configure();
        CPPUNIT_ASSERT(portal.settings().demo.enabled);
        CPPUNIT_ASSERT(!portal.settings().notifications.logChannels.empty());
    }

    // Secure cookies mean production: a publicUrl left on loopback would put unreachable
    // links in every email, so start-up refuses it and names both settings.
    void testSecureCookiesNeedAPublicAddress()
    {
        for (const std::string url :
             {"http://127.0.0.1:8080", "https://localhost", "http://[::1]:8080", "https://127.8.0.1"}) {
            const std::string refused = refusal({{"http.secureCookies", "true"}, {"http.publicUrl", url}});
            MOLAR_ASSERT_CONTAINS("http.publicUrl is " + url + ", a loopback address", refused);
            MOLAR_ASSERT_CONTAINS("http.secureCookies = true (--set)", refused);
        }
        CPPUNIT_ASSERT_EQUAL(std::string(), refusal({{"http.secureCookies", "true"},
                                                     {"http.publicUrl", "https://portal.example-lab.com"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string(), refusal({{"http.secureCookies", "true"}, {"http.publicUrl", "https://10.0.0.5"}}));
        // Without secure cookies (development, the demo) loopback is the normal address.
        CPPUNIT_ASSERT_EQUAL(std::string(), refusal({{"http.publicUrl", "http://127.0.0.1:8080"}}));
    }

private:
    // The start-up error for these settings over the defaults, or "" when accepted.
    static std::string refusal(const std::vector<std::pair<std::string, std::string>>& settings)
    {
        ConfigStore config;
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        for (const auto& [key, value] : settings)
            config.set(key, value);
        ManualClock clock;
        Portal portal(config, molar::host::defaultDataDir(), clock);
        try {
            portal.configure();
        } catch (const StartupError& e) {
            return e.what();
        }
        return "";
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DemoSettingsTest);

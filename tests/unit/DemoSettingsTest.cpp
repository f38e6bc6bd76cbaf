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

// The plugin's settings: the defaults of config/nps.properties, every key read (a typo
// stops start-up), and a value out of range refused naming its key.
#include "NpsSettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/MapConfig.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>

using namespace molar;

class NpsSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NpsSettingsTest);
    CPPUNIT_TEST(defaults);
    CPPUNIT_TEST(everyKeyIsRead);
    CPPUNIT_TEST(badValuesNameTheirKey);
    CPPUNIT_TEST_SUITE_END();

    static std::string refusedKey(const std::map<std::string, std::string>& values)
    {
        sdk::testing::MapConfig config(values, "nps");
        try {
            nps::readNpsSettings(config);
        } catch (const sdk::ConfigError& error) {
            return error.key();
        }
        return "accepted";
    }

public:
    void defaults()
    {
        sdk::testing::MapConfig config({}, "nps");
        const auto settings = nps::readNpsSettings(config);
        CPPUNIT_ASSERT_EQUAL(14, settings.linkDays);
        CPPUNIT_ASSERT_EQUAL(48, settings.editHours);
        CPPUNIT_ASSERT_EQUAL(90, settings.windowDays);
        CPPUNIT_ASSERT_EQUAL(24, settings.followUpHours);
        CPPUNIT_ASSERT_EQUAL(10, settings.answerPerMinute);
    }

    void everyKeyIsRead()
    {
        sdk::testing::MapConfig config({{"linkDays", "7"},
                                        {"editHours", "0"},
                                        {"windowDays", "30"},
                                        {"followUpHours", "12"},
                                        {"answerPerMinute", "3"}},
                                       "nps");
        const auto settings = nps::readNpsSettings(config);
        CPPUNIT_ASSERT(config.unreadKeys().empty());
        CPPUNIT_ASSERT_EQUAL(7, settings.linkDays);
        CPPUNIT_ASSERT_EQUAL(0, settings.editHours);
        CPPUNIT_ASSERT_EQUAL(12, settings.followUpHours);
    }

    void badValuesNameTheirKey()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("nps.linkDays"), refusedKey({{"linkDays", "0"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("nps.linkDays"), refusedKey({{"linkDays", "two weeks"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("nps.editHours"), refusedKey({{"editHours", "-1"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("nps.windowDays"), refusedKey({{"windowDays", "0"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("nps.followUpHours"), refusedKey({{"followUpHours", "721"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("nps.answerPerMinute"), refusedKey({{"answerPerMinute", "0"}}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NpsSettingsTest);

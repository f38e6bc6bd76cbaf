#pragma once

// The SDK's MapConfig, with keys named as the plugin reads them, and the shipped
// plugins/notify-whatsapp/config/notify-whatsapp.properties as a starting point.
#include "molar/sdk/testing/MapConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

namespace molar::whatsapp::test {

class MapConfig : public sdk::testing::MapConfig
{
public:
    explicit MapConfig(std::map<std::string, std::string> values = {})
        : sdk::testing::MapConfig(std::move(values))
    {
    }

    // The shipped plugins/notify-whatsapp/config/notify-whatsapp.properties, keys relative to the subtree.
    static MapConfig shipped()
    {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file = new Poco::Util::PropertyFileConfiguration(
            std::string(MOLAR_SOURCE_DIR) + "/plugins/notify-whatsapp/config/notify-whatsapp.properties");
        std::vector<std::string> keys;
        file->keys("notify-whatsapp", keys);
        std::map<std::string, std::string> values;
        for (const auto& key : keys)
            values[key] = file->getRawString("notify-whatsapp." + key);
        return MapConfig(values);
    }
};

} // namespace molar::whatsapp::test

#pragma once

// The shipped plugins/cases/config/cases.properties as the plugin sees it: keys relative
// to its subtree.
#include "MapConfig.h"
#include "PropertiesFile.h"

#include <stdexcept>

namespace molar::cases::test {

inline std::string defaultConfigPath()
{
    return std::string(MOLAR_SOURCE_DIR) + "/plugins/cases/config/cases.properties";
}

inline MapConfig defaultConfig()
{
    std::map<std::string, std::string> relative;
    for (const auto& [key, value] : readProperties(defaultConfigPath())) {
        // The host's settings the plugin sets (home page, landing paths) are the host's to read.
        if (key.compare(0, 7, "portal.") == 0)
            continue;
        if (key.compare(0, 6, "cases.") != 0)
            throw std::runtime_error("key outside the cases subtree: " + key);
        relative[key.substr(6)] = value;
    }
    return MapConfig(relative);
}

} // namespace molar::cases::test

#pragma once

#include "molar/sdk/Config.h"

#include <string>

namespace molar::warranty {

// The plugin's configuration (`warranty.*`), checked in configure().
struct WarrantySettings
{
    int verifyPerMinute = 20;
    std::string labName;
    std::string font;
    std::string boldFont;
};

// Reads and checks `warranty.*`; throws sdk::ConfigError naming the key of a bad value.
WarrantySettings readWarrantySettings(sdk::Config& config);

} // namespace molar::warranty

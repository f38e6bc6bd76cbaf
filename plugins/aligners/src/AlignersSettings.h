#pragma once

#include "rules/PlanTypes.h"

#include "molar/sdk/Config.h"

namespace molar::aligners {

// The plugin's configuration (`aligners.*`), checked in configure().
struct AlignersSettings
{
    PlanTypes plans;    // plan types, upgrades, replacement prices and caps
    int shareDays = 30; // a share link works this long unless revoked first
};

// Reads and checks `aligners.*`; throws sdk::ConfigError naming the key of a bad value.
AlignersSettings readAlignersSettings(sdk::Config& config);

} // namespace molar::aligners

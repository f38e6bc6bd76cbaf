#pragma once

#include "CaseService.h"
#include "molar/sdk/Config.h"
#include "web/FileIntake.h"

#include <cstdint>

namespace molar::cases {

// The plugin's own settings besides the catalog, workflows and working hours:
// numbering, patient names, upload limits, the tracker's rate and how long it shows
// a delivered case.
struct CasesSettings
{
    CaseSettings cases;
    IntakeLimits intake;
    int trackerPerMinute = 30;
    int trackerVisibleDaysAfterDelivery = 30; // 0: always
};

// Reads them from the plugin's config subtree; throws sdk::ConfigError.
CasesSettings readCasesSettings(sdk::Config& config);

} // namespace molar::cases

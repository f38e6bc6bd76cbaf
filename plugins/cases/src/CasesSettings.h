#pragma once

#include "CaseService.h"
#include "files/FileInspector.h"
#include "molar/sdk/Config.h"

#include <cstdint>

namespace molar::cases {

// The plugin's own settings besides the catalog, workflows and working hours:
// numbering, patient names, upload limits and the tracker's rate.
struct CasesSettings
{
    CaseSettings cases;
    std::uint64_t maxFileBytes = 200ULL * 1024 * 1024;
    InspectionLimits zipLimits;
    int trackerPerMinute = 30;
};

// Reads them from the plugin's config subtree; throws sdk::ConfigError.
CasesSettings readCasesSettings(sdk::Config& config);

} // namespace molar::cases

#include "AlignersSettings.h"

namespace molar::aligners {

AlignersSettings readAlignersSettings(sdk::Config& config)
{
    AlignersSettings settings;
    settings.plans = readPlanTypes(config);
    settings.shareDays = static_cast<int>(config.getInt("share.days", 30, 1, 90));
    return settings;
}

} // namespace molar::aligners

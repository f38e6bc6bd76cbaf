#include "NpsSettings.h"

namespace molar::nps {

NpsSettings readNpsSettings(sdk::Config& config)
{
    // getInt throws sdk::ConfigError naming the key and the range allowed.
    NpsSettings settings;
    settings.linkDays = static_cast<int>(config.getInt("linkDays", 14, 1, 365));
    settings.editHours = static_cast<int>(config.getInt("editHours", 48, 0, 24 * 90));
    settings.windowDays = static_cast<int>(config.getInt("windowDays", 90, 1, 3660));
    settings.followUpHours = static_cast<int>(config.getInt("followUpHours", 24, 1, 24 * 30));
    settings.answerPerMinute = static_cast<int>(config.getInt("answerPerMinute", 10, 1, 10000));
    return settings;
}

} // namespace molar::nps

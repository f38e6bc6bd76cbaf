#include "WarrantySettings.h"

#include "molar/sdk/Errors.h"

#include <fstream>

namespace molar::warranty {

namespace {

std::string readableFile(sdk::Config& config, const std::string& key)
{
    const std::string path = config.requireString(key);
    if (!std::ifstream(path, std::ios::binary))
        throw sdk::ConfigError(key, path, "a readable TrueType font file (Debian's fonts-dejavu-core)");
    return path;
}

} // namespace

WarrantySettings readWarrantySettings(sdk::Config& config)
{
    WarrantySettings settings;
    settings.verifyPerMinute = static_cast<int>(config.getInt("verify.perMinute", 20, 1, 10000));
    settings.labName = config.getString("card.labName", "Molar Dental Lab");
    if (settings.labName.empty() || settings.labName.size() > 120)
        throw sdk::ConfigError("card.labName", settings.labName, "the lab's name, 1 to 120 characters");
    settings.font = readableFile(config, "card.font");
    settings.boldFont = readableFile(config, "card.boldFont");
    return settings;
}

} // namespace molar::warranty

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
    settings.verifyPerMinute = static_cast<int>(config.getInt("verify.perMinute", 20, 1, 100000000));
    settings.labName = config.getString("card.labName", "Molar Dental Lab");
    if (settings.labName.empty() || settings.labName.size() > 120)
        throw sdk::ConfigError("card.labName", settings.labName, "the lab's name, 1 to 120 characters");
    settings.font = readableFile(config, "card.font");
    settings.boldFont = readableFile(config, "card.boldFont");
    settings.cardLanguages =
        config.getList("card.languages", {"en", "ar", "fa", "fr", "es", "pt-BR", "de", "tr", "ru", "fil"});
    for (const auto& language : settings.cardLanguages)
        if (language.empty() || language.size() > 16 ||
            language.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") !=
                std::string::npos)
            throw sdk::ConfigError("card.languages", language, "language tags such as en, ar, pt-BR");
    if (settings.cardLanguages.empty())
        throw sdk::ConfigError("card.languages", "", "at least one language (en)");
    settings.claimReasons = config.getList("claim.reasons", {"debonded", "fractured", "chipped", "poor_fit",
                                                             "discoloured", "sensitivity", "other"});
    for (const auto& code : settings.claimReasons)
        if (code.empty() || code.size() > 32 ||
            code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
            throw sdk::ConfigError("claim.reasons", code,
                                   "codes of lower-case letters, digits and '_', each with its words "
                                   "warranty.claim.reason.<code> in the catalogs");
    if (settings.claimReasons.empty())
        throw sdk::ConfigError("claim.reasons", "", "at least one reason");
    settings.claimMaxPhotos = static_cast<int>(config.getInt("claim.maxPhotos", 5, 0, 20));
    settings.claimMaxPhotoBytes = config.getInt("claim.maxPhotoMegabytes", 15, 1, 100) * 1024 * 1024;
    return settings;
}

} // namespace molar::warranty

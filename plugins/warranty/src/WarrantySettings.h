#pragma once

#include "molar/sdk/Config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::warranty {

// The plugin's configuration (`warranty.*`), checked in configure().
struct WarrantySettings
{
    int verifyPerMinute = 20;
    std::string labName;
    std::string font;
    std::string boldFont;
    // The languages a card is printed in: those the fonts have every letter of (DejaVu Sans:
    // Latin, Cyrillic, Arabic and Persian), first the one offered when the reader's is not.
    std::vector<std::string> cardLanguages;
    std::vector<std::string> claimReasons; // codes; words are warranty.claim.reason.<code>
    int claimMaxPhotos = 5;
    std::int64_t claimMaxPhotoBytes = 15 * 1024 * 1024;
};

// Reads and checks `warranty.*`; throws sdk::ConfigError naming the key of a bad value.
WarrantySettings readWarrantySettings(sdk::Config& config);

} // namespace molar::warranty

#pragma once

#include "WarrantySettings.h"
#include "service/WarrantyService.h"
#include "store/Warranty.h"

#include "molar/sdk/Plugin.h"

#include <string>
#include <vector>

namespace molar::warranty {

// What the card's QR code opens: <publicUrl>/verify/<case number>?code=<check code>.
std::string verifyUrlOf(const std::string& publicUrl, const Warranty& warranty);

// Whether a card is printed in `language` (warranty.card.languages).
bool isCardLanguage(const WarrantySettings& settings, const std::string& language);

// The warranty's card in `language`, "a4" or "wallet", right to left for a language written
// so; in English when the fonts lack a letter of the language's words. sdk::HttpError 500
// with the catalog's sentence when it cannot be made (the cause is logged).
std::string renderCard(sdk::Host& host, const WarrantySettings& settings, const Warranty& warranty,
                       const std::string& layout, const std::string& language);

} // namespace molar::warranty

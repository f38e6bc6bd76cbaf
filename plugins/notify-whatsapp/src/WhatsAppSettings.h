#pragma once

#include "molar/sdk/Config.h"

#include <string>
#include <utility>
#include <vector>

namespace molar::whatsapp {

// The plugin's configuration subtree (notify-whatsapp.*), checked at start-up.
struct WhatsAppSettings
{
    std::string graphUrl = "https://graph.facebook.com/v21.0"; // without a trailing slash
    std::string phoneNumberId;
    std::string accessToken; // secret: never logged
    std::string appSecret;   // secret: signs the webhook's POSTs; empty turns the webhook off
    std::string verifyToken; // answers Meta's subscription handshake
    int timeoutSeconds = 30;
    // Our language code -> the template's language code at WhatsApp, in config order.
    std::vector<std::pair<std::string, std::string>> languages{{"en", "en_US"}, {"ar", "ar"}, {"fr", "fr"}};

    // The template language for one of our languages; the first entry for any other.
    const std::string& templateLanguage(const std::string& language) const;
};

// Reads and checks every key of the subtree; throws sdk::ConfigError naming the key.
WhatsAppSettings readWhatsAppSettings(sdk::Config& config);

} // namespace molar::whatsapp

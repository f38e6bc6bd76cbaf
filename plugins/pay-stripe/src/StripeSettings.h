#pragma once

#include "molar/sdk/Config.h"

#include <string>
#include <vector>

namespace molar::paystripe {

// The plugin's configuration subtree (pay-stripe.*), checked at start-up.
struct StripeSettings
{
    std::string apiBase = "https://api.stripe.com"; // without a trailing slash
    std::string secretKey;                          // secret: never logged, never in an error
    std::string apiVersion = "2025-04-30.basil";
    std::vector<std::string> webhookSecrets; // whsec_...: one, or two while rotating
    int webhookToleranceSeconds = 300;
    int timeoutSeconds = 20;
    std::vector<std::string> currencies; // ISO 4217, upper case; empty: any
};

// Reads and checks every key; throws sdk::ConfigError naming the key, with one line
// saying what is allowed. A secret's value never appears in the error.
StripeSettings readStripeSettings(sdk::Config& config);

} // namespace molar::paystripe

#pragma once

#include "molar/sdk/Config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::payrazorpay {

// The plugin's keys (`pay-razorpay.*`), checked when molard starts. The key secret and
// the webhook secrets are never logged nor put in an error: a ConfigError about them
// names the key and shows "(hidden)".
struct RazorpaySettings
{
    std::string apiBase;   // "https://api.razorpay.com", no trailing slash; tests: the fake's URL
    std::string keyId;     // rzp_test_… or rzp_live_…: public, the checkout page shows it
    std::string keySecret; // signs Checkout's answers and authenticates API calls
    std::vector<std::string> webhookSecrets; // at most two (rotation); none: webhooks are not taken
    std::string checkoutScript;              // Razorpay's Checkout script, loaded by the checkout page
    std::vector<std::string> currencies;     // ISO 4217 codes the account takes
    int timeoutSeconds = 20;                 // to connect, send and hear back from Razorpay
    // A webhook whose signed created_at is older than this is refused (a replay);
    // Razorpay retries for 24 hours and replays from its dashboard for 7 days.
    std::int64_t webhookToleranceSeconds = 8 * 24 * 3600;

    bool testMode() const { return keyId.rfind("rzp_test_", 0) == 0; }
};

// Reads and checks every key; throws sdk::ConfigError naming the key and what is allowed.
RazorpaySettings readRazorpaySettings(sdk::Config& config);

// The scheme, host and port of a URL ("https://checkout.razorpay.com"), for the
// checkout page's Content-Security-Policy; "" when it is not an http(s) URL.
std::string originOf(const std::string& url);

} // namespace molar::payrazorpay

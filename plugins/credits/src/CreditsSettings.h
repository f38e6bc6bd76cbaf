#pragma once

#include "molar/sdk/Config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::credits {

// A credit pack: `creditsMinor` of balance for `priceMinor` paid, both in minor units of
// the plugin's currency.
struct Pack
{
    std::string code; // "growth"
    std::string name; // "Growth"
    std::int64_t creditsMinor = 0;
    std::int64_t priceMinor = 0;
    bool popular = false;

    // The pack's own discount in basis points (price against credits), rounded down.
    int discountBasisPoints() const;
};

// The plugin's configuration (`credits.*`), checked in configure().
struct CreditsSettings
{
    std::string currency = "QAR";
    std::vector<Pack> packs;
    std::string shippingNote;
    int autoTopUpMaxFailures = 3;
    std::int64_t lowBalanceDefaultMinor = 0;

    const Pack* pack(const std::string& code) const;
    // What an organization pays for `pack`: its own discount or the organization's custom one,
    // whichever is larger, in integers rounded half up.
    std::int64_t priceFor(const Pack& pack, int organizationDiscountBasisPoints) const;

    static constexpr int kMaxDiscountBasisPoints = 5000;
};

// Reads and checks `credits.*`; throws sdk::ConfigError naming the key of a bad value.
CreditsSettings readCreditsSettings(sdk::Config& config);

} // namespace molar::credits

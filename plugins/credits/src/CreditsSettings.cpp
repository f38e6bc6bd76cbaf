#include "CreditsSettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace molar::credits {

namespace {

// A pack's credits times 10000 must stay far inside int64 for priceFor's integer math.
constexpr std::int64_t kMaxPackMinor = 1000000000000LL; // 10^12 minor units

bool isPackCode(const std::string& code)
{
    if (code.empty() || code.size() > 32 || !std::islower(static_cast<unsigned char>(code[0])))
        return false;
    return std::all_of(code.begin(), code.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
               c == '_' || c == '-';
    });
}

std::int64_t readAmount(sdk::Config& config, const std::string& key, const std::string& currency)
{
    const std::string text = config.requireString(key);
    const auto minor = sdk::parseMinorUnits(text, currency);
    if (!minor || *minor <= 0 || *minor > kMaxPackMinor)
        throw sdk::ConfigError(key, text,
                               "a positive amount in " + currency + " with at most " +
                                   std::to_string(sdk::currencyMinorDigits(currency)) +
                                   " decimals, e.g. 9500.00, up to " +
                                   sdk::formatMinorUnits(kMaxPackMinor, currency));
    return *minor;
}

} // namespace

int Pack::discountBasisPoints() const
{
    if (creditsMinor <= 0 || priceMinor >= creditsMinor)
        return 0;
    return static_cast<int>((creditsMinor - priceMinor) * 10000 / creditsMinor);
}

const Pack* CreditsSettings::pack(const std::string& code) const
{
    for (const auto& p : packs)
        if (p.code == code)
            return &p;
    return nullptr;
}

std::int64_t CreditsSettings::priceFor(const Pack& pack, int organizationDiscountBasisPoints) const
{
    const std::int64_t orgBp =
        std::clamp<std::int64_t>(organizationDiscountBasisPoints, 0, kMaxDiscountBasisPoints);
    // The pack's own price stands unless the organization's discount is larger than the
    // pack's exact one (compared without rounding: orgBp/10000 > (credits-price)/credits).
    if (orgBp * pack.creditsMinor <= (pack.creditsMinor - pack.priceMinor) * 10000)
        return pack.priceMinor;
    // credits × (10000 − bp) / 10000, rounded half up; within int64 as credits ≤ 10^12.
    return (pack.creditsMinor * (10000 - orgBp) + 5000) / 10000;
}

CreditsSettings readCreditsSettings(sdk::Config& config)
{
    CreditsSettings settings;
    settings.currency = config.getString("currency", "QAR");
    try {
        sdk::currencyMinorDigits(settings.currency);
    } catch (const std::invalid_argument&) {
        throw sdk::ConfigError("currency", settings.currency, "an ISO 4217 code in upper case, e.g. QAR");
    }

    const auto codes = config.getList("packs", {});
    if (codes.empty())
        throw sdk::ConfigError("packs", config.getString("packs", ""),
                               "a comma-separated list of pack codes, e.g. starter, growth");
    std::set<std::string> seen;
    std::string popular; // the code of the popular pack, if any
    for (const auto& code : codes) {
        if (!isPackCode(code))
            throw sdk::ConfigError("packs", config.getString("packs", ""),
                                   "pack codes of lower-case letters, digits, '_' and '-', starting with a "
                                   "letter: '" +
                                       code + "' is not one");
        if (!seen.insert(code).second)
            throw sdk::ConfigError("packs", config.getString("packs", ""),
                                   "each pack code once: '" + code + "' is listed twice");
        const std::string base = "pack." + code + ".";
        Pack pack;
        pack.code = code;
        pack.name = config.requireString(base + "name");
        if (pack.name.size() > 80)
            throw sdk::ConfigError(base + "name", pack.name, "a name of at most 80 characters");
        pack.creditsMinor = readAmount(config, base + "credits", settings.currency);
        pack.priceMinor = readAmount(config, base + "price", settings.currency);
        if (pack.priceMinor > pack.creditsMinor)
            throw sdk::ConfigError(base + "price", config.getString(base + "price", ""),
                                   "a price no larger than the pack's credits (" +
                                       sdk::formatMinorUnits(pack.creditsMinor, settings.currency) + ")");
        pack.popular = config.getBool(base + "popular", false);
        if (pack.popular) {
            if (!popular.empty())
                throw sdk::ConfigError(base + "popular", "true",
                                       "at most one popular pack: pack." + popular +
                                           ".popular is already true");
            popular = code;
        }
        settings.packs.push_back(pack);
    }

    settings.shippingNote = config.getString("pricing.shippingNote", "");
    settings.autoTopUpMaxFailures = static_cast<int>(config.getInt("autoTopUp.maxFailures", 3, 1, 100));
    const std::string lowDefault = config.getString("lowBalanceDefault", "0");
    const auto low = sdk::parseMinorUnits(lowDefault, settings.currency);
    if (!low)
        throw sdk::ConfigError("lowBalanceDefault", lowDefault,
                               "an amount of at least 0 in " + settings.currency + ", e.g. 1000.00");
    settings.lowBalanceDefaultMinor = *low;
    return settings;
}

} // namespace molar::credits

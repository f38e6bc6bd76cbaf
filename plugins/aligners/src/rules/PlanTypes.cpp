#include "rules/PlanTypes.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <algorithm>
#include <stdexcept>

namespace molar::aligners {

namespace {

constexpr int kMaxSteps = 200;
// Ten million in the currency's major unit: far above any plan, far below overflow.
constexpr std::int64_t kMaxMajor = 10000000;

std::int64_t amount(sdk::Config& config, const std::string& key, const std::string& currency)
{
    const std::string text = config.requireString(key);
    const auto minor = sdk::parseMinorUnits(text, currency);
    std::int64_t most = kMaxMajor;
    for (int digit = 0; digit < sdk::currencyMinorDigits(currency); ++digit)
        most *= 10;
    if (!minor || *minor > most)
        throw sdk::ConfigError(key, text,
                               "an amount in " + currency + " with at most " +
                                   std::to_string(sdk::currencyMinorDigits(currency)) +
                                   " decimals and no sign, e.g. 4800.00, up to " +
                                   sdk::formatMinorUnits(most, currency));
    return *minor;
}

} // namespace

bool PlanType::covers(int upperSteps, int lowerSteps) const
{
    return maxSteps == 0 || (upperSteps <= maxSteps && lowerSteps <= maxSteps);
}

std::int64_t PlanType::priceFor(int upperSteps, int lowerSteps) const
{
    return priceMinor + alignerPriceMinor * (static_cast<std::int64_t>(upperSteps) + lowerSteps);
}

const PlanType* PlanTypes::find(const std::string& code) const
{
    for (const auto& type : types)
        if (type.code == code)
            return &type;
    return nullptr;
}

PlanTypes readPlanTypes(sdk::Config& config)
{
    PlanTypes out;
    out.currency = config.requireString("currency");
    try {
        sdk::currencyMinorDigits(out.currency);
    } catch (const std::invalid_argument&) {
        throw sdk::ConfigError("currency", out.currency, "an ISO 4217 code in upper case, e.g. QAR");
    }
    const auto codes = config.getList("planTypes", {});
    if (codes.empty())
        throw sdk::ConfigError("planTypes", "", "at least one plan type code, e.g. ONE, TWO");
    for (const auto& code : codes) {
        if (out.find(code))
            throw sdk::ConfigError("planTypes", code, "each plan type once");
        const std::string at = "planType." + code + ".";
        PlanType type;
        type.code = code;
        type.name = config.requireString(at + "name");
        type.priceMinor = amount(config, at + "price", out.currency);
        type.alignerPriceMinor = amount(config, at + "alignerPrice", out.currency);
        type.maxSteps = static_cast<int>(config.getInt(at + "maxSteps", 0, 0, kMaxSteps));
        type.expiryMonths = static_cast<int>(config.getInt(at + "expiryMonths", 0, 0, 240));
        type.revisions = static_cast<int>(config.getInt(at + "revisions", 0, 0, 99));
        type.replacementsCharged =
            config.getChoice(at + "replacement", "charged", {"charged", "free"}) == "charged";
        type.replacementIntervalDays =
            static_cast<int>(config.getInt(at + "replacementIntervalDays", 0, 0, 3650));
        out.types.push_back(type);
    }
    // A plan type configured but not listed is a typo somewhere: say which.
    for (const auto& key : config.keys()) {
        const std::string prefix = "planType.";
        if (key.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string code = key.substr(prefix.size(), key.find('.', prefix.size()) - prefix.size());
        if (!out.find(code))
            throw sdk::ConfigError(key, code, "keys of the plan types listed in aligners.planTypes");
    }
    out.upgradePath = config.getList("upgradePath", {});
    for (const auto& code : out.upgradePath) {
        if (!out.find(code))
            throw sdk::ConfigError("upgradePath", code, "plan types listed in aligners.planTypes");
        if (std::count(out.upgradePath.begin(), out.upgradePath.end(), code) > 1)
            throw sdk::ConfigError("upgradePath", code, "each plan type once");
    }
    out.replacementAlignerPriceMinor = amount(config, "replacement.alignerPrice", out.currency);
    out.maxReplacementStepsPerArch = static_cast<int>(config.getInt("replacement.maxStepsPerArch", 8, 1, 50));
    return out;
}

} // namespace molar::aligners

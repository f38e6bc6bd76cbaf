#include "cards/CardOnFile.h"

#include "modes/BillingAccounts.h"

#include <cctype>
#include <cstdio>

namespace molar::billing {

void CardOnFile::start()
{
    _host.accounts().addActivationRequirement(
        kRequirement, [this](std::int64_t organizationId) { return missing(organizationId, ""); });
}

std::optional<sdk::SavedPaymentMethod> CardOnFile::defaultCard(std::int64_t organizationId) const
{
    try {
        return _host.payments().defaultMethod(organizationId);
    } catch (const std::exception& e) {
        _host.logger().warning("organization " + std::to_string(organizationId) +
                               ": the payment service could not tell its card on file: " + e.what());
        return std::nullopt;
    }
}

std::string CardOnFile::missing(std::int64_t organizationId, const std::string& language) const
{
    if (!modeNeedsCard(BillingAccounts::modeOf(_host.database(), organizationId)))
        return {};
    if (defaultCard(organizationId))
        return {};
    return _host.views().translate("billing.cards.required", language);
}

std::string CardOnFile::brandName(sdk::Host& host, const std::string& brand, const std::string& language)
{
    const std::string key = "billing.cards.brand." + brand;
    const std::string name = host.views().translate(key, language);
    if (name != key)
        return name;
    if (brand.empty())
        return host.views().translate("billing.cards.brand.unknown", language);
    std::string out = brand;
    for (char& c : out)
        if (c == '_')
            c = ' ';
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string CardOnFile::expiry(const sdk::SavedMethod& method)
{
    if (method.expMonth < 1 || method.expMonth > 12 || method.expYear <= 0)
        return {};
    char text[16];
    std::snprintf(text, sizeof text, "%02d/%04d", method.expMonth, method.expYear);
    return text;
}

std::string CardOnFile::describe(sdk::Host& host, const sdk::SavedPaymentMethod& method,
                                 const std::string& language)
{
    std::string text = brandName(host, method.method.brand, language) + " •••• " + method.method.last4;
    const std::string until = expiry(method.method);
    if (!until.empty()) {
        std::string expires = host.views().translate("billing.cards.expiresOn", language);
        const auto slot = expires.find("{expiry}");
        if (slot != std::string::npos)
            expires.replace(slot, 8, until);
        text += ", " + expires;
    }
    return text;
}

} // namespace molar::billing

#pragma once

#include "molar/sdk/Payments.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::billing {

// A card on file: the organization's default saved payment method, which prepay and
// autopay charge. Adds the activation requirement "billing.card": an organization in
// mode prepay or autopay is not activated (cannot submit cases) until its owner saved a
// card at /billing/payment-methods. Thread-safe.
class CardOnFile
{
public:
    static constexpr const char* kRequirement = "billing.card";

    explicit CardOnFile(sdk::Host& host) : _host(host) {}

    // Adds the activation requirement (removed by the host when the plugin stops).
    void start();

    // Whether an organization in `mode` must have a card on file.
    static bool modeNeedsCard(const std::string& mode) { return mode == "prepay" || mode == "autopay"; }
    // The organization's default method; nothing when none, or when the payment service
    // cannot tell (then logged).
    std::optional<sdk::SavedPaymentMethod> defaultCard(std::int64_t organizationId) const;
    // "" when the organization may be activated as far as cards go, else the sentence
    // telling its owner where to add one, in `language` ("" for the portal's default).
    std::string missing(std::int64_t organizationId, const std::string& language) const;

    // "Visa": the catalog's billing.cards.brand.<brand>, else the brand as the provider said it.
    static std::string brandName(sdk::Host& host, const std::string& brand, const std::string& language);
    // "12/2030"; "" for a method that does not expire.
    static std::string expiry(const sdk::SavedMethod& method);
    // "Visa •••• 4242, expires 12/2030": all the portal ever shows of a card.
    static std::string describe(sdk::Host& host, const sdk::SavedPaymentMethod& method,
                                const std::string& language);

private:
    sdk::Host& _host;
};

} // namespace molar::billing

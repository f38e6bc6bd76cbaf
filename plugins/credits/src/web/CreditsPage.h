#pragma once

#include "CreditsServices.h"

#include "molar/sdk/Plugin.h"

#include <map>
#include <string>

namespace molar::credits {

// What a form sent back refused brings to the Credits page: the viewer's words beside each
// field and what they typed, so that nothing is lost.
struct CreditsForm
{
    std::string notice;
    // Field -> message: "top" (the page), "threshold", "pack", "method", "card",
    // "buy-<pack code>" (that pack's provider choice).
    std::map<std::string, std::string> errors;

    bool autoEntered = false; // the auto top-up fields below were typed, not read
    std::string threshold;
    std::string autoPack;
    std::string methodId;
    bool autoEnabled = false;

    std::string buyPack;     // the pack whose "Buy" was refused
    std::string buyProvider; // the provider chosen for it
};

// /credits: the balance, held cases, auto top-up, the packs to buy and recent top-ups.
// Every member of the organization reads it; the forms are its owner's.
class CreditsPage
{
public:
    static constexpr const char* path = "/credits";

    explicit CreditsPage(CreditsServices& services) : _services(services) {}

    void render(sdk::Request& request, sdk::Response& response, const CreditsForm& form) const;

    // The providers a pack may be bought with: those taking the plugin's currency whose
    // payer pays on the provider's page or outside the portal.
    std::vector<sdk::PaymentCapabilities> buyingProviders() const;
    // The organization's saved methods an auto top-up may charge (their provider charges
    // with the payer absent).
    std::vector<sdk::SavedPaymentMethod> chargeableMethods(std::int64_t organizationId) const;
    // Any provider that saves cards.
    std::vector<sdk::PaymentCapabilities> savingProviders() const;

private:
    CreditsServices& _services;
};

} // namespace molar::credits

#pragma once

#include "CreditsSettings.h"
#include "ledger/CreditAccount.h"
#include "web/ClinicViewer.h"
#include "web/CreditsPage.h"

#include "molar/sdk/Payments.h"
#include "molar/sdk/Value.h"

#include <string>
#include <vector>

namespace molar::credits {

// The packs in the viewer's words, for /credits and /pricing.
class PackWords
{
public:
    PackWords(const CreditsSettings& settings, const ClinicViewer& viewer)
        : _settings(settings), _viewer(viewer)
    {
    }

    // The pack's name in the viewer's language (credits.packName.<code>), else as configured.
    std::string name(const Pack& pack) const;
    // One pack: name, credits, the price for an organization with `discountBasisPoints`
    // (listPrice too when that is lower than the pack's own), "Save N%", most popular.
    sdk::Value pack(const Pack& pack, int discountBasisPoints) const;
    // The packs as <option>s, `selected` chosen (else the most popular).
    sdk::Value options(const std::string& selected) const;
    // The packs with a provider choice and a "Buy" button each.
    sdk::Value forSale(int discountBasisPoints, const std::vector<sdk::PaymentCapabilities>& providers,
                       const CreditsForm& form) const;
    // "Auto top-up is on: ..." or "Auto top-up is off."
    std::string autoStatus(const CreditAccount& account,
                           const std::vector<sdk::SavedPaymentMethod>& methods) const;

private:
    const CreditsSettings& _settings;
    const ClinicViewer& _viewer;
};

} // namespace molar::credits

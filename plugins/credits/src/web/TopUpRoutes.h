#pragma once

#include "topups/TopUp.h"
#include "web/ClinicViewer.h"
#include "web/CreditsPage.h"
#include "web/ProviderHandoff.h"

#include "molar/sdk/Plugin.h"

#include <memory>

#include <optional>

namespace molar::credits {

// Buying a pack: POST /credits/topups (the owner; pack and provider) opens the top-up and
// its payment and sends the payer to the provider's page, or, for a bank transfer, to the
// top-up's page with the reference and IBAN to quote. GET /credits/topups/{id} tells where
// it stands (a card payer back from the provider's page: the provider is asked at once);
// another organization's top-up is not found.
class TopUpRoutes : public std::enable_shared_from_this<TopUpRoutes>
{
public:
    explicit TopUpRoutes(CreditsServices& services)
        : _services(services), _page(services), _handoff(services.host)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void buy(sdk::Request& request, sdk::Response& response);
    void show(sdk::Request& request, sdk::Response& response);

    // The organization's open top-up of this pack by this offline provider, when there is one
    // (a second click on "Buy" shows the same reference instead of making another).
    std::optional<TopUp> openTransfer(std::int64_t organizationId, const std::string& pack,
                                      const std::string& provider) const;
    // The provider's own words on how to pay an offline top-up; "" when it gave none.
    std::string instructions(const TopUp& topup, const sdk::PaymentAttempt& attempt,
                             const std::string& language) const;
    // The payment failure in the viewer's words, "" when none.
    std::string failure(const ClinicViewer& viewer, const sdk::PaymentAttempt& attempt) const;

    CreditsServices& _services;
    CreditsPage _page;
    ProviderHandoff _handoff;
};

} // namespace molar::credits

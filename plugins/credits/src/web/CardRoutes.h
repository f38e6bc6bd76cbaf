#pragma once

#include "web/CreditsPage.h"
#include "web/ProviderHandoff.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::credits {

// The owner saves a card for auto top-up from the Credits page: POST /credits/card starts
// saving one with a provider that keeps methods and sends the owner on to its page; the
// provider sends them back to GET /credits/card/{setupId}, which asks the payment service
// to finish (a setup of another organization saves nothing). Only brand and last four
// are ever shown.
class CardRoutes : public std::enable_shared_from_this<CardRoutes>
{
public:
    explicit CardRoutes(CreditsServices& services)
        : _services(services), _page(services), _handoff(services.host)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void start(sdk::Request& request, sdk::Response& response);
    void finish(sdk::Request& request, sdk::Response& response);

    CreditsServices& _services;
    CreditsPage _page;
    ProviderHandoff _handoff;
};

} // namespace molar::credits

#pragma once

#include "web/CreditsPage.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::credits {

// GET /credits, and POST /credits/auto-top-up (the owner's threshold, pack, card, on/off).
class CreditsPageRoutes : public std::enable_shared_from_this<CreditsPageRoutes>
{
public:
    explicit CreditsPageRoutes(CreditsServices& services) : _services(services), _page(services) {}

    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);
    void configureAutoTopUp(sdk::Request& request, sdk::Response& response);

    CreditsServices& _services;
    CreditsPage _page;
};

} // namespace molar::credits

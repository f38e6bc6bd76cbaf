#pragma once

#include "claims/ClaimService.h"
#include "web/WarrantyPage.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::warranty {

class Viewer;

// A warranty's claims: the clinic files one (a form with photos), the lab's admins and
// leads approve or decline it, and whoever may read the warranty sees its photos. A
// mistake is shown beside its field on the warranty's page, with what was typed kept.
class ClaimRoutes : public std::enable_shared_from_this<ClaimRoutes>
{
public:
    ClaimRoutes(sdk::Host& host, const WarrantySettings& settings, ClaimService& claims, WarrantyPage& page)
        : _host(host), _settings(settings), _claims(claims), _page(page)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void file(sdk::Request& request, sdk::Response& response);
    void approve(sdk::Request& request, sdk::Response& response);
    void decline(sdk::Request& request, sdk::Response& response);
    void photo(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    const WarrantySettings& _settings;
    ClaimService& _claims;
    WarrantyPage& _page;
};

} // namespace molar::warranty

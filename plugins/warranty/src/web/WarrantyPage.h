#pragma once

#include "WarrantySettings.h"
#include "claims/ClaimService.h"
#include "service/WarrantyService.h"
#include "store/Warranty.h"

#include "molar/sdk/Plugin.h"

namespace molar::warranty {

class Viewer;

// A warranty's page: its details, the card's download, its claims with their photos and
// decisions, the claim form for the clinic while it is valid and nothing is open, the
// lab's approve and decline forms, and the lab admin's void form. `form` holds what was
// typed and the errors beside each field when a form is shown back.
class WarrantyPage
{
public:
    WarrantyPage(sdk::Host& host, const WarrantySettings& settings, WarrantyService& warranties,
                 ClaimService& claims)
        : _host(host), _settings(settings), _warranties(warranties), _claims(claims)
    {
    }

    void render(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                const Warranty& warranty, const sdk::Value& form);

private:
    sdk::Value claimsData(const Viewer& viewer, const Warranty& warranty, bool valid, const sdk::Value& form);

    sdk::Host& _host;
    const WarrantySettings& _settings;
    WarrantyService& _warranties;
    ClaimService& _claims;
};

} // namespace molar::warranty

#pragma once

#include "CreditsServices.h"
#include "adjustments/LabAdjustments.h"
#include "web/LabAccountPage.h"

#include "molar/sdk/Plugin.h"

namespace molar::credits {

// One organization's credits for the lab, /lab/credits/<organization>: the page, and the
// forms of admins and billing clerks: an adjustment, the custom discount, a debit given
// back. Each form names its organization; one naming another than the URL's changes nothing.
class LabAccountRoutes
{
public:
    explicit LabAccountRoutes(CreditsServices& services)
        : _services(services), _page(services), _adjustments(services)
    {
    }

    void show(sdk::Request& request, sdk::Response& response);
    void adjust(sdk::Request& request, sdk::Response& response);
    void discount(sdk::Request& request, sdk::Response& response);
    void giveBack(sdk::Request& request, sdk::Response& response);

private:
    // The URL's organization, for an admin or billing clerk, when the form names the same.
    sdk::OrganizationInfo formOrganization(sdk::Request& request, const LabViewer& viewer);
    void done(sdk::Response& response, std::int64_t organizationId, const std::string& what);

    CreditsServices& _services;
    LabAccountPage _page;
    LabAdjustments _adjustments;
};

} // namespace molar::credits

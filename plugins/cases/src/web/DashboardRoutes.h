#pragma once

#include "web/DashboardPresenter.h"
#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The clinic's dashboard, /cases/dashboard, where clinics land after signing in
// (portal.landing.clinic): counts by clinic stage, the cases waiting for the clinic,
// the latest activity of its cases and the way to send a new one. A dentist sees the
// cases they hold, an owner or staff member every case of the organization, as in
// My cases; never another organization's. Other plugins add boxes of their own
// (a credit balance) as panels of the place "clinic.dashboard".
class DashboardRoutes
{
public:
    static constexpr const char* path = "/cases/dashboard";
    // Where other plugins put their boxes on this page (Views::addPanel, SDK 1.8).
    static constexpr const char* panelPlace = "clinic.dashboard";

    DashboardRoutes(sdk::Host& host, PageSupport& pages) : _host(host), _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);

    // What the store holds for the dashboard of an organization (of one of its users
    // when `ownerUserId` is not 0).
    static Dashboard load(sdk::SqlRunner& db, const DashboardPresenter& presenter,
                          std::int64_t organizationId, std::int64_t ownerUserId);

private:
    void show(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PageSupport& _pages;
};

} // namespace molar::cases

#pragma once

#include "accounts/AccountAdministration.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

namespace molar::host {

// The lab admin's account pages: organizations (search, status filter, pages;
// create one with its first clinic, add clinics, activate when every requirement
// is met, block) and users across organizations and the lab (the owners' list and
// edit page, plus creating users with a temporary password).
class LabAdminRoutes
{
public:
    LabAdminRoutes(sdk::Database& database, ViewEngine& views, AccountAdministration& administration)
        : _database(database), _views(views), _administration(administration)
    {
    }
    void registerAll(Router& router);

private:
    void organizations(sdk::Request& request, sdk::Response& response);
    void showNewOrganization(sdk::Request& request, sdk::Response& response, int status,
                             const sdk::Value& values, const AccountAdministration::Errors& errors);
    void createOrganization(sdk::Request& request, sdk::Response& response);
    // The organization's page; `activation` holds a refused activation's gaps.
    void showOrganization(sdk::Request& request, sdk::Response& response, int status, std::int64_t id,
                          bool refused, const sdk::Value& clinicValues,
                          const AccountAdministration::Errors& errors);
    void activateOrganization(sdk::Request& request, sdk::Response& response);
    void addClinic(sdk::Request& request, sdk::Response& response);
    void users(sdk::Request& request, sdk::Response& response);
    void showNewUser(sdk::Request& request, sdk::Response& response, int status, const sdk::Value& values,
                     const AccountAdministration::Errors& errors);
    void createUser(sdk::Request& request, sdk::Response& response);

    sdk::Database& _database;
    ViewEngine& _views;
    AccountAdministration& _administration;
    AccountStore _accounts;
};

} // namespace molar::host

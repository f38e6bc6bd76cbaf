#pragma once

#include "accounts/AccountAdministration.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

namespace molar::host {

// An organization owner's pages: the organization's users (search, status filter,
// pages of 25), activating and blocking them, editing their names, phone and role,
// and the reference code that new members register with. Other organizations'
// users do not exist here (404).
class OrganizationRoutes
{
public:
    static constexpr const char* BASE = "/organization/users";

    OrganizationRoutes(sdk::Database& database, ViewEngine& views, AccountAdministration& administration)
        : _database(database), _views(views), _administration(administration)
    {
    }
    void registerAll(Router& router);

private:
    // Owners only; other clinic users get 403.
    void requireOwner(const sdk::Request& request) const;
    void list(sdk::Request& request, sdk::Response& response);

    sdk::Database& _database;
    ViewEngine& _views;
    AccountAdministration& _administration;
    AccountStore _accounts;
};

} // namespace molar::host

#pragma once

#include "accounts/Practices.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

namespace molar::host {

// My Account → Clinics, for an organization's owner: the clinics in use and archived,
// a form to add one (errors beside their fields), and removal after a confirmation
// page. Other organizations' clinics do not exist here (404); other clinic users get 403.
class PracticesRoutes
{
public:
    static constexpr const char* BASE = "/organization/clinics";

    PracticesRoutes(ViewEngine& views, Practices& practices) : _views(views), _practices(practices) {}
    void registerAll(Router& router);

private:
    void requireOwner(const sdk::Request& request) const;
    void list(sdk::Request& request, sdk::Response& response, int status, const sdk::Value& values,
              const AccountAdministration::Errors& errors, const std::string& refusalKey);
    void add(sdk::Request& request, sdk::Response& response);
    void confirmRemoval(sdk::Request& request, sdk::Response& response);
    void remove(sdk::Request& request, sdk::Response& response);

    ViewEngine& _views;
    Practices& _practices;
};

} // namespace molar::host

#include "accounts/OrganizationRoutes.h"

#include "accounts/UserPages.h"

#include "molar/sdk/Errors.h"

namespace molar::host {

namespace {

Route route(const std::string& method, const std::string& path, sdk::Handler handler)
{
    return formRoute("accounts", method, path, sdk::Access::Clinic, std::move(handler));
}

} // namespace

void OrganizationRoutes::requireOwner(const sdk::Request& request) const
{
    UserPages::requireOwner(request, _views, "users.error.ownersOnly");
}

void OrganizationRoutes::registerAll(Router& router)
{
    const std::string base = BASE;
    router.add(route("GET", base, [this](sdk::Request& rq, sdk::Response& rs) {
        requireOwner(rq);
        list(rq, rs);
    }));
    router.add(route("GET", base + "/{id}", [this](sdk::Request& rq, sdk::Response& rs) {
        requireOwner(rq);
        auto user = _administration.managedUser(AccountAdministration::of(rq), UserPages::idParam(rq));
        if (!user)
            UserPages::notFound(rq);
        UserPages::showEdit(rq, rs, _views, 200, *user,
                            {user->firstName, user->lastName, user->phone, user->role}, {}, BASE);
    }));
    router.add(route("POST", base + "/{id}", [this](sdk::Request& rq, sdk::Response& rs) {
        requireOwner(rq);
        UserPages::saveEdit(rq, rs, _views, _administration, BASE);
    }));
    router.add(route("POST", base + "/{id}/activate", [this](sdk::Request& rq, sdk::Response& rs) {
        requireOwner(rq);
        UserPages::setStatus(rq, rs, _administration, "active", BASE);
    }));
    router.add(route("POST", base + "/{id}/block", [this](sdk::Request& rq, sdk::Response& rs) {
        requireOwner(rq);
        UserPages::setStatus(rq, rs, _administration, "blocked", BASE);
    }));
}

void OrganizationRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t organizationId = request.principal()->organizationId;
    const UserQuery query = UserPages::queryFrom(request, organizationId);
    auto organization = _accounts.findOrganization(_database, organizationId);
    if (!organization)
        UserPages::notFound(request);
    sdk::Value extra = sdk::Value::object({{"ownerView", true},
                                           {"organizationName", organization->name},
                                           {"referenceCode", organization->referenceCode}});
    UserPages::showList(request, response, _views, query, _accounts.searchUsers(_database, query), BASE,
                        "users.title.organization", extra);
}

} // namespace molar::host

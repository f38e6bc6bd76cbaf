#include "accounts/LabAdminRoutes.h"

#include "accounts/AccountForms.h"
#include "accounts/UserPages.h"

#include "molar/sdk/Errors.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace molar::host {

namespace {

const std::string USERS = "/admin/users";
const std::string ORGANIZATIONS = "/admin/organizations";

Route route(const std::string& method, const std::string& path, sdk::Handler handler)
{
    return formRoute("accounts", method, path, sdk::Access::LabAdmin, std::move(handler));
}

std::string encoded(const std::string& value)
{
    std::string out;
    Poco::URI::encode(value, "&=+?#/%", out);
    return out;
}

} // namespace

void LabAdminRoutes::registerAll(Router& router)
{
    using Rq = sdk::Request;
    using Rs = sdk::Response;
    router.add(route("GET", ORGANIZATIONS, [this](Rq& rq, Rs& rs) { organizations(rq, rs); }));
    router.add(route("POST", ORGANIZATIONS, [this](Rq& rq, Rs& rs) { createOrganization(rq, rs); }));
    router.add(route("GET", ORGANIZATIONS + "/new", [this](Rq& rq, Rs& rs) {
        showNewOrganization(rq, rs, 200, sdk::Value::object({{"country", "QA"}}), {});
    }));
    router.add(route("GET", ORGANIZATIONS + "/{id}", [this](Rq& rq, Rs& rs) {
        showOrganization(rq, rs, 200, UserPages::idParam(rq), false, sdk::Value::object({{"country", "QA"}}),
                         {});
    }));
    router.add(route("POST", ORGANIZATIONS + "/{id}/activate",
                     [this](Rq& rq, Rs& rs) { activateOrganization(rq, rs); }));
    router.add(route("POST", ORGANIZATIONS + "/{id}/block", [this](Rq& rq, Rs& rs) {
        const std::int64_t id = UserPages::idParam(rq);
        if (!_administration.blockOrganization(AccountAdministration::of(rq), id).found)
            UserPages::notFound(rq);
        rs.redirect(ORGANIZATIONS + "/" + std::to_string(id) + "?done=blocked", 303);
    }));
    router.add(route("POST", ORGANIZATIONS + "/{id}/clinics", [this](Rq& rq, Rs& rs) { addClinic(rq, rs); }));

    router.add(route("GET", USERS, [this](Rq& rq, Rs& rs) { users(rq, rs); }));
    router.add(route("POST", USERS, [this](Rq& rq, Rs& rs) { createUser(rq, rs); }));
    router.add(route("GET", USERS + "/new", [this](Rq& rq, Rs& rs) {
        std::int64_t organizationId = 0;
        Poco::NumberParser::tryParse64(rq.query("organization"), organizationId);
        showNewUser(
            rq, rs, 200,
            sdk::Value::object({{"side", "clinic"}, {"role", "dentist"}, {"organizationId", organizationId}}),
            {});
    }));
    router.add(route("GET", USERS + "/{id}", [this](Rq& rq, Rs& rs) {
        auto user = _administration.managedUser(AccountAdministration::of(rq), UserPages::idParam(rq));
        if (!user)
            UserPages::notFound(rq);
        UserPages::showEdit(rq, rs, _views, 200, *user,
                            {user->firstName, user->lastName, user->phone, user->role}, {}, USERS);
    }));
    router.add(route("POST", USERS + "/{id}", [this](Rq& rq, Rs& rs) {
        UserPages::saveEdit(rq, rs, _views, _administration, USERS);
    }));
    router.add(route("POST", USERS + "/{id}/activate", [this](Rq& rq, Rs& rs) {
        UserPages::setStatus(rq, rs, _administration, "active", USERS);
    }));
    router.add(route("POST", USERS + "/{id}/block", [this](Rq& rq, Rs& rs) {
        UserPages::setStatus(rq, rs, _administration, "blocked", USERS);
    }));
}

void LabAdminRoutes::organizations(sdk::Request& request, sdk::Response& response)
{
    const std::string& lang = request.language();
    OrganizationQuery query;
    query.search = Poco::trim(request.query("q")).substr(0, 200);
    const std::string status = request.query("status");
    if (status == "pending" || status == "blocked" || status == "active")
        query.status = status;
    const std::string after = request.query("after");
    if (!after.empty() && !Poco::NumberParser::tryParse64(after, query.afterId))
        throw sdk::HttpError(400, "The page address is malformed; start the search again.");
    query.limit = UserPages::PAGE_SIZE + 1;
    auto found = _accounts.searchOrganizations(_database, query);
    const bool hasMore = static_cast<int>(found.size()) > UserPages::PAGE_SIZE;
    if (hasMore)
        found.resize(UserPages::PAGE_SIZE);
    sdk::Value rows = sdk::Value::array();
    for (const auto& o : found)
        rows.push(sdk::Value::object(
            {{"id", o.id},
             {"name", o.name},
             {"referenceCode", o.referenceCode},
             {"status", _views.translate("status." + o.status, lang)},
             {"openLabel", UserPages::named(_views, "organizations.openNamed", o.name, lang)}}));
    const std::string filters = "q=" + encoded(query.search) + "&status=" + query.status;
    sdk::Value data = sdk::Value::object(
        {{"rows", rows},
         {"hasRows", !found.empty()},
         {"search", query.search},
         {"statusOptions", AccountForms::options({"", "pending", "blocked", "active"}, query.status,
                                                 "users.filter.", _views, lang)},
         {"hasMore", hasMore},
         {"moreLink", ORGANIZATIONS + "?" + filters +
                          "&after=" + (found.empty() ? "0" : std::to_string(found.back().id))},
         {"paged", query.afterId > 0},
         {"firstLink", ORGANIZATIONS + "?" + filters}});
    response.send(
        "text/html; charset=utf-8",
        _views.renderPage("host/pages/organizations", "organizations.title", data, pageContextFor(request)));
}

void LabAdminRoutes::showNewOrganization(sdk::Request& request, sdk::Response& response, int status,
                                         const sdk::Value& values,
                                         const AccountAdministration::Errors& errors)
{
    response.setStatus(status);
    sdk::Value data = values;
    data.set("countries", AccountForms::countryOptions(values.getString("country")));
    data.set("errors", UserPages::translatedErrors(errors, _views, request.language()));
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/organization-new", "organizations.new.title", data,
                                    pageContextFor(request)));
}

void LabAdminRoutes::createOrganization(sdk::Request& request, sdk::Response& response)
{
    sdk::Value values = sdk::Value::object({{"name", Poco::trim(request.form("name"))},
                                            {"clinicName", Poco::trim(request.form("clinicName"))},
                                            {"address", Poco::trim(request.form("address"))},
                                            {"country", request.form("country")}});
    AccountAdministration::Errors errors;
    const std::int64_t id = _administration.createOrganization(
        AccountAdministration::of(request), values.getString("name"), values.getString("clinicName"),
        values.getString("address"), values.getString("country"), errors);
    if (!errors.empty())
        return showNewOrganization(request, response, 422, values, errors);
    response.redirect(ORGANIZATIONS + "/" + std::to_string(id) + "?done=created", 303);
}

void LabAdminRoutes::showOrganization(sdk::Request& request, sdk::Response& response, int status,
                                      std::int64_t id, bool refused, const sdk::Value& clinicValues,
                                      const AccountAdministration::Errors& errors)
{
    const std::string& lang = request.language();
    auto organization = _accounts.findOrganization(_database, id);
    if (!organization)
        UserPages::notFound(request);
    auto gaps = _administration.activationGaps(id);
    sdk::Value missing = sdk::Value::array();
    for (const auto& key : gaps.missingKeys)
        missing.push(_views.translate(key, lang));
    for (const auto& sentence : gaps.missingSentences)
        missing.push(sentence);
    sdk::Value clinics = sdk::Value::array();
    for (const auto& c : _accounts.clinics(_database, id))
        clinics.push(sdk::Value::object({{"name", c.name}, {"address", c.address}, {"country", c.country}}));
    std::string notice;
    const std::string done = request.query("done");
    if (done == "created" || done == "activated" || done == "blocked" || done == "clinicAdded")
        notice = _views.translate("organizations.done." + done, lang);
    response.setStatus(status);
    sdk::Value data = clinicValues;
    data.set("id", id);
    data.set("name", organization->name);
    data.set("referenceCode", organization->referenceCode);
    data.set("status", _views.translate("status." + organization->status, lang));
    data.set("canActivate", organization->status != "active");
    data.set("canBlock", organization->status != "blocked");
    data.set("missing", missing);
    data.set("hasMissing", missing.size() > 0);
    data.set("refused", refused);
    data.set("clinics", clinics);
    data.set("notice", notice);
    data.set("hasNotice", !notice.empty());
    data.set("usersLink", USERS + "?organization=" + std::to_string(id));
    data.set("newUserLink", USERS + "/new?organization=" + std::to_string(id));
    data.set("countries", AccountForms::countryOptions(clinicValues.getString("country")));
    data.set("errors", UserPages::translatedErrors(errors, _views, lang));
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/organization", "organizations.one.title", data,
                                    pageContextFor(request)));
}

void LabAdminRoutes::activateOrganization(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = UserPages::idParam(request);
    auto outcome = _administration.activateOrganization(AccountAdministration::of(request), id);
    if (!outcome.found)
        UserPages::notFound(request);
    if (!outcome.done())
        return showOrganization(request, response, 409, id, true, sdk::Value::object({{"country", "QA"}}),
                                {});
    response.redirect(ORGANIZATIONS + "/" + std::to_string(id) + "?done=activated", 303);
}

void LabAdminRoutes::addClinic(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = UserPages::idParam(request);
    if (!_accounts.findOrganization(_database, id))
        UserPages::notFound(request);
    sdk::Value values = sdk::Value::object({{"clinicName", Poco::trim(request.form("clinicName"))},
                                            {"address", Poco::trim(request.form("address"))},
                                            {"country", request.form("country")}});
    AccountAdministration::Errors errors;
    _administration.addClinic(AccountAdministration::of(request), id, values.getString("clinicName"),
                              values.getString("address"), values.getString("country"), errors);
    if (!errors.empty())
        return showOrganization(request, response, 422, id, false, values, errors);
    response.redirect(ORGANIZATIONS + "/" + std::to_string(id) + "?done=clinicAdded", 303);
}

void LabAdminRoutes::users(sdk::Request& request, sdk::Response& response)
{
    std::int64_t organizationId = 0;
    Poco::NumberParser::tryParse64(request.query("organization"), organizationId);
    const UserQuery query = UserPages::queryFrom(request, std::max<std::int64_t>(organizationId, 0));
    std::string organizationName;
    if (query.organizationId) {
        auto organization = _accounts.findOrganization(_database, query.organizationId);
        if (!organization)
            UserPages::notFound(request);
        organizationName = organization->name;
    }
    sdk::Value extra = sdk::Value::object({{"labView", true},
                                           {"organizationId", query.organizationId},
                                           {"hasOrganization", query.organizationId != 0},
                                           {"organizationName", organizationName}});
    UserPages::showList(request, response, _views, query, _accounts.searchUsers(_database, query), USERS,
                        "users.title.lab", extra);
}

void LabAdminRoutes::showNewUser(sdk::Request& request, sdk::Response& response, int status,
                                 const sdk::Value& values, const AccountAdministration::Errors& errors)
{
    const std::string& lang = request.language();
    response.setStatus(status);
    sdk::Value data = values;
    const std::string side = values.getString("side");
    data.set("sideOptions", AccountForms::options({"clinic", "lab"}, side, "side.", _views, lang));
    data.set("clinicRoles",
             AccountForms::options(AccountForms::roles("clinic"),
                                   side == "clinic" ? values.getString("role") : "", "role.", _views, lang));
    data.set("labRoles",
             AccountForms::options(AccountForms::roles("lab"), side == "lab" ? values.getString("role") : "",
                                   "role.", _views, lang));
    OrganizationQuery all;
    all.limit = 500;
    sdk::Value organizations = sdk::Value::array();
    const std::int64_t chosen = values.getInt("organizationId");
    for (const auto& o : _accounts.searchOrganizations(_database, all))
        organizations.push(
            sdk::Value::object({{"id", o.id}, {"name", o.name}, {"selected", o.id == chosen}}));
    data.set("organizations", organizations);
    data.set("errors", UserPages::translatedErrors(errors, _views, lang));
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/user-new", "users.new.title", data, pageContextFor(request)));
}

void LabAdminRoutes::createUser(sdk::Request& request, sdk::Response& response)
{
    AccountAdministration::NewUser user;
    user.side = request.form("side");
    // One role list per side: the form has both, the side says which counts.
    user.role = request.form(user.side == "lab" ? "labRole" : "clinicRole");
    Poco::NumberParser::tryParse64(request.form("organizationId"), user.organizationId);
    user.firstName = Poco::trim(request.form("firstName"));
    user.lastName = Poco::trim(request.form("lastName"));
    user.email = Poco::trim(request.form("email"));
    user.username = Poco::trim(request.form("username"));
    user.phone = Poco::trim(request.form("phone"));
    AccountAdministration::Errors errors;
    std::string temporary;
    const std::int64_t id =
        _administration.createUser(AccountAdministration::of(request), user, errors, temporary);
    if (!errors.empty())
        return showNewUser(request, response, 422,
                           sdk::Value::object({{"side", user.side},
                                               {"role", user.role},
                                               {"organizationId", user.organizationId},
                                               {"firstName", user.firstName},
                                               {"lastName", user.lastName},
                                               {"email", user.email},
                                               {"username", user.username},
                                               {"phone", user.phone}}),
                           errors);
    // Shown once, on this answer only; the welcome message carries a link to choose a password, not this.
    response.setHeader("Cache-Control", "no-store");
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/user-created", "users.created.title",
                                    sdk::Value::object({{"name", user.firstName + " " + user.lastName},
                                                        {"email", normalizeLogin(user.email)},
                                                        {"temporaryPassword", temporary},
                                                        {"editLink", USERS + "/" + std::to_string(id)}}),
                                    pageContextFor(request)));
}

} // namespace molar::host

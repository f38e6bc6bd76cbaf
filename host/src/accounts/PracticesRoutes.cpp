#include "accounts/PracticesRoutes.h"

#include "accounts/AccountForms.h"
#include "accounts/UserPages.h"

#include "molar/sdk/Errors.h"

#include <Poco/String.h>

namespace molar::host {

namespace {

Route route(const std::string& method, const std::string& path, sdk::Handler handler)
{
    return formRoute("accounts", method, path, sdk::Access::Clinic, std::move(handler));
}

} // namespace

void PracticesRoutes::requireOwner(const sdk::Request& request) const
{
    UserPages::requireOwner(request, _views, "practices.error.ownersOnly");
}

void PracticesRoutes::registerAll(Router& router)
{
    using Rq = sdk::Request;
    using Rs = sdk::Response;
    const std::string base = BASE;
    router.add(route("GET", base, [this](Rq& rq, Rs& rs) {
        requireOwner(rq);
        list(rq, rs, 200, sdk::Value::object({{"country", "QA"}}), {}, "");
    }));
    router.add(route("POST", base, [this](Rq& rq, Rs& rs) {
        requireOwner(rq);
        add(rq, rs);
    }));
    router.add(route("GET", base + "/{id}/remove", [this](Rq& rq, Rs& rs) {
        requireOwner(rq);
        confirmRemoval(rq, rs);
    }));
    router.add(route("POST", base + "/{id}/remove", [this](Rq& rq, Rs& rs) {
        requireOwner(rq);
        remove(rq, rs);
    }));
}

void PracticesRoutes::list(sdk::Request& request, sdk::Response& response, int status,
                           const sdk::Value& values, const AccountAdministration::Errors& errors,
                           const std::string& refusalKey)
{
    const std::string& lang = request.language();
    sdk::Value inUse = sdk::Value::array();
    sdk::Value archived = sdk::Value::array();
    for (const auto& c : _practices.list(request.principal()->organizationId)) {
        sdk::Value row = sdk::Value::object({{"id", c.id},
                                             {"name", c.name},
                                             {"address", c.address},
                                             {"country", c.country},
                                             {"phone", c.phone}});
        if (c.archivedAt) {
            archived.push(row);
        } else {
            row.set("removeHref", std::string(BASE) + "/" + std::to_string(c.id) + "/remove");
            row.set("removeLabel", UserPages::named(_views, "practices.removeNamed", c.name, lang));
            inUse.push(row);
        }
    }
    std::string notice;
    const std::string done = request.query("done");
    if (done == "added" || done == "removed" || done == "archived")
        notice = _views.translate("practices.done." + done, lang);
    response.setStatus(status);
    sdk::Value data = values;
    data.set("clinics", inUse);
    data.set("archived", archived);
    data.set("hasArchived", archived.size() > 0);
    data.set("notice", notice);
    data.set("hasNotice", !notice.empty());
    data.set("refusal", refusalKey.empty() ? std::string() : _views.translate(refusalKey, lang));
    data.set("hasRefusal", !refusalKey.empty());
    data.set("countries", AccountForms::countryOptions(values.getString("country")));
    data.set("errors", UserPages::translatedErrors(errors, _views, lang));
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/organization-clinics", "practices.title", data,
                                    pageContextFor(request)));
}

void PracticesRoutes::add(sdk::Request& request, sdk::Response& response)
{
    Practices::Input input{Poco::trim(request.form("clinicName")), Poco::trim(request.form("address")),
                           request.form("country"), Poco::trim(request.form("phone"))};
    AccountAdministration::Errors errors;
    _practices.add(AccountAdministration::of(request), input, errors);
    if (!errors.empty())
        return list(request, response, 422,
                    sdk::Value::object({{"clinicName", input.name},
                                        {"address", input.address},
                                        {"country", input.country},
                                        {"phone", input.phone}}),
                    errors, "");
    response.redirect(std::string(BASE) + "?done=added", 303);
}

void PracticesRoutes::confirmRemoval(sdk::Request& request, sdk::Response& response)
{
    auto clinic = _practices.find(request.principal()->organizationId, UserPages::idParam(request));
    if (!clinic)
        UserPages::notFound(request);
    const std::string& lang = request.language();
    sdk::Value data = sdk::Value::object(
        {{"id", clinic->id},
         {"name", clinic->name},
         {"address", clinic->address},
         {"question", UserPages::named(_views, "practices.remove.question", clinic->name, lang)},
         {"action", std::string(BASE) + "/" + std::to_string(clinic->id) + "/remove"},
         {"back", std::string(BASE)}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/organization-clinic-remove", "practices.remove.title", data,
                                    pageContextFor(request)));
}

void PracticesRoutes::remove(sdk::Request& request, sdk::Response& response)
{
    std::vector<std::string> holders;
    switch (_practices.remove(AccountAdministration::of(request), UserPages::idParam(request), holders)) {
    case Practices::Removal::NotFound:
        UserPages::notFound(request);
    case Practices::Removal::LastClinic:
        return list(request, response, 409, sdk::Value::object({{"country", "QA"}}), {},
                    "practices.error.lastClinic");
    case Practices::Removal::Archived:
        return response.redirect(std::string(BASE) + "?done=archived", 303);
    case Practices::Removal::Deleted:
        break;
    }
    response.redirect(std::string(BASE) + "?done=removed", 303);
}

} // namespace molar::host

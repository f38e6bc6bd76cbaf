#include "accounts/UserPages.h"

#include "accounts/AccountForms.h"

#include "molar/sdk/Errors.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace molar::host::UserPages {

namespace {

std::string encoded(const std::string& value)
{
    std::string out;
    Poco::URI::encode(value, "&=+?#/%", out);
    return out;
}

// What a redirect after an action may say; anything else in the address is ignored.
std::string noticeKey(const std::string& done)
{
    for (const char* known : {"activated", "blocked", "saved", "created"})
        if (done == known)
            return std::string("users.done.") + known;
    return {};
}

std::string refusalKey(const std::string& refused)
{
    if (refused == "notYourself")
        return "admin.error.notYourself";
    if (refused == "lastOwner")
        return "admin.error.lastOwner";
    if (refused == "labBlocked")
        return "admin.error.labBlocked";
    return {};
}

// The account's own status, and who holds a block it cannot lift itself.
std::string statusLabel(const UserRecord& user, const ViewEngine& views, const std::string& language)
{
    if (user.organizationBlocked)
        return views.translate("status.organizationBlocked", language);
    if (user.ownStatus == "blocked" && user.blockedByLab)
        return views.translate("status.blockedByLab", language);
    return views.translate("status." + user.ownStatus, language);
}

} // namespace

UserQuery queryFrom(const sdk::Request& request, std::int64_t organizationId)
{
    UserQuery q;
    q.organizationId = organizationId;
    q.search = Poco::trim(request.query("q")).substr(0, 200);
    const std::string status = request.query("status");
    if (status == "pending" || status == "blocked" || status == "active")
        q.status = status;
    const std::string after = request.query("after");
    if (!after.empty() && !Poco::NumberParser::tryParse64(after, q.afterId))
        throw sdk::HttpError(400, "The page address is malformed; start the search again.");
    q.limit = PAGE_SIZE + 1;
    return q;
}

void notFound(const sdk::Request& request)
{
    throw sdk::HttpError(404, "There is no page at " + request.path() + ".");
}

std::int64_t idParam(const sdk::Request& request)
{
    std::int64_t id = 0;
    if (!Poco::NumberParser::tryParse64(request.param("id"), id) || id <= 0)
        notFound(request);
    return id;
}

void requireOwner(const sdk::Request& request, const ViewEngine& views, const std::string& refusalKey)
{
    const auto& principal = request.principal();
    if (!principal || principal->side != "clinic" || principal->role != "owner" ||
        principal->organizationId == 0)
        throw sdk::HttpError(403, views.translate(refusalKey, request.language()));
}

std::string named(const ViewEngine& views, const std::string& key, const std::string& name,
                  const std::string& language)
{
    std::string text = views.translate(key, language);
    const auto slot = text.find("{name}");
    if (slot != std::string::npos)
        text.replace(slot, 6, name);
    return text;
}

sdk::Value translatedErrors(const AccountAdministration::Errors& errors, const ViewEngine& views,
                            const std::string& language)
{
    sdk::Value out = sdk::Value::object();
    for (const auto& [field, key] : errors)
        out.set(field, views.translate(key, language));
    return out;
}

void showList(sdk::Request& request, sdk::Response& response, ViewEngine& views, const UserQuery& query,
              std::vector<UserListEntry> found, const std::string& basePath, const std::string& titleKey,
              sdk::Value extra)
{
    const std::string& lang = request.language();
    const bool hasMore = static_cast<int>(found.size()) > PAGE_SIZE;
    if (hasMore)
        found.resize(PAGE_SIZE);
    const std::int64_t self = request.principal() ? request.principal()->userId : 0;
    const bool lab = request.principal() && request.principal()->side == "lab";
    sdk::Value rows = sdk::Value::array();
    for (const auto& entry : found) {
        const auto& u = entry.user;
        const std::string name = u.displayName();
        rows.push(sdk::Value::object(
            {{"id", u.id},
             {"name", name},
             {"email", u.email},
             {"role", views.translate("role." + u.role, lang)},
             {"status", statusLabel(u, views, lang)},
             {"organization",
              entry.organizationName.empty() ? views.translate("users.lab", lang) : entry.organizationName},
             // An owner cannot lift the lab's block; a lab admin may make an owner's block the lab's.
             {"canActivate", u.ownStatus != "active" && (lab || !u.blockedByLab)},
             {"canBlock", (u.ownStatus != "blocked" || (lab && !u.blockedByLab)) && u.id != self},
             {"activateLabel", named(views, "users.activateNamed", name, lang)},
             {"blockLabel", named(views, "users.blockNamed", name, lang)},
             {"editLabel", named(views, "users.editNamed", name, lang)}}));
    }
    std::string filters = "q=" + encoded(query.search) + "&status=" + query.status;
    if (request.query("organization").size())
        filters += "&organization=" + encoded(request.query("organization"));
    sdk::Value data = extra.isObject() ? extra : sdk::Value::object();
    data.set("basePath", basePath);
    data.set("rows", rows);
    data.set("hasRows", !found.empty());
    data.set("search", query.search);
    data.set("statusOptions", AccountForms::options({"", "pending", "blocked", "active"}, query.status,
                                                    "users.filter.", views, lang));
    data.set("hasMore", hasMore);
    data.set("moreLink", basePath + "?" + filters +
                             "&after=" + (found.empty() ? "0" : std::to_string(found.back().user.id)));
    data.set("firstLink", basePath + "?" + filters);
    data.set("paged", query.afterId > 0);
    data.set("notice", views.translate(noticeKey(request.query("done")), lang));
    data.set("hasNotice", !noticeKey(request.query("done")).empty());
    data.set("refusal", views.translate(refusalKey(request.query("refused")), lang));
    data.set("hasRefusal", !refusalKey(request.query("refused")).empty());
    response.send("text/html; charset=utf-8",
                  views.renderPage("host/pages/users", titleKey, data, pageContextFor(request)));
}

void showEdit(sdk::Request& request, sdk::Response& response, ViewEngine& views, int status,
              const UserRecord& user, const AccountAdministration::UserEdit& values,
              const AccountAdministration::Errors& errors, const std::string& basePath)
{
    const std::string& lang = request.language();
    response.setStatus(status);
    sdk::Value data =
        sdk::Value::object({{"action", basePath + "/" + std::to_string(user.id)},
                            {"basePath", basePath},
                            {"heading", user.displayName()},
                            {"email", user.email},
                            {"username", user.username},
                            {"status", statusLabel(user, views, lang)},
                            {"firstName", values.firstName},
                            {"lastName", values.lastName},
                            {"phone", values.phone},
                            {"roleOptions", AccountForms::options(AccountForms::roles(user.side), values.role,
                                                                  "role.", views, lang)},
                            {"errors", translatedErrors(errors, views, lang)}});
    response.send("text/html; charset=utf-8", views.renderPage("host/pages/user-edit", "users.edit.title",
                                                               data, pageContextFor(request)));
}

void saveEdit(sdk::Request& request, sdk::Response& response, ViewEngine& views,
              AccountAdministration& administration, const std::string& basePath)
{
    const std::int64_t id = idParam(request);
    const auto manager = AccountAdministration::Manager(AccountAdministration::of(request));
    AccountAdministration::UserEdit edit{Poco::trim(request.form("firstName")),
                                         Poco::trim(request.form("lastName")),
                                         Poco::trim(request.form("phone")), request.form("role")};
    AccountAdministration::Errors errors;
    auto outcome = administration.editUser(manager, id, edit, errors);
    if (!outcome.found)
        notFound(request);
    if (!errors.empty()) {
        auto user = administration.managedUser(manager, id);
        if (!user)
            notFound(request);
        return showEdit(request, response, views, 422, *user, edit, errors, basePath);
    }
    response.redirect(basePath + "?done=saved", 303);
}

void setStatus(sdk::Request& request, sdk::Response& response, AccountAdministration& administration,
               const std::string& status, const std::string& basePath)
{
    const std::int64_t id = idParam(request);
    auto outcome = administration.setUserStatus(AccountAdministration::of(request), id, status);
    if (!outcome.found)
        notFound(request);
    if (!outcome.refusal.empty()) {
        const std::string& key = outcome.refusal;
        return response.redirect(basePath + "?refused=" + key.substr(key.find_last_of('.') + 1), 303);
    }
    response.redirect(basePath + (status == "active" ? "?done=activated" : "?done=blocked"), 303);
}

} // namespace molar::host::UserPages

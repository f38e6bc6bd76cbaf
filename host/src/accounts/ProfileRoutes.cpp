#include "accounts/ProfileRoutes.h"

#include "accounts/AccountForms.h"
#include "core/Clocks.h"
#include "http/ReturnPath.h"

#include "molar/sdk/Errors.h"

#include <Poco/String.h>

#include <regex>

namespace molar::host {

bool ProfileRoutes::isE164(const std::string& phone)
{
    static const std::regex pattern("^\\+[1-9][0-9]{6,14}$");
    return std::regex_match(phone, pattern);
}

namespace {

// Keeps a signed-in user's choice of language in their profile, audited.
void saveLanguage(sdk::Database& database, const sdk::Clock& clock, sdk::Audit& audit, sdk::Request& request,
                  const std::string& language)
{
    const sdk::Principal& principal = *request.principal();
    database.transaction([&](sdk::Transaction& tx) {
        tx.execute("UPDATE molar_users SET language = ?, updated_at = ? WHERE id = ?",
                   {language, millisSinceEpoch(clock.now()), principal.userId});
        audit.record(tx, sdk::Actor::of(request),
                     {"profile.language_changed", "user", std::to_string(principal.userId),
                      principal.organizationId, principal.language + " -> " + language});
    });
}

} // namespace

void ProfileRoutes::registerAll(Router& router)
{
    Route get;
    get.owner = "accounts";
    get.method = "GET";
    get.pathTemplate = "/account/profile";
    get.access = sdk::Access::SignedIn;
    get.options.maxBodyBytes = 16 * 1024;
    get.handler = [this](sdk::Request& rq, sdk::Response& rs) {
        auto user = _accounts.findById(_database, rq.principal()->userId);
        if (!user)
            throw sdk::HttpError(401, "Please sign in to continue.");
        show(rq, rs, 200,
             sdk::Value::object({{"firstName", user->firstName},
                                 {"lastName", user->lastName},
                                 {"email", user->email},
                                 {"phone", user->phone},
                                 {"language", user->language},
                                 {"timeZone", user->timeZone}}),
             sdk::Value::object(), rq.query("saved") == "1", user->timeZone);
    };
    router.add(get);
    Route post = get;
    post.method = "POST";
    post.handler = [this](sdk::Request& rq, sdk::Response& rs) { save(rq, rs); };
    router.add(post);

    // The header's language picker, on every page and for everyone: the browser keeps the
    // choice; a signed-in user's profile keeps it too, so that their other browsers and the
    // messages they are sent follow it.
    router.add(formRoute(
        "accounts", "POST", "/prefs/language", sdk::Access::Public,
        [this](sdk::Request& rq, sdk::Response& rs) {
            const std::string language = rq.form("lang");
            if (!_views.supports(language))
                throw sdk::HttpError(400, "Choose one of the languages in the list.");
            if (rq.principal() && rq.principal()->language != language)
                saveLanguage(_database, _clock, _audit, rq, language);
            rs.setCookie("molar_lang", language, sdk::CookieOptions{365 * 24 * 3600, true, "Lax", "/"});
            rs.redirect(safeReturnPath(rq.form("return")), 303);
        }));
}

void ProfileRoutes::show(sdk::Request& request, sdk::Response& response, int status, const sdk::Value& values,
                         const sdk::Value& errors, bool saved, const std::string& savedZone)
{
    response.setStatus(status);
    sdk::Value languages = sdk::Value::array();
    for (const auto& l : _views.languages())
        languages.push(sdk::Value::object(
            {{"code", l.code}, {"name", l.name}, {"selected", l.code == values.getString("language")}}));
    sdk::Value data = values;
    data.set("errors", errors);
    data.set("saved", saved);
    data.set("languageOptions", languages);
    data.set("timeZoneOptions", timeZoneOptions(values.getString("timeZone"), savedZone, request.language()));
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/profile", "profile.title", data, pageContextFor(request)));
}

sdk::Value ProfileRoutes::timeZoneOptions(const std::string& chosen, const std::string& saved,
                                          const std::string& language) const
{
    std::string lab = _views.translate("profile.timeZone.lab", language);
    if (const auto slot = lab.find("{zone}"); slot != std::string::npos)
        lab.replace(slot, 6, _labTimeZone);
    sdk::Value regions = sdk::Value::array();
    for (const auto& region : _regions) {
        sdk::Value zones = sdk::Value::array();
        for (const auto& zone : region.zones)
            zones.push(sdk::Value::object(
                {{"value", zone}, {"label", zoneLabel(zone)}, {"selected", zone == chosen}}));
        const std::string key = "profile.timeZone.region." + region.name;
        std::string label = _views.translate(key, language);
        regions.push(sdk::Value::object({{"label", label == key ? region.name : label}, {"zones", zones}}));
    }
    sdk::Value options = sdk::Value::object({{"lab", lab},
                                             {"labSelected", chosen.empty()},
                                             {"utcSelected", chosen == "UTC"},
                                             {"regions", regions}});
    // A zone saved before the list existed (typed by hand) stays offered, so saving
    // the page keeps it; a new choice must come from the list.
    if (!saved.empty() && !_zones.contains(saved))
        options.set("kept", sdk::Value::object({{"value", saved}, {"selected", chosen == saved}}));
    return options;
}

std::string ProfileRoutes::currentPasswordError(const sdk::Request& request, const UserRecord& user,
                                                const std::string& password)
{
    const auto check = _signIn.checkCurrentPassword(user, password, request.clientAddress(),
                                                    request.cookie(DeviceCookies::COOKIE), "email change");
    if (check.outcome == SignInService::PasswordCheck::Right)
        return "";
    if (check.outcome == SignInService::PasswordCheck::Wrong)
        return _views.translate("password.error.current", request.language());
    std::string text = _views.translate("signIn.error.locked", request.language());
    const auto slot = text.find("{minutes}");
    if (slot != std::string::npos)
        text.replace(slot, 9, std::to_string((check.retryAfterSeconds + 59) / 60));
    return text;
}

void ProfileRoutes::save(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = *request.principal();
    const std::string& lang = request.language();
    auto user = _accounts.findById(_database, principal.userId);
    if (!user)
        throw sdk::HttpError(401, "Please sign in to continue.");
    sdk::Value values = sdk::Value::object({{"firstName", Poco::trim(request.form("firstName"))},
                                            {"lastName", Poco::trim(request.form("lastName"))},
                                            {"email", normalizeLogin(request.form("email"))},
                                            {"phone", Poco::trim(request.form("phone"))},
                                            {"language", request.form("language")},
                                            {"timeZone", Poco::trim(request.form("timeZone"))}});
    sdk::Value errors = sdk::Value::object();
    for (const char* field : {"firstName", "lastName"}) {
        const std::string key =
            AccountForms::textError(values.getString(field), 100, "profile.error.required");
        if (!key.empty())
            errors.set(field, _views.translate(key, lang));
    }
    const std::string email = values.getString("email");
    const bool emailChanged = email != user->email;
    if (!AccountForms::isEmail(email))
        errors.set("email", _views.translate("profile.error.email", lang));
    else if (emailChanged) {
        const std::string password = request.form("currentPassword");
        if (password.empty())
            errors.set("currentPassword", _views.translate("profile.error.currentPassword", lang));
        else if (const std::string error = currentPasswordError(request, *user, password); !error.empty())
            errors.set("currentPassword", error);
    }
    const std::string phone = values.getString("phone");
    if (!phone.empty() && !isE164(phone))
        errors.set("phone", _views.translate("profile.error.phone", lang));
    if (!_views.supports(values.getString("language")))
        errors.set("language", _views.translate("profile.error.language", lang));
    const std::string zone = values.getString("timeZone");
    if (!zone.empty() && !_zones.contains(zone) && zone != user->timeZone)
        errors.set("timeZone", _views.translate("profile.error.timeZone", lang));
    if (errors.size() == 0) {
        try {
            _database.transaction([&](sdk::Transaction& tx) {
                if (!tx.query("SELECT id FROM molar_users WHERE email = ? AND id <> ?",
                              {email, principal.userId})
                         .empty())
                    throw AccountStore::AccountError("email", "account.email.taken");
                tx.execute("UPDATE molar_users SET first_name = ?, last_name = ?, email = ?, phone = ?,"
                           " language = ?, time_zone = ?, updated_at = ? WHERE id = ?",
                           {values.getString("firstName"), values.getString("lastName"), email, phone,
                            values.getString("language"), values.getString("timeZone"),
                            millisSinceEpoch(_clock.now()), principal.userId});
                _audit.record(tx, sdk::Actor::of(request),
                              {"profile.updated", "user", std::to_string(principal.userId),
                               principal.organizationId, ""});
                if (emailChanged)
                    _audit.record(tx, sdk::Actor::of(request),
                                  {"profile.email_changed", "user", std::to_string(principal.userId),
                                   principal.organizationId, user->email + " -> " + email});
            });
        } catch (const AccountStore::AccountError& e) {
            errors.set(e.field(), _views.translate("profile.error.emailTaken", lang));
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict())
                throw;
            errors.set("email", _views.translate("profile.error.emailTaken", lang));
        }
    }
    if (errors.size() > 0)
        return show(request, response, 422, values, errors, false, user->timeZone);
    // This browser follows the language just chosen, whatever the picker said before.
    response.setCookie("molar_lang", values.getString("language"),
                       sdk::CookieOptions{365 * 24 * 3600, true, "Lax", "/"});
    response.redirect("/account/profile?saved=1", 303);
}

} // namespace molar::host

#include "accounts/AccountRoutes.h"

#include "core/Clocks.h"
#include "http/ReturnPath.h"

#include "molar/sdk/Errors.h"

#include <Poco/URI.h>

namespace molar::host {

namespace {

Route route(const std::string& method, const std::string& path, sdk::Access access, sdk::Handler handler)
{
    return formRoute("accounts", method, path, access, std::move(handler));
}

std::string minutes(std::int64_t seconds)
{
    return std::to_string((seconds + 59) / 60);
}

} // namespace

AccountRoutes::AccountRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views,
                             SessionStore& sessions, SignInService& signIn, const PasswordHasher& hasher,
                             const PasswordPolicy& policy, sdk::Audit& audit)
    : _database(database), _clock(clock), _views(views), _sessions(sessions), _signIn(signIn),
      _hasher(hasher), _policy(policy), _audit(audit)
{
}

void AccountRoutes::registerAll(Router& router)
{
    router.add(route("GET", "/sign-in", sdk::Access::Public, [this](sdk::Request& rq, sdk::Response& rs) {
        if (rq.principal())
            return rs.redirect(safeReturnPath(rq.query("return")), 303);
        showSignIn(rq, rs, 200, "", "");
    }));
    router.add(route("POST", "/sign-in", sdk::Access::Public,
                     [this](sdk::Request& rq, sdk::Response& rs) { signIn(rq, rs); }));
    router.add(
        route("GET", "/sign-in/verify", sdk::Access::Public, [this](sdk::Request& rq, sdk::Response& rs) {
            if (rq.principal())
                return rs.redirect(safeReturnPath(rq.query("return")), 303);
            if (!_signIn.hasChallenge(rq.cookie(CHALLENGE_COOKIE)))
                return rs.redirect("/sign-in", 303);
            showVerify(rq, rs, 200, "");
        }));
    router.add(route("POST", "/sign-in/verify", sdk::Access::Public,
                     [this](sdk::Request& rq, sdk::Response& rs) { verify(rq, rs); }));
    // A user held by a sign-in gate may always sign out, and reach the password page.
    Route out = route("POST", "/sign-out", sdk::Access::Public,
                      [this](sdk::Request& rq, sdk::Response& rs) { signOut(rq, rs); });
    out.exemptFrom = {true, true};
    router.add(std::move(out));
    Route showPassword =
        route("GET", "/account/password", sdk::Access::SignedIn, [this](sdk::Request& rq, sdk::Response& rs) {
            showPasswordForm(rq, rs, 200, sdk::Value::object(), false);
        });
    Route setPassword = route("POST", "/account/password", sdk::Access::SignedIn,
                              [this](sdk::Request& rq, sdk::Response& rs) { changePassword(rq, rs); });
    for (Route* r : {&showPassword, &setPassword}) {
        r->exemptFrom.passwordChange = true;
        router.add(std::move(*r));
    }
}

std::optional<sdk::Principal> AccountRoutes::resolve(sdk::Request& request, sdk::Response&)
{
    const std::string token = request.cookie(SESSION_COOKIE);
    if (token.empty())
        return std::nullopt;
    auto user = _sessions.resolveUser(token, _accounts);
    if (!user || user->status != "active")
        return std::nullopt;
    sdk::Principal p;
    p.userId = user->id;
    p.organizationId = user->organizationId;
    p.side = user->side;
    p.role = user->role;
    p.displayName = user->displayName();
    p.language = user->language;
    p.timeZone = user->timeZone;
    p.mustChangePassword = user->mustChangePassword;
    return p;
}

std::string AccountRoutes::errorText(const std::string& key, const std::string& language,
                                     std::int64_t retryAfterSeconds) const
{
    if (key.empty())
        return {};
    std::string text = _views.translate(key, language);
    auto slot = text.find("{minutes}");
    if (slot != std::string::npos)
        text.replace(slot, 9, minutes(retryAfterSeconds));
    return text;
}

void AccountRoutes::showSignIn(sdk::Request& request, sdk::Response& response, int status,
                               const std::string& errorKey, const std::string& login,
                               std::int64_t retryAfterSeconds)
{
    response.setStatus(status);
    sdk::Value data = sdk::Value::object(
        {{"login", login},
         {"return",
          safeReturnPath(request.query("return").empty() ? request.form("return") : request.query("return"))},
         {"hasError", !errorKey.empty()},
         {"resetDone", request.query("reset") == "1"},
         {"challengeEnded", request.query("ended") == "1" && errorKey.empty()},
         {"error", errorText(errorKey, request.language(), retryAfterSeconds)}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/sign-in", "signIn.title", data, pageContextFor(request)));
}

void AccountRoutes::signIn(sdk::Request& request, sdk::Response& response)
{
    const std::string login = request.form("login");
    const std::string password = request.form("password");
    if (login.empty() || password.empty())
        return showSignIn(request, response, 422, "signIn.error.missing", login);
    auto result =
        _signIn.signIn(login, password, request.clientAddress(), request.cookie(DeviceCookies::COOKIE));
    switch (result.outcome) {
    case SignInService::Outcome::SignedIn:
        return startSession(request, response, result, request.form("return"));
    case SignInService::Outcome::SecondFactor: {
        response.setCookie(CHALLENGE_COOKIE, result.challengeToken,
                           sdk::CookieOptions{static_cast<int>(_signIn.settings().challengeLifetime.count()),
                                              true, "Strict", "/sign-in"});
        const std::string back = safeReturnPath(request.form("return"));
        std::string encoded;
        Poco::URI::encode(back, "&=+%;/?#", encoded);
        return response.redirect(back == "/" ? "/sign-in/verify" : "/sign-in/verify?return=" + encoded, 303);
    }
    case SignInService::Outcome::Locked:
        response.setHeader("Retry-After", std::to_string(result.retryAfterSeconds));
        return showSignIn(request, response, 429, "signIn.error.locked", login, result.retryAfterSeconds);
    case SignInService::Outcome::Throttled:
        response.setHeader("Retry-After", std::to_string(result.retryAfterSeconds));
        return showSignIn(request, response, 429, "signIn.error.throttled", login, result.retryAfterSeconds);
    case SignInService::Outcome::Inactive:
        return showSignIn(request, response, 403, "signIn.error.inactive", login);
    case SignInService::Outcome::Invalid:
    case SignInService::Outcome::Expired:
        break;
    }
    showSignIn(request, response, 401, "signIn.error.invalid", login);
}

void AccountRoutes::startSession(sdk::Request& request, sdk::Response& response,
                                 const SignInService::Result& result, const std::string& returnPath)
{
    // A new session id at every sign-in; the one the browser had dies.
    _sessions.revoke(request.cookie(SESSION_COOKIE));
    response.setCookie(SESSION_COOKIE, result.sessionToken,
                       sdk::CookieOptions{static_cast<int>(_sessions.lifetime().count()), true, "Lax", "/"});
    // This browser is known to the account from now on (see SignInService).
    if (!result.deviceCookie.empty())
        response.setCookie(DeviceCookies::COOKIE, result.deviceCookie,
                           sdk::CookieOptions{static_cast<int>(_signIn.settings().deviceLifetime.count()),
                                              true, "Strict", "/"});
    response.redirect(result.mustChangePassword ? "/account/password" : safeReturnPath(returnPath), 303);
}

void AccountRoutes::clearChallenge(sdk::Response& response)
{
    response.setCookie(CHALLENGE_COOKIE, "", sdk::CookieOptions{0, true, "Strict", "/sign-in"});
}

void AccountRoutes::showVerify(sdk::Request& request, sdk::Response& response, int status,
                               const std::string& errorKey, std::int64_t retryAfterSeconds)
{
    response.setStatus(status);
    sdk::Value data = sdk::Value::object(
        {{"return",
          safeReturnPath(request.query("return").empty() ? request.form("return") : request.query("return"))},
         {"hasError", !errorKey.empty()},
         {"error", errorText(errorKey, request.language(), retryAfterSeconds)}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/sign-in-verify", "twoFactor.verify.title", data,
                                    pageContextFor(request)));
}

void AccountRoutes::verify(sdk::Request& request, sdk::Response& response)
{
    const std::string token = request.cookie(CHALLENGE_COOKIE);
    const std::string code = request.form("code");
    if (!_signIn.hasChallenge(token)) {
        clearChallenge(response);
        return response.redirect("/sign-in?ended=1", 303);
    }
    if (TwoFactorStore::normalizeCode(code).empty())
        return showVerify(request, response, 422, "twoFactor.error.missing");
    auto result = _signIn.verifySecondFactor(token, code, request.clientAddress(),
                                             request.cookie(DeviceCookies::COOKIE));
    switch (result.outcome) {
    case SignInService::Outcome::SignedIn:
        clearChallenge(response);
        return startSession(request, response, result, request.form("return"));
    case SignInService::Outcome::Invalid:
        return showVerify(request, response, 401, "twoFactor.error.wrong");
    case SignInService::Outcome::Throttled:
        response.setHeader("Retry-After", std::to_string(result.retryAfterSeconds));
        return showVerify(request, response, 429, "signIn.error.throttled", result.retryAfterSeconds);
    case SignInService::Outcome::Locked:
        clearChallenge(response);
        response.setHeader("Retry-After", std::to_string(result.retryAfterSeconds));
        return showSignIn(request, response, 429, "signIn.error.locked", "", result.retryAfterSeconds);
    case SignInService::Outcome::Inactive:
        clearChallenge(response);
        return showSignIn(request, response, 403, "signIn.error.inactive", "");
    case SignInService::Outcome::SecondFactor:
    case SignInService::Outcome::Expired:
        break;
    }
    clearChallenge(response);
    response.redirect("/sign-in?ended=1", 303);
}

void AccountRoutes::signOut(sdk::Request& request, sdk::Response& response)
{
    if (request.principal()) {
        _database.transaction([&](sdk::Transaction& tx) {
            _audit.record(tx, sdk::Actor::of(request),
                          {"sign_out", "user", std::to_string(request.principal()->userId),
                           request.principal()->organizationId, ""});
        });
    }
    _sessions.revoke(request.cookie(SESSION_COOKIE));
    response.setCookie(SESSION_COOKIE, "", sdk::CookieOptions{0, true, "Lax", "/"});
    response.redirect("/", 303);
}

void AccountRoutes::showPasswordForm(sdk::Request& request, sdk::Response& response, int status,
                                     const sdk::Value& errors, bool done)
{
    response.setStatus(status);
    sdk::Value data = sdk::Value::object(
        {{"errors", errors}, {"done", done}, {"mustChange", request.principal()->mustChangePassword}});
    response.send(
        "text/html; charset=utf-8",
        _views.renderPage("host/pages/change-password", "password.title", data, pageContextFor(request)));
}

void AccountRoutes::changePassword(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = *request.principal();
    auto user = _accounts.findById(_database, principal.userId);
    if (!user)
        throw sdk::HttpError(401, "Please sign in to continue.");
    const std::string current = request.form("current");
    const std::string next = request.form("password");
    const std::string repeat = request.form("confirm");
    const std::string& lang = request.language();
    sdk::Value errors = sdk::Value::object();
    const auto check = _signIn.checkCurrentPassword(*user, current, request.clientAddress(),
                                                    request.cookie(DeviceCookies::COOKIE), "password change");
    if (check.outcome == SignInService::PasswordCheck::Locked)
        errors.set("current", errorText("signIn.error.locked", lang, check.retryAfterSeconds));
    else if (check.outcome == SignInService::PasswordCheck::Wrong)
        errors.set("current", _views.translate("password.error.current", lang));
    std::string problem = _policy.check(next, {user->email.substr(0, user->email.find('@')), user->username,
                                               user->firstName, user->lastName});
    if (!problem.empty())
        errors.set("password", _views.translate(problem, lang));
    else if (next == current)
        errors.set("password", _views.translate("password.error.same", lang));
    if (next != repeat)
        errors.set("confirm", _views.translate("password.error.mismatch", lang));
    if (errors.size() > 0)
        return showPasswordForm(request, response, 422, errors, false);

    const std::string keep = request.cookie(SESSION_COOKIE);
    _database.transaction([&](sdk::Transaction& tx) {
        _accounts.setPassword(tx, user->id, _hasher.hash(next), false, millisSinceEpoch(_clock.now()));
        // A changed password ends every other session of the account.
        _sessions.revokeOthers(tx, user->id, keep);
        _audit.record(tx, sdk::Actor::of(request),
                      {"password.changed", "user", std::to_string(user->id), user->organizationId,
                       user->mustChangePassword ? "temporary password replaced" : ""});
    });
    if (user->mustChangePassword)
        return response.redirect("/", 303);
    showPasswordForm(request, response, 200, sdk::Value::object(), true);
}

void PasswordChangeGate::handle(Exchange& exchange, const Next& next)
{
    const auto& principal = exchange.context.principal;
    const auto& route = exchange.match.route; // none for an unknown address: held too
    if (principal && principal->mustChangePassword && !(route && route->exemptFrom.passwordChange)) {
        exchange.response.redirect("/account/password", 303);
        return;
    }
    next();
}

} // namespace molar::host

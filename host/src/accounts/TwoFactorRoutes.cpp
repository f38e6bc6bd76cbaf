#include "accounts/TwoFactorRoutes.h"

#include "accounts/security/Totp.h"
#include "core/Clocks.h"

#include "molar/sdk/Errors.h"

namespace molar::host {

namespace {

// Open to a lab user whom TwoFactorGate holds: these pages let them through.
Route route(const std::string& path, sdk::Handler handler)
{
    Route r = formRoute("accounts", "POST", path, sdk::Access::SignedIn, std::move(handler));
    r.exemptFrom.twoFactor = true;
    return r;
}

} // namespace

TwoFactorRoutes::TwoFactorRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views,
                                 SessionStore& sessions, SignInService& signIn, sdk::Audit& audit,
                                 std::string issuer)
    : _database(database), _clock(clock), _views(views), _sessions(sessions), _signIn(signIn), _audit(audit),
      _issuer(std::move(issuer))
{
}

std::int64_t TwoFactorRoutes::nowMs() const
{
    return millisSinceEpoch(_clock.now());
}

void TwoFactorRoutes::registerAll(Router& router)
{
    Route get = route(PATH, [this](sdk::Request& rq, sdk::Response& rs) {
        const std::string notice = rq.query("off") == "1" ? "twoFactor.off.done" : "";
        show(rq, rs, 200, sdk::Value::object(), {}, notice);
    });
    get.method = "GET";
    router.add(get);
    const std::string base = PATH;
    router.add(route(base + "/setup", [this](sdk::Request& rq, sdk::Response& rs) { setUp(rq, rs); }));
    router.add(route(base + "/cancel", [this](sdk::Request& rq, sdk::Response& rs) { cancel(rq, rs); }));
    router.add(route(base + "/confirm", [this](sdk::Request& rq, sdk::Response& rs) { confirm(rq, rs); }));
    router.add(
        route(base + "/recovery-codes", [this](sdk::Request& rq, sdk::Response& rs) { renew(rq, rs); }));
    router.add(route(base + "/off", [this](sdk::Request& rq, sdk::Response& rs) { turnOff(rq, rs); }));
}

void TwoFactorRoutes::show(sdk::Request& request, sdk::Response& response, int status,
                           const sdk::Value& errors, const std::vector<std::string>& codes,
                           const std::string& noticeKey)
{
    const auto& principal = *request.principal();
    auto user = _accounts.findById(_database, principal.userId);
    if (!user)
        throw sdk::HttpError(401, "Please sign in to continue.");
    auto state = _twoFactor.state(_database, principal.userId);
    sdk::Value data = sdk::Value::object(
        {{"errors", errors},
         {"off", !state},
         {"pending", state && !state->enabled},
         {"on", state && state->enabled},
         {"hasNotice", !noticeKey.empty()},
         {"notice", noticeKey.empty() ? "" : _views.translate(noticeKey, request.language())},
         {"hasCodes", !codes.empty()}});
    sdk::Value list = sdk::Value::array();
    for (const auto& code : codes)
        list.push(sdk::Value(code));
    data.set("codes", list);
    if (state) {
        data.set("codesLeft", static_cast<std::int64_t>(state->recoveryCodesLeft));
        if (!state->enabled) {
            // The secret is shown only until it is confirmed.
            data.set("secret", TwoFactorStore::grouped(state->secret));
            data.set("uri", Totp::provisioningUri(_issuer, user->email, state->secret));
        }
    }
    response.setStatus(status);
    response.send("text/html; charset=utf-8", _views.renderPage("host/pages/two-factor", "twoFactor.title",
                                                                data, pageContextFor(request)));
}

void TwoFactorRoutes::changed(sdk::Transaction& tx, sdk::Request& request, const std::string& action)
{
    const auto& principal = *request.principal();
    _sessions.revokeOthers(tx, principal.userId, request.cookie("molar_session"));
    _audit.record(tx, sdk::Actor::of(request),
                  {action, "user", std::to_string(principal.userId), principal.organizationId, ""});
}

void TwoFactorRoutes::setUp(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t userId = request.principal()->userId;
    _database.transaction([&](sdk::Transaction& tx) {
        if (!_twoFactor.isEnabled(tx, userId))
            _twoFactor.begin(tx, userId, nowMs());
    });
    response.redirect(PATH, 303);
}

void TwoFactorRoutes::cancel(sdk::Request& request, sdk::Response& response)
{
    _database.execute("DELETE FROM molar_two_factor WHERE user_id = ? AND enabled = 0",
                      {request.principal()->userId});
    response.redirect(PATH, 303);
}

void TwoFactorRoutes::confirm(sdk::Request& request, sdk::Response& response)
{
    std::optional<std::vector<std::string>> codes;
    _database.transaction([&](sdk::Transaction& tx) {
        codes = _twoFactor.confirm(tx, request.principal()->userId, request.form("code"), nowMs());
        if (codes)
            changed(tx, request, "two_factor.enabled");
    });
    if (!codes)
        return show(
            request, response, 422,
            sdk::Value::object({{"code", _views.translate("twoFactor.error.wrong", request.language())}}), {},
            "");
    show(request, response, 200, sdk::Value::object(), *codes, "twoFactor.on.done");
}

void TwoFactorRoutes::renew(sdk::Request& request, sdk::Response& response)
{
    std::vector<std::string> codes;
    _database.transaction([&](sdk::Transaction& tx) {
        const std::int64_t userId = request.principal()->userId;
        if (_twoFactor.verify(tx, userId, request.form("code"), nowMs()) == TwoFactorStore::Check::Wrong)
            return;
        codes = _twoFactor.renewRecoveryCodes(tx, userId);
        changed(tx, request, "two_factor.recovery_codes_renewed");
    });
    if (codes.empty())
        return show(request, response, 422,
                    sdk::Value::object(
                        {{"renewCode", _views.translate("twoFactor.error.wrong", request.language())}}),
                    {}, "");
    show(request, response, 200, sdk::Value::object(), codes, "twoFactor.renew.done");
}

void TwoFactorRoutes::turnOff(sdk::Request& request, sdk::Response& response)
{
    auto user = _accounts.findById(_database, request.principal()->userId);
    if (!user)
        throw sdk::HttpError(401, "Please sign in to continue.");
    const auto check = _signIn.checkCurrentPassword(*user, request.form("password"), request.clientAddress(),
                                                    request.cookie(DeviceCookies::COOKIE), "two-factor off");
    if (check.outcome != SignInService::PasswordCheck::Right) {
        std::string error = _views.translate("password.error.current", request.language());
        if (check.outcome == SignInService::PasswordCheck::Locked) {
            error = _views.translate("signIn.error.locked", request.language());
            const auto slot = error.find("{minutes}");
            if (slot != std::string::npos)
                error.replace(slot, 9, std::to_string((check.retryAfterSeconds + 59) / 60));
        }
        return show(request, response, 422, sdk::Value::object({{"password", error}}), {}, "");
    }
    _database.transaction([&](sdk::Transaction& tx) {
        if (!_twoFactor.isEnabled(tx, user->id))
            return;
        _twoFactor.disable(tx, user->id);
        changed(tx, request, "two_factor.disabled");
    });
    response.redirect(std::string(PATH) + "?off=1", 303);
}

void TwoFactorGate::handle(Exchange& exchange, const Next& next)
{
    const auto& principal = exchange.context.principal;
    if (!_requireForLab || !principal || principal->side != "lab" || principal->mustChangePassword)
        return next();
    const auto& route = exchange.match.route; // none for an unknown address: held too
    if ((route && route->exemptFrom.twoFactor) || _twoFactor.isEnabled(_database, principal->userId))
        return next();
    exchange.response.redirect(TwoFactorRoutes::PATH, 303);
}

} // namespace molar::host

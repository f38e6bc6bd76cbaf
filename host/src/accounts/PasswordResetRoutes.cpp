#include "accounts/PasswordResetRoutes.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

#include "molar/sdk/Errors.h"

namespace molar::host {

namespace {

Route route(const std::string& method, const std::string& path, sdk::Handler handler)
{
    return formRoute("accounts", method, path, sdk::Access::Public, std::move(handler));
}

} // namespace

PasswordResetRoutes::PasswordResetRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views,
                                         EventBus& events, SessionStore& sessions,
                                         const PasswordHasher& hasher, const PasswordPolicy& policy,
                                         sdk::Audit& audit, std::chrono::minutes lifetime, int perHour,
                                         std::string publicUrl)
    : _database(database), _clock(clock), _views(views), _events(events), _sessions(sessions),
      _hasher(hasher), _policy(policy), _audit(audit), _lifetime(lifetime), _perHour(perHour),
      _links(database, clock, std::move(publicUrl))
{
}

void PasswordResetRoutes::registerAll(Router& router)
{
    router.add(route("GET", "/password/forgot", [this](sdk::Request& rq, sdk::Response& rs) {
        rs.send("text/html; charset=utf-8",
                _views.renderPage("host/pages/forgot-password", "reset.title",
                                  sdk::Value::object({{"sent", false}}), pageContextFor(rq)));
    }));
    router.add(
        route("POST", "/password/forgot", [this](sdk::Request& rq, sdk::Response& rs) { request(rq, rs); }));
    router.add(route("GET", "/password/reset/{token}", [this](sdk::Request& rq, sdk::Response& rs) {
        if (!userOfToken(_database, rq.param("token")))
            throw sdk::HttpError(410, _views.translate("reset.error.link", rq.language()));
        showResetForm(rq, rs, 200, sdk::Value::object());
    }));
    router.add(route("POST", "/password/reset/{token}",
                     [this](sdk::Request& rq, sdk::Response& rs) { reset(rq, rs); }));
}

std::optional<std::int64_t> PasswordResetRoutes::userOfToken(sdk::SqlRunner& sql, const std::string& token)
{
    if (token.size() != 64)
        return std::nullopt;
    auto rows = sql.query("SELECT user_id FROM molar_password_resets WHERE token_hash = ? AND used_at IS NULL"
                          " AND expires_at > ?",
                          {SessionStore::digest(token), millisSinceEpoch(_clock.now())});
    if (rows.empty())
        return std::nullopt;
    return rows.row(0).at(0).asInt();
}

void PasswordResetRoutes::request(sdk::Request& request, sdk::Response& response)
{
    const std::string email = request.form("email");
    auto user = email.find('@') == std::string::npos ? std::nullopt : _accounts.findByLogin(_database, email);
    if (user && user->status == "active") {
        const std::int64_t now = millisSinceEpoch(_clock.now());
        _database.transaction([&](sdk::Transaction& tx) {
            const auto recent =
                tx.query("SELECT COUNT(*) FROM molar_password_resets WHERE user_id = ? AND created_at > ?",
                         {user->id, now - 3600 * 1000LL})
                    .row(0)
                    .at(0)
                    .asInt();
            if (recent >= _perHour) {
                // The same answer as ever; the account's owner already has links to use.
                _audit.record(tx, sdk::Actor::of(request),
                              {"password.reset_throttled", "user", std::to_string(user->id),
                               user->organizationId, std::to_string(recent) + " links in the last hour"});
                return;
            }
            const std::string linkId =
                _links.create(tx, user->id, std::chrono::duration_cast<std::chrono::milliseconds>(_lifetime));
            _events.publish(
                tx, EVENT,
                sdk::Value::object({{"userId", user->id},
                                    {"email", user->email},
                                    {"name", user->displayName()},
                                    {"language", user->language},
                                    {PasswordResetLinks::ID_FIELD, linkId},
                                    {"expiresMinutes", static_cast<std::int64_t>(_lifetime.count())}}));
            _audit.record(
                tx, sdk::Actor::of(request),
                {"password.reset_requested", "user", std::to_string(user->id), user->organizationId, ""});
        });
    }
    // The same page whether or not an account has the address.
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/forgot-password", "reset.title",
                                    sdk::Value::object({{"sent", true}}), pageContextFor(request)));
}

void PasswordResetRoutes::showResetForm(sdk::Request& request, sdk::Response& response, int status,
                                        const sdk::Value& errors)
{
    response.setStatus(status);
    sdk::Value data = sdk::Value::object({{"errors", errors}, {"token", request.param("token")}});
    response.send("text/html; charset=utf-8", _views.renderPage("host/pages/reset-password", "reset.choose",
                                                                data, pageContextFor(request)));
}

void PasswordResetRoutes::reset(sdk::Request& request, sdk::Response& response)
{
    const std::string token = request.param("token");
    auto userId = userOfToken(_database, token);
    if (!userId)
        throw sdk::HttpError(410, _views.translate("reset.error.link", request.language()));
    auto user = _accounts.findById(_database, *userId);
    if (!user)
        throw sdk::HttpError(410, _views.translate("reset.error.link", request.language()));
    const std::string next = request.form("password");
    const std::string& lang = request.language();
    sdk::Value errors = sdk::Value::object();
    std::string problem = _policy.check(next, {user->email, user->username, user->firstName, user->lastName});
    if (!problem.empty())
        errors.set("password", _views.translate(problem, lang));
    if (next != request.form("confirm"))
        errors.set("confirm", _views.translate("password.error.mismatch", lang));
    if (errors.size() > 0)
        return showResetForm(request, response, 422, errors);

    bool used = false;
    _database.transaction([&](sdk::Transaction& tx) {
        const std::int64_t now = millisSinceEpoch(_clock.now());
        // Claim the link first: of two submissions racing with one link, one wins.
        used =
            tx.execute("UPDATE molar_password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                       " AND expires_at > ?",
                       {now, SessionStore::digest(token), now}) == 1;
        if (!used)
            return;
        _accounts.setPassword(tx, user->id, _hasher.hash(next), false, now);
        _sessions.revokeOthers(tx, user->id, "");
        _audit.record(tx, sdk::Actor::of(request),
                      {"password.reset", "user", std::to_string(user->id), user->organizationId, ""});
    });
    if (!used)
        throw sdk::HttpError(410, _views.translate("reset.error.link", request.language()));
    response.redirect("/sign-in?reset=1", 303);
}

} // namespace molar::host

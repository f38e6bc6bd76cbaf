#include "accounts/SignInService.h"

#include "core/Clocks.h"

namespace molar::host {

SignInService::SignInService(sdk::Database& database, const sdk::Clock& clock, SessionStore& sessions,
                             const PasswordHasher& hasher, sdk::Audit& audit, SignInSettings settings)
    : _database(database), _clock(clock), _sessions(sessions), _hasher(hasher), _audit(audit),
      _settings(settings), _decoyHash(hasher.hash("decoy password for unknown accounts"))
{
}

bool SignInService::throttled(const std::string& address, std::int64_t now)
{
    const std::int64_t window =
        std::chrono::duration_cast<std::chrono::milliseconds>(_settings.addressWindow).count();
    const std::int64_t start = now - now % window;
    bool over = false;
    _database.transaction([&](sdk::Transaction& tx) {
        if (tx.execute("UPDATE molar_sign_in_throttle SET attempts = attempts + 1 WHERE address = ? AND "
                       "window_start = ?",
                       {address, start}) == 0)
            tx.execute(
                "INSERT INTO molar_sign_in_throttle (address, window_start, attempts) VALUES (?, ?, 1)",
                {address, start});
        auto rows =
            tx.query("SELECT attempts FROM molar_sign_in_throttle WHERE address = ? AND window_start = ?",
                     {address, start});
        over = rows.row(0).at(0).asInt() > _settings.attemptsPerAddress;
        tx.execute("DELETE FROM molar_sign_in_throttle WHERE window_start < ?", {start - window});
    });
    return over;
}

std::int64_t SignInService::lockedUntil(sdk::SqlRunner& sql, const std::string& key)
{
    auto rows = sql.query("SELECT locked_until FROM molar_sign_in_failures WHERE login_key = ?", {key});
    return rows.empty() ? 0 : rows.row(0).at(0).asInt();
}

SignInService::Result SignInService::signIn(const std::string& login, const std::string& password,
                                            const std::string& address)
{
    const std::int64_t now = millisSinceEpoch(_clock.now());
    Result result;
    if (throttled(address, now)) {
        result.outcome = Outcome::Throttled;
        result.retryAfterSeconds = _settings.addressWindow.count();
        return result;
    }
    auto user = _accounts.findByLogin(_database, login);
    // Count failures per account; for a name no account has, per name, so both lock alike.
    const std::string key =
        user ? "user:" + std::to_string(user->id) : "login:" + normalizeLogin(login).substr(0, 280);
    const bool passwordOk =
        _hasher.verify(password, user ? user->passwordHash : _decoyHash) && user.has_value();
    const sdk::Actor actor{user ? user->id : 0,
                           user ? user->displayName() + " <" + user->email + ">" : login.substr(0, 100),
                           address};

    _database.transaction([&](sdk::Transaction& tx) {
        const std::int64_t locked = lockedUntil(tx, key);
        if (locked > now) {
            result.outcome = Outcome::Locked;
            result.retryAfterSeconds = (locked - now + 999) / 1000;
            _audit.record(tx, actor,
                          {"sign_in.refused_locked", "user", user ? std::to_string(user->id) : "", 0, ""});
            return;
        }
        if (!passwordOk) {
            if (tx.execute("UPDATE molar_sign_in_failures SET failures = failures + 1 WHERE login_key = ?",
                           {key}) == 0)
                tx.execute(
                    "INSERT INTO molar_sign_in_failures (login_key, failures, locked_until) VALUES (?, 1, 0)",
                    {key});
            const std::int64_t failures =
                tx.query("SELECT failures FROM molar_sign_in_failures WHERE login_key = ?", {key})
                    .row(0)
                    .at(0)
                    .asInt();
            result.outcome = Outcome::Invalid;
            _audit.record(tx, actor, {"sign_in.failed", "user", user ? std::to_string(user->id) : "", 0, ""});
            if (failures >= _settings.maxFailures) {
                const std::int64_t until =
                    now + std::chrono::duration_cast<std::chrono::milliseconds>(_settings.lockout).count();
                tx.execute(
                    "UPDATE molar_sign_in_failures SET failures = 0, locked_until = ? WHERE login_key = ?",
                    {until, key});
                result.outcome = Outcome::Locked;
                result.retryAfterSeconds = _settings.lockout.count();
                _audit.record(tx, actor,
                              {"sign_in.locked", "user", user ? std::to_string(user->id) : "", 0,
                               std::to_string(failures) + " consecutive failures"});
            }
            return;
        }
        tx.execute("DELETE FROM molar_sign_in_failures WHERE login_key = ?", {key});
        if (user->status != "active") {
            result.outcome = Outcome::Inactive;
            _audit.record(tx, actor,
                          {"sign_in.refused_inactive", "user", std::to_string(user->id), user->organizationId,
                           user->status});
            return;
        }
        result.outcome = Outcome::SignedIn;
        result.userId = user->id;
        result.mustChangePassword = user->mustChangePassword;
        result.sessionToken = _sessions.create(tx, user->id, address);
        _audit.record(tx, actor, {"sign_in", "user", std::to_string(user->id), user->organizationId, ""});
    });
    return result;
}

} // namespace molar::host

#include "accounts/SignInService.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

namespace molar::host {

const char* SignInService::name(Outcome outcome)
{
    switch (outcome) {
    case Outcome::SignedIn:
        return "SignedIn";
    case Outcome::Invalid:
        return "Invalid";
    case Outcome::Locked:
        return "Locked";
    case Outcome::Throttled:
        return "Throttled";
    case Outcome::Inactive:
        return "Inactive";
    case Outcome::SecondFactor:
        return "SecondFactor";
    case Outcome::Expired:
        return "Expired";
    }
    return "?";
}

SignInService::SignInService(sdk::Database& database, const sdk::Clock& clock, SessionStore& sessions,
                             const PasswordHasher& hasher, sdk::Audit& audit, SignInSettings settings)
    : _database(database), _clock(clock), _sessions(sessions), _hasher(hasher), _audit(audit),
      _settings(settings), _throttle(database, "", settings.attemptsPerAddress, settings.addressWindow),
      _devices(database, clock, settings.deviceLifetime),
      // Hashed beside the rest of start-up (a password hash takes tens of milliseconds on
      // purpose), ready before anyone can sign in.
      _decoyHash(std::async(std::launch::async, [&hasher] {
                     return hasher.hash("decoy password for unknown accounts");
                 }).share())
{
}

std::int64_t SignInService::lockedUntil(sdk::SqlRunner& sql, const std::string& key)
{
    auto rows = sql.query("SELECT locked_until FROM molar_sign_in_failures WHERE login_key = ?", {key});
    return rows.empty() ? 0 : rows.row(0).at(0).asInt();
}

std::optional<DeviceCookies::Device> SignInService::deviceFor(const std::string& cookie, std::int64_t userId)
{
    auto device = _devices.verify(cookie);
    if (!device || device->userId != userId)
        return std::nullopt;
    return device;
}

std::string SignInService::counterKey(sdk::SqlRunner& sql, const std::optional<DeviceCookies::Device>& device,
                                      const std::string& accountKey, std::int64_t now)
{
    if (!device)
        return accountKey;
    const std::string key = "device:" + device->nonce;
    return lockedUntil(sql, key) > now ? accountKey : key;
}

SignInService::Result SignInService::signIn(const std::string& login, const std::string& password,
                                            const std::string& address, const std::string& deviceCookie)
{
    const std::int64_t now = millisSinceEpoch(_clock.now());
    Result result;
    const auto hit = _throttle.hit(address, now);
    if (!hit.allowed) {
        result.outcome = Outcome::Throttled;
        result.retryAfterSeconds = hit.retryAfterSeconds;
        return result;
    }
    auto user = _accounts.findByLogin(_database, login);
    // Count failures per account; for a name no account has, per name, so both lock alike.
    const std::string accountKey =
        user ? "user:" + std::to_string(user->id) : "login:" + normalizeLogin(login).substr(0, 280);
    const bool passwordOk =
        _hasher.verify(password, user ? user->passwordHash : _decoyHash.get()) && user.has_value();
    const sdk::Actor actor{user ? user->id : 0,
                           user ? user->displayName() + " <" + user->email + ">" : login.substr(0, 100),
                           address};
    // Read and made outside the transaction: the signing key may have to be stored.
    const auto device = user ? deviceFor(deviceCookie, user->id) : std::nullopt;
    const std::string newDevice = passwordOk ? _devices.issue(user->id) : "";

    _database.transaction([&](sdk::Transaction& tx) {
        const std::string key = counterKey(tx, device, accountKey, now);
        const std::string via = isDeviceKey(key) ? "known browser" : "";
        const std::int64_t locked = lockedUntil(tx, key);
        if (locked > now) {
            result.outcome = Outcome::Locked;
            result.retryAfterSeconds = (locked - now + 999) / 1000;
            _audit.record(tx, actor,
                          {"sign_in.refused_locked", "user", user ? std::to_string(user->id) : "", 0, via});
            return;
        }
        if (!passwordOk) {
            result.outcome = Outcome::Invalid;
            _audit.record(tx, actor,
                          {"sign_in.failed", "user", user ? std::to_string(user->id) : "", 0, via});
            if (recordFailure(tx, key, actor, user ? std::to_string(user->id) : "", now)) {
                // A locked device cookie leaves its browser a stranger: locked only if the account is.
                const std::int64_t accountLocked = isDeviceKey(key) ? lockedUntil(tx, accountKey) : 0;
                if (!isDeviceKey(key) || accountLocked > now) {
                    result.outcome = Outcome::Locked;
                    result.retryAfterSeconds =
                        isDeviceKey(key) ? (accountLocked - now + 999) / 1000 : _settings.lockout.count();
                }
            }
            return;
        }
        if (user->status != "active") {
            tx.execute("DELETE FROM molar_sign_in_failures WHERE login_key = ?", {key});
            result.outcome = Outcome::Inactive;
            _audit.record(tx, actor,
                          {"sign_in.refused_inactive", "user", std::to_string(user->id), user->organizationId,
                           user->status});
            return;
        }
        result.userId = user->id;
        if (_twoFactor.isEnabled(tx, user->id)) {
            // No session yet: the code page redeems this token once the code is right.
            // Earlier failures stay counted until then, so challenges ended by wrong codes
            // add up to a lockout even with the right password each time.
            result.outcome = Outcome::SecondFactor;
            result.challengeToken = randomHex(32);
            tx.execute("DELETE FROM molar_sign_in_challenges WHERE expires_at <= ?", {now});
            tx.execute(
                "INSERT INTO molar_sign_in_challenges (token_hash, user_id, expires_at, attempts)"
                " VALUES (?, ?, ?, 0)",
                {SessionStore::digest(result.challengeToken), user->id,
                 now + std::chrono::duration_cast<std::chrono::milliseconds>(_settings.challengeLifetime)
                           .count()});
            _audit.record(
                tx, actor,
                {"sign_in.second_factor_asked", "user", std::to_string(user->id), user->organizationId, via});
            return;
        }
        // Only this attempt's counter clears: the owner signing in from a known browser
        // does not restart the count of strangers' guesses.
        tx.execute("DELETE FROM molar_sign_in_failures WHERE login_key = ?", {key});
        result.outcome = Outcome::SignedIn;
        result.mustChangePassword = user->mustChangePassword;
        result.sessionToken = _sessions.create(tx, user->id, address);
        result.deviceCookie = newDevice;
        _audit.record(tx, actor, {"sign_in", "user", std::to_string(user->id), user->organizationId, via});
    });
    return result;
}

bool SignInService::recordFailure(sdk::Transaction& tx, const std::string& key, const sdk::Actor& actor,
                                  const std::string& userId, std::int64_t now)
{
    if (tx.execute("UPDATE molar_sign_in_failures SET failures = failures + 1 WHERE login_key = ?", {key}) ==
        0)
        tx.execute("INSERT INTO molar_sign_in_failures (login_key, failures, locked_until) VALUES (?, 1, 0)",
                   {key});
    const std::int64_t failures =
        tx.query("SELECT failures FROM molar_sign_in_failures WHERE login_key = ?", {key})
            .row(0)
            .at(0)
            .asInt();
    if (failures < _settings.maxFailures)
        return false;
    const std::int64_t until =
        now + std::chrono::duration_cast<std::chrono::milliseconds>(_settings.lockout).count();
    tx.execute("UPDATE molar_sign_in_failures SET failures = 0, locked_until = ? WHERE login_key = ?",
               {until, key});
    _audit.record(tx, actor,
                  {isDeviceKey(key) ? "sign_in.device_locked" : "sign_in.locked", "user", userId, 0,
                   std::to_string(failures) + " consecutive failures"});
    return true;
}

SignInService::CheckResult SignInService::checkCurrentPassword(const UserRecord& user,
                                                               const std::string& password,
                                                               const std::string& address,
                                                               const std::string& deviceCookie,
                                                               const std::string& what)
{
    const std::int64_t now = millisSinceEpoch(_clock.now());
    const bool right = !password.empty() && _hasher.verify(password, user.passwordHash);
    const auto device = deviceFor(deviceCookie, user.id);
    const std::string accountKey = "user:" + std::to_string(user.id);
    const std::string id = std::to_string(user.id);
    const sdk::Actor actor{user.id, user.displayName() + " <" + user.email + ">", address};
    CheckResult result;
    _database.transaction([&](sdk::Transaction& tx) {
        const std::string key = counterKey(tx, device, accountKey, now);
        const std::int64_t locked = lockedUntil(tx, key);
        if (locked > now) {
            result.outcome = PasswordCheck::Locked;
            result.retryAfterSeconds = (locked - now + 999) / 1000;
            _audit.record(tx, actor,
                          {"password.check_refused_locked", "user", id, user.organizationId, what});
            return;
        }
        if (!right) {
            result.outcome = PasswordCheck::Wrong;
            _audit.record(tx, actor, {"password.check_failed", "user", id, user.organizationId, what});
            if (recordFailure(tx, key, actor, id, now)) {
                const std::int64_t until = lockedUntil(tx, accountKey);
                if (!isDeviceKey(key) || until > now) {
                    result.outcome = PasswordCheck::Locked;
                    result.retryAfterSeconds =
                        isDeviceKey(key) ? (until - now + 999) / 1000 : _settings.lockout.count();
                }
            }
            return;
        }
        tx.execute("DELETE FROM molar_sign_in_failures WHERE login_key = ?", {key});
        result.outcome = PasswordCheck::Right;
    });
    return result;
}

bool SignInService::hasChallenge(const std::string& challengeToken)
{
    if (challengeToken.size() != 64)
        return false;
    return !_database
                .query("SELECT 1 FROM molar_sign_in_challenges WHERE token_hash = ? AND expires_at > ?",
                       {SessionStore::digest(challengeToken), millisSinceEpoch(_clock.now())})
                .empty();
}

SignInService::Result SignInService::verifySecondFactor(const std::string& challengeToken,
                                                        const std::string& code, const std::string& address,
                                                        const std::string& deviceCookie)
{
    const std::int64_t now = millisSinceEpoch(_clock.now());
    Result result;
    result.outcome = Outcome::Expired;
    if (challengeToken.size() != 64)
        return result;
    const auto hit = _throttle.hit(address, now);
    if (!hit.allowed) {
        result.outcome = Outcome::Throttled;
        result.retryAfterSeconds = hit.retryAfterSeconds;
        return result;
    }
    const std::string hash = SessionStore::digest(challengeToken);
    // Read and made outside the transaction: the signing key may have to be stored.
    auto device = _devices.verify(deviceCookie);
    auto challenge =
        _database.query("SELECT user_id FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
    const std::string newDevice = challenge.empty() ? "" : _devices.issue(challenge.row(0).at(0).asInt());
    _database.transaction([&](sdk::Transaction& tx) {
        auto rows =
            tx.query("SELECT user_id, expires_at FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
        if (rows.empty())
            return;
        const std::int64_t userId = rows.row(0).at(0).asInt();
        if (rows.row(0).at(1).asInt() <= now) {
            tx.execute("DELETE FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
            return;
        }
        auto user = _accounts.findById(tx, userId);
        if (device && device->userId != userId)
            device.reset();
        const std::string key = counterKey(tx, device, "user:" + std::to_string(userId), now);
        const std::string via = isDeviceKey(key) ? "known browser" : "";
        const std::string id = std::to_string(userId);
        const sdk::Actor actor{userId, user ? user->displayName() + " <" + user->email + ">" : id, address};
        const std::int64_t locked = lockedUntil(tx, key);
        if (locked > now) {
            // Locked meanwhile (wrong passwords elsewhere): this challenge ends too.
            tx.execute("DELETE FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
            result.outcome = Outcome::Locked;
            result.retryAfterSeconds = (locked - now + 999) / 1000;
            _audit.record(tx, actor, {"sign_in.refused_locked", "user", id, 0, "two-factor"});
            return;
        }
        if (!user || user->status != "active") {
            tx.execute("DELETE FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
            result.outcome = Outcome::Inactive;
            return;
        }
        const auto check = _twoFactor.verify(tx, userId, code, now);
        if (check == TwoFactorStore::Check::Wrong) {
            tx.execute("UPDATE molar_sign_in_challenges SET attempts = attempts + 1 WHERE token_hash = ?",
                       {hash});
            const std::int64_t attempts =
                tx.query("SELECT attempts FROM molar_sign_in_challenges WHERE token_hash = ?", {hash})
                    .row(0)
                    .at(0)
                    .asInt();
            _audit.record(tx, actor,
                          {"sign_in.second_factor_failed", "user", id, user->organizationId,
                           "attempt " + std::to_string(attempts)});
            result.outcome = Outcome::Invalid;
            if (attempts >= _settings.maxCodeAttempts) {
                // Enough guesses for this password: ask for it again, and count a failed sign-in.
                tx.execute("DELETE FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
                result.outcome = Outcome::Expired;
                if (recordFailure(tx, key, actor, id, now) && !isDeviceKey(key)) {
                    result.outcome = Outcome::Locked;
                    result.retryAfterSeconds = _settings.lockout.count();
                }
            }
            return;
        }
        tx.execute("DELETE FROM molar_sign_in_challenges WHERE token_hash = ?", {hash});
        tx.execute("DELETE FROM molar_sign_in_failures WHERE login_key = ?", {key});
        result.outcome = Outcome::SignedIn;
        result.userId = userId;
        result.mustChangePassword = user->mustChangePassword;
        result.sessionToken = _sessions.create(tx, userId, address);
        result.deviceCookie = newDevice;
        if (check == TwoFactorStore::Check::RecoveryCode)
            _audit.record(tx, actor, {"two_factor.recovery_code_used", "user", id, user->organizationId, ""});
        _audit.record(
            tx, actor,
            {"sign_in", "user", id, user->organizationId, via.empty() ? "two-factor" : "two-factor, " + via});
    });
    return result;
}

} // namespace molar::host

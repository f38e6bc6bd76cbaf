#include "accounts/SessionStore.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace molar::host {

namespace {
// A request refreshes a session's last request time when it is older than this, so that
// browsing costs one write a minute rather than one a request.
const std::int64_t TOUCH_AFTER_MS = 60 * 1000;
} // namespace

SessionStore::SessionStore(sdk::Database& database, const sdk::Clock& clock, std::chrono::seconds lifetime,
                           std::chrono::seconds idle)
    : _database(database), _clock(clock), _lifetime(lifetime), _idle(idle)
{
}

std::int64_t SessionStore::nowMs() const
{
    return millisSinceEpoch(_clock.now());
}

std::string SessionStore::digest(const std::string& token)
{
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(token);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string SessionStore::create(sdk::Transaction& tx, std::int64_t userId, const std::string& address)
{
    const std::string token = randomHex(32);
    const std::int64_t now = nowMs();
    tx.execute(
        "INSERT INTO molar_sessions (token_hash, user_id, created_at, expires_at, address, last_seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {digest(token), userId, now,
         now + std::chrono::duration_cast<std::chrono::milliseconds>(_lifetime).count(),
         address.substr(0, 64), now});
    return token;
}

std::int64_t SessionStore::idleSinceMs(std::int64_t nowMs) const
{
    return nowMs - std::chrono::duration_cast<std::chrono::milliseconds>(_idle).count();
}

void SessionStore::touch(const std::string& hash, std::int64_t lastSeenMs, std::int64_t nowMs)
{
    if (lastSeenMs < nowMs - TOUCH_AFTER_MS)
        _database.execute("UPDATE molar_sessions SET last_seen_at = ? WHERE token_hash = ?", {nowMs, hash});
}

std::optional<std::int64_t> SessionStore::resolve(const std::string& token)
{
    AccountStore accounts;
    const auto user = resolveUser(token, accounts);
    return user ? std::optional<std::int64_t>(user->id) : std::nullopt;
}

std::optional<UserRecord> SessionStore::resolveUser(const std::string& token, AccountStore& accounts)
{
    if (token.size() != 64)
        return std::nullopt;
    const std::int64_t now = nowMs();
    const std::string hash = digest(token);
    std::int64_t lastSeen = 0;
    auto user = accounts.findBySession(_database, hash, now, idleSinceMs(now), lastSeen);
    if (user)
        touch(hash, lastSeen, now);
    return user;
}

int SessionStore::purgeEnded()
{
    const std::int64_t now = nowMs();
    return static_cast<int>(_database.execute(
        "DELETE FROM molar_sessions WHERE expires_at <= ? OR last_seen_at <= ?", {now, idleSinceMs(now)}));
}

void SessionStore::revoke(const std::string& token)
{
    if (!token.empty())
        _database.execute("DELETE FROM molar_sessions WHERE token_hash = ?", {digest(token)});
}

void SessionStore::revokeOthers(sdk::Transaction& tx, std::int64_t userId, const std::string& keepToken)
{
    tx.execute("DELETE FROM molar_sessions WHERE user_id = ? AND token_hash <> ?",
               {userId, keepToken.empty() ? std::string() : digest(keepToken)});
}

void SessionStore::revokeOrganization(sdk::Transaction& tx, std::int64_t organizationId)
{
    tx.execute(
        "DELETE FROM molar_sessions WHERE user_id IN (SELECT id FROM molar_users WHERE organization_id = ?)",
        {organizationId});
}

} // namespace molar::host

#pragma once

#include "accounts/Accounts.h"

#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <chrono>
#include <optional>
#include <string>

namespace molar::host {

// Sign-in sessions in the database, so any host behind a load balancer knows them.
// The cookie carries a random 256-bit token; the table keeps only its SHA-256, so a
// copy of the database does not let anyone sign in.
class SessionStore
{
public:
    // A session lives at most `lifetime`, and ends sooner after `idle` without a request.
    SessionStore(sdk::Database& database, const sdk::Clock& clock, std::chrono::seconds lifetime,
                 std::chrono::seconds idle = std::chrono::hours(2));

    // A new session for `userId`; returns the token for the cookie.
    std::string create(sdk::Transaction& tx, std::int64_t userId, const std::string& address);
    // The user of a live session, or nothing for an unknown, expired or idle token. A
    // live session's last request time moves on (at most one write a minute).
    std::optional<std::int64_t> resolve(const std::string& token);
    // The session's user, read with the session in one query: what every signed-in
    // request needs first. resolve() answers its id.
    std::optional<UserRecord> resolveUser(const std::string& token, AccountStore& accounts);
    // Deletes the sessions that have ended; returns how many. Run hourly by one host.
    int purgeEnded();
    void revoke(const std::string& token);
    // Ends every session of the user except `keepToken` (empty: all of them).
    void revokeOthers(sdk::Transaction& tx, std::int64_t userId, const std::string& keepToken);
    // Ends every session of the organization's users (blocking it signs them all out).
    static void revokeOrganization(sdk::Transaction& tx, std::int64_t organizationId);
    std::chrono::seconds lifetime() const { return _lifetime; }

    static std::string digest(const std::string& token);

private:
    std::int64_t nowMs() const;
    std::int64_t idleSinceMs(std::int64_t nowMs) const;
    void touch(const std::string& hash, std::int64_t lastSeenMs, std::int64_t nowMs);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    std::chrono::seconds _lifetime;
    std::chrono::seconds _idle;
};

} // namespace molar::host

#pragma once

#include "accounts/Accounts.h"
#include "accounts/SessionStore.h"
#include "accounts/security/PasswordHasher.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <chrono>
#include <string>

namespace molar::host {

struct SignInSettings
{
    int maxFailures = 3;                   // consecutive, then the account locks
    std::chrono::seconds lockout{20 * 60}; // how long it stays locked
    int attemptsPerAddress = 30;           // per client address and window, whatever the account
    std::chrono::seconds addressWindow{15 * 60};
};

// Signing in by email or username: the password check, lockout after consecutive
// failures, throttling per client address, session creation and the audit trail.
// The answers for a wrong password, an unknown account and (before the lockout)
// either of them are the same, and take about the same time.
class SignInService
{
public:
    enum class Outcome
    {
        SignedIn,
        Invalid, // unknown account or wrong password: the same answer
        Locked,  // too many consecutive failures: try again later
        Throttled,
        Inactive, // the right password for an account that is pending or blocked
    };
    struct Result
    {
        Outcome outcome = Outcome::Invalid;
        std::string sessionToken;
        std::int64_t userId = 0;
        bool mustChangePassword = false;
        std::int64_t retryAfterSeconds = 0;
    };

    SignInService(sdk::Database& database, const sdk::Clock& clock, SessionStore& sessions,
                  const PasswordHasher& hasher, sdk::Audit& audit, SignInSettings settings);

    Result signIn(const std::string& login, const std::string& password, const std::string& address);
    const SignInSettings& settings() const { return _settings; }

private:
    bool throttled(const std::string& address, std::int64_t now);
    std::int64_t lockedUntil(sdk::SqlRunner& sql, const std::string& key);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    SessionStore& _sessions;
    const PasswordHasher& _hasher;
    sdk::Audit& _audit;
    SignInSettings _settings;
    AccountStore _accounts;
    std::string _decoyHash; // verified against when no account matches, to spend the same time
};

} // namespace molar::host

#pragma once

#include "accounts/Accounts.h"
#include "accounts/AddressThrottle.h"
#include "accounts/DeviceCookies.h"
#include "accounts/SessionStore.h"
#include "accounts/TwoFactor.h"
#include "accounts/security/PasswordHasher.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <chrono>
#include <future>
#include <string>

namespace molar::host {

struct SignInSettings
{
    int maxFailures = 3;                   // consecutive, then the account locks
    std::chrono::seconds lockout{20 * 60}; // how long it stays locked
    int attemptsPerAddress = 30;           // per client address and window, whatever the account
    std::chrono::seconds addressWindow{15 * 60};
    std::chrono::seconds challengeLifetime{5 * 60};       // between the right password and its code
    int maxCodeAttempts = 5;                              // wrong codes, then the password is asked again
    std::chrono::seconds deviceLifetime{180 * 24 * 3600}; // how long a device cookie is honoured
};

// Signing in by email or username: the password check, lockout after consecutive
// failures, throttling per client address, session creation and the audit trail.
// The answers for a wrong password, an unknown account and (before the lockout)
// either of them are the same, and take about the same time.
//
// Lockout without a denial of service: failures from unknown browsers count per
// account and lock it for them all. A browser that signed in to the account before
// and shows its device cookie (DeviceCookies) counts its failures against that
// cookie alone, and is not stopped by the account's lockout; a cookie that fails
// too often is locked itself, and its browser is a stranger again until then.
// The current-password checks of signed-in pages count the same way.
class SignInService
{
public:
    enum class Outcome
    {
        SignedIn,
        Invalid, // unknown account or wrong password: the same answer
        Locked,  // too many consecutive failures: try again later
        Throttled,
        Inactive,     // the right password for an account that is pending or blocked
        SecondFactor, // the right password; the account's second factor is asked next
        Expired,      // the second-factor challenge is unknown, expired or ended by wrong codes
    };
    struct Result
    {
        Outcome outcome = Outcome::Invalid;
        std::string sessionToken;
        std::string challengeToken; // with SecondFactor: for the cookie of the code page
        std::int64_t userId = 0;
        bool mustChangePassword = false;
        std::int64_t retryAfterSeconds = 0;
        std::string deviceCookie; // with SignedIn: a fresh device cookie for this browser
    };
    enum class PasswordCheck
    {
        Right,
        Wrong,
        Locked, // too many failures: not even checked; see retryAfterSeconds
    };
    struct CheckResult
    {
        PasswordCheck outcome = PasswordCheck::Wrong;
        std::int64_t retryAfterSeconds = 0;
    };

    // The outcome's name, for logs and test messages ("Locked").
    static const char* name(Outcome outcome);

    SignInService(sdk::Database& database, const sdk::Clock& clock, SessionStore& sessions,
                  const PasswordHasher& hasher, sdk::Audit& audit, SignInSettings settings);

    // For an account with two-factor sign-in, a right password makes no session: it
    // answers SecondFactor with a challenge token, which verifySecondFactor redeems.
    // `deviceCookie` is the browser's DeviceCookies::COOKIE, or "".
    Result signIn(const std::string& login, const std::string& password, const std::string& address,
                  const std::string& deviceCookie = "");
    // The code (TOTP or recovery code) for a challenge: SignedIn with a session, Invalid
    // for a wrong code, Expired once the challenge is gone (after maxCodeAttempts wrong
    // codes, which count as one failed sign-in toward the lockout), Locked or Throttled.
    Result verifySecondFactor(const std::string& challengeToken, const std::string& code,
                              const std::string& address, const std::string& deviceCookie = "");
    // A signed-in user's current password, asked before a sensitive change (`what`,
    // for the audit log: "password change"). A wrong one counts as a failed sign-in,
    // and a locked account is not checked at all, so a taken-over session cannot
    // guess more than a stranger could.
    CheckResult checkCurrentPassword(const UserRecord& user, const std::string& password,
                                     const std::string& address, const std::string& deviceCookie,
                                     const std::string& what);
    // Whether a challenge token is live, for showing the code page.
    bool hasChallenge(const std::string& challengeToken);
    const SignInSettings& settings() const { return _settings; }

private:
    std::int64_t lockedUntil(sdk::SqlRunner& sql, const std::string& key);
    // The device a cookie names if it is valid for `userId`, or nothing.
    std::optional<DeviceCookies::Device> deviceFor(const std::string& cookie, std::int64_t userId);
    // The counter this attempt counts on: the device's unless it is locked, else `accountKey`.
    std::string counterKey(sdk::SqlRunner& sql, const std::optional<DeviceCookies::Device>& device,
                           const std::string& accountKey, std::int64_t now);
    static bool isDeviceKey(const std::string& key) { return key.rfind("device:", 0) == 0; }
    // Counts a failure for `key`; true when it locked the account.
    bool recordFailure(sdk::Transaction& tx, const std::string& key, const sdk::Actor& actor,
                       const std::string& userId, std::int64_t now);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    SessionStore& _sessions;
    const PasswordHasher& _hasher;
    sdk::Audit& _audit;
    SignInSettings _settings;
    AddressThrottle _throttle;
    DeviceCookies _devices;
    AccountStore _accounts;
    TwoFactorStore _twoFactor;
    std::shared_future<std::string>
        _decoyHash; // verified against when no account matches, to spend the same time
};

} // namespace molar::host

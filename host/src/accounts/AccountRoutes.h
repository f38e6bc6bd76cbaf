#pragma once

#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"
#include "accounts/security/PasswordPolicy.h"
#include "http/Middleware.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

#include <optional>

namespace molar::host {

// The pages of signing in and out and of changing one's password, and the
// session resolver the SessionMiddleware calls on every request.
class AccountRoutes
{
public:
    static constexpr const char* SESSION_COOKIE = "molar_session";
    // Between a right password and the second factor's code; only the SHA-256 is stored.
    static constexpr const char* CHALLENGE_COOKIE = "molar_challenge";

    AccountRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views, SessionStore& sessions,
                  SignInService& signIn, const PasswordHasher& hasher, const PasswordPolicy& policy,
                  sdk::Audit& audit);

    void registerAll(Router& router);
    // Who the session cookie belongs to, if anyone.
    std::optional<sdk::Principal> resolve(sdk::Request& request, sdk::Response& response);

private:
    void showSignIn(sdk::Request& request, sdk::Response& response, int status, const std::string& errorKey,
                    const std::string& login, std::int64_t retryAfterSeconds = 0);
    std::string errorText(const std::string& key, const std::string& language,
                          std::int64_t retryAfterSeconds) const;
    void signIn(sdk::Request& request, sdk::Response& response);
    void showVerify(sdk::Request& request, sdk::Response& response, int status, const std::string& errorKey,
                    std::int64_t retryAfterSeconds = 0);
    void verify(sdk::Request& request, sdk::Response& response);
    // The session cookie of a finished sign-in, and where the browser goes next.
    void startSession(sdk::Request& request, sdk::Response& response, const SignInService::Result& result,
                      const std::string& returnPath);
    void clearChallenge(sdk::Response& response);
    void signOut(sdk::Request& request, sdk::Response& response);
    void showPasswordForm(sdk::Request& request, sdk::Response& response, int status,
                          const sdk::Value& errors, bool done);
    void changePassword(sdk::Request& request, sdk::Response& response);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    ViewEngine& _views;
    SessionStore& _sessions;
    SignInService& _signIn;
    const PasswordHasher& _hasher;
    const PasswordPolicy& _policy;
    sdk::Audit& _audit;
    AccountStore _accounts;
};

// Sends a signed-in user who still has a temporary password to the password page
// before anything else: every address but the routes exempt from it (after routing).
class PasswordChangeGate : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
};

} // namespace molar::host

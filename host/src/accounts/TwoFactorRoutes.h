#pragma once

#include "accounts/Accounts.h"
#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"
#include "accounts/TwoFactor.h"
#include "http/Middleware.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"

namespace molar::host {

// /account/two-factor: setting up an authenticator app (confirmed with a code before it
// counts), new recovery codes (with a code) and turning it off (with the password; a
// wrong one counts toward the account's lockout).
// Recovery codes are shown once. Every change is audited and ends the account's other
// sessions.
class TwoFactorRoutes
{
public:
    static constexpr const char* PATH = "/account/two-factor";

    TwoFactorRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views,
                    SessionStore& sessions, SignInService& signIn, sdk::Audit& audit, std::string issuer);
    void registerAll(Router& router);

private:
    void show(sdk::Request& request, sdk::Response& response, int status, const sdk::Value& errors,
              const std::vector<std::string>& codes, const std::string& noticeKey);
    void setUp(sdk::Request& request, sdk::Response& response);
    void cancel(sdk::Request& request, sdk::Response& response);
    void confirm(sdk::Request& request, sdk::Response& response);
    void renew(sdk::Request& request, sdk::Response& response);
    void turnOff(sdk::Request& request, sdk::Response& response);
    // Audits `action` and ends the user's other sessions, in `tx`.
    void changed(sdk::Transaction& tx, sdk::Request& request, const std::string& action);
    std::int64_t nowMs() const;

    sdk::Database& _database;
    const sdk::Clock& _clock;
    ViewEngine& _views;
    SessionStore& _sessions;
    SignInService& _signIn; // checks the password that turns it off, counting failures
    sdk::Audit& _audit;
    std::string _issuer;
    AccountStore _accounts;
    TwoFactorStore _twoFactor;
};

// With accounts.requireTwoFactorForLab, sends a signed-in lab user without two-factor
// sign-in to /account/two-factor before any other page (every address but the routes
// exempt from it: this gate runs after routing). Runs after PasswordChangeGate,
// so a temporary password is replaced first.
class TwoFactorGate : public Middleware
{
public:
    TwoFactorGate(sdk::Database& database, bool requireForLab)
        : _database(database), _requireForLab(requireForLab)
    {
    }
    void handle(Exchange& exchange, const Next& next) override;

private:
    sdk::Database& _database;
    bool _requireForLab;
    TwoFactorStore _twoFactor;
};

} // namespace molar::host

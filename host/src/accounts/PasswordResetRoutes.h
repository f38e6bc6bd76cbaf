#pragma once

#include "accounts/Accounts.h"
#include "accounts/PasswordResetLinks.h"
#include "accounts/SessionStore.h"
#include "accounts/security/PasswordHasher.h"
#include "accounts/security/PasswordPolicy.h"
#include "http/Router.h"
#include "jobs/EventBus.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Audit.h"

#include <chrono>

namespace molar::host {

// Self-service password reset: a request by email that answers the same whether
// or not an account has that address, and a single-use link that expires. The
// link goes out through the event account.password_reset_requested, which names it
// by id (PasswordResetLinks): the link itself is made when the message is sent.
class PasswordResetRoutes
{
public:
    static constexpr const char* EVENT = "account.password_reset_requested";

    PasswordResetRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views, EventBus& events,
                        SessionStore& sessions, const PasswordHasher& hasher, const PasswordPolicy& policy,
                        sdk::Audit& audit, std::chrono::minutes lifetime, int perHour, std::string publicUrl);
    void registerAll(Router& router);

private:
    void request(sdk::Request& request, sdk::Response& response);
    void showResetForm(sdk::Request& request, sdk::Response& response, int status, const sdk::Value& errors);
    void reset(sdk::Request& request, sdk::Response& response);
    // The user a live, unused link belongs to.
    std::optional<std::int64_t> userOfToken(sdk::SqlRunner& sql, const std::string& token);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    ViewEngine& _views;
    EventBus& _events;
    SessionStore& _sessions;
    const PasswordHasher& _hasher;
    const PasswordPolicy& _policy;
    sdk::Audit& _audit;
    std::chrono::minutes _lifetime;
    int _perHour; // links one account may be sent in an hour: a stranger cannot flood its inbox
    PasswordResetLinks _links;
    AccountStore _accounts;
};

} // namespace molar::host

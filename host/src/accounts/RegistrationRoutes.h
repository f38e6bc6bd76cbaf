#pragma once

#include "accounts/AddressThrottle.h"

#include "accounts/Accounts.h"
#include "accounts/security/PasswordHasher.h"
#include "accounts/security/PasswordPolicy.h"
#include "http/Router.h"
#include "jobs/EventBus.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"

#include <map>
#include <memory>

namespace molar::host {

// Self-registration at /register. With an organization's reference code the new
// account joins it as a dentist, blocked until the owner (or the lab) activates
// it; without one it makes a pending organization with one clinic and its owner,
// which the lab activates. Nothing is saved unless every field is right.
// An email or username that an account already has gets the answer a new one
// gets, so the page reveals no account; that account's owner is told by email
// instead (at most NOTICES_PER_HOUR times an hour), and nothing is made.
// A blocked organization's code is answered as an unknown one.
class RegistrationRoutes
{
public:
    static constexpr const char* EVENT = "account.registered";
    static constexpr const char* ATTEMPT_EVENT = "account.registration_attempted";
    static constexpr int NOTICES_PER_HOUR = 3;

    struct Form
    {
        std::string businessName, firstName, lastName, email, username, password, confirm, phone, address,
            country, reference;
        std::string language = "en";
    };

    struct Result
    {
        std::map<std::string, std::string> errors; // field -> message key
        std::int64_t userId = 0;
        std::int64_t organizationId = 0;
        bool joined = false; // joined an existing organization by its code
        bool taken = false;  // the email or username has an account: its owner was told, nothing made
    };

    RegistrationRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views, EventBus& events,
                       const PasswordHasher& hasher, const PasswordPolicy& policy, sdk::Audit& audit)
        : _database(database), _clock(clock), _views(views), _events(events), _hasher(hasher),
          _policy(policy), _audit(audit)
    {
    }

    void registerAll(Router& router);
    // Bounds the registrations sent from one client address per window: each one
    // emails the new user, and the organization's owners when it joins one.
    void limitPerAddress(int limit, std::chrono::seconds window)
    {
        _throttle = std::make_unique<AddressThrottle>(_database, "register:", limit, window);
    }
    Result submit(const Form& form, const sdk::Actor& actor);

private:
    void show(sdk::Request& request, sdk::Response& response, int status, const Form& form,
              const std::map<std::string, std::string>& errors);
    void post(sdk::Request& request, sdk::Response& response);
    // When an account has the form's email or username: tells each such account's
    // owner (within NOTICES_PER_HOUR), audits it, and returns true.
    bool tellExistingOwners(sdk::Transaction& tx, const Form& form, const sdk::Actor& actor);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    ViewEngine& _views;
    EventBus& _events;
    const PasswordHasher& _hasher;
    const PasswordPolicy& _policy;
    sdk::Audit& _audit;
    AccountStore _accounts;
    std::unique_ptr<AddressThrottle> _throttle;
};

} // namespace molar::host

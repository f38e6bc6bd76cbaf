#pragma once

#include "accounts/Accounts.h"
#include "accounts/HostAccounts.h"
#include "accounts/security/PasswordHasher.h"
#include "jobs/EventBus.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// What organization owners and lab admins do to accounts: activate and block
// users and organizations, edit users, create organizations, clinics and users.
// Every change is audited in its own transaction. An owner manages only the users
// of their organization; anyone else's user is answered as not found.
class AccountAdministration
{
public:
    static constexpr const char* WELCOME_EVENT = "account.welcome";

    // Who manages: an owner (their organization) or a lab admin (organizationId 0).
    struct Manager
    {
        sdk::Actor actor;
        std::int64_t userId = 0;
        std::int64_t organizationId = 0;
        bool lab() const { return organizationId == 0; }
    };
    static Manager of(const sdk::Request& request);

    // Field -> message key.
    using Errors = std::map<std::string, std::string>;

    struct Outcome
    {
        bool found = true;
        std::string refusal;                       // a message key, when refused
        std::vector<std::string> missingKeys;      // activation: the host's requirements not met
        std::vector<std::string> missingSentences; // activation: the plugins' ones
        bool done() const
        {
            return found && refusal.empty() && missingKeys.empty() && missingSentences.empty();
        }
    };

    struct UserEdit
    {
        std::string firstName, lastName, phone, role;
    };

    struct NewUser
    {
        std::string side, role;
        std::int64_t organizationId = 0;
        std::string firstName, lastName, email, username, phone;
        std::string language = "en";
    };

    AccountAdministration(sdk::Database& database, const sdk::Clock& clock, sdk::Audit& audit,
                          EventBus& events, HostAccounts& accounts, const PasswordHasher& hasher,
                          std::string publicUrl);

    // The user when `manager` may manage them.
    std::optional<UserRecord> managedUser(const Manager& manager, std::int64_t userId);
    // `status` is active or blocked. Nobody blocks themselves; the last active
    // owner of an organization is not blocked; a block the lab set is lifted by
    // the lab only (admin.error.labBlocked for an owner).
    Outcome setUserStatus(const Manager& manager, std::int64_t userId, const std::string& status);
    // Names, phone and a role of the user's side; the last active owner keeps the role.
    Outcome editUser(const Manager& manager, std::int64_t userId, const UserEdit& edit, Errors& errors);

    // Lab admins only. A new organization (pending) with its first clinic; 0 on errors.
    std::int64_t createOrganization(const Manager& manager, const std::string& name,
                                    const std::string& clinicName, const std::string& address,
                                    const std::string& country, Errors& errors);
    std::int64_t addClinic(const Manager& manager, std::int64_t organizationId, const std::string& name,
                           const std::string& address, const std::string& country, Errors& errors);
    // What the organization still lacks before it can be activated.
    Outcome activationGaps(std::int64_t organizationId);
    // Activates the organization and its pending owners, or says what is missing.
    Outcome activateOrganization(const Manager& manager, std::int64_t organizationId);
    // Its members are signed out at once and cannot sign in, join or use any page
    // until the lab activates it again (AccountStore reads them as blocked).
    Outcome blockOrganization(const Manager& manager, std::int64_t organizationId);
    // An active account with a temporary password that must be changed at first
    // sign-in, announced by account.welcome in the same transaction. Returns its id
    // (0 on errors) and the password in `temporary`.
    std::int64_t createUser(const Manager& manager, const NewUser& user, Errors& errors,
                            std::string& temporary);

    // A clinic's name, address and country, as the lab's and the owners' forms take them.
    static void checkClinic(const std::string& name, const std::string& address, const std::string& country,
                            Errors& errors);

private:
    std::int64_t now() const;
    // A first or last name: at most 100 bytes, no control characters.
    static void checkName(const std::string& field, const std::string& name, Errors& errors);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    sdk::Audit& _audit;
    EventBus& _events;
    HostAccounts& _accounts;
    const PasswordHasher& _hasher;
    std::string _publicUrl;
    AccountStore _store;
};

} // namespace molar::host

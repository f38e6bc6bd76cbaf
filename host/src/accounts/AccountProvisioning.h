#pragma once

#include "accounts/Accounts.h"
#include "accounts/security/PasswordHasher.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <string>
#include <vector>

namespace molar::host {

// A password for a new account that its owner must replace at first sign-in:
// 16 characters from an alphabet without look-alikes.
std::string temporaryPassword();

// `molard --create-admin <email>`: the first lab admin, with a temporary password
// (returned, shown once). Throws AccountStore::AccountError when the email is taken.
std::string createLabAdmin(sdk::Database& database, const sdk::Clock& clock, const PasswordHasher& hasher,
                           sdk::Audit& audit, const std::string& email);

struct DemoSignIn
{
    std::string who;
    std::string login;
    std::string password;
};

// The demo's people: a lab admin and a technician; two clinic organizations (one
// with two clinics), each with an owner and a dentist. Safe to run again: what
// exists is left as it is. Returns their sign-ins.
std::vector<DemoSignIn> seedDemoAccounts(sdk::Database& database, const sdk::Clock& clock,
                                         const PasswordHasher& hasher, sdk::Audit& audit);

} // namespace molar::host

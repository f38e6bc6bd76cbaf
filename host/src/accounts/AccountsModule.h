#pragma once

#include "accounts/AccountAdministration.h"
#include "accounts/AccountRoutes.h"
#include "accounts/HostAccounts.h"
#include "accounts/LabAdminRoutes.h"
#include "accounts/OrganizationRoutes.h"
#include "accounts/PasswordResetRoutes.h"
#include "accounts/Practices.h"
#include "accounts/PracticesRoutes.h"
#include "accounts/ProfileRoutes.h"
#include "accounts/RegistrationRoutes.h"
#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"
#include "accounts/TwoFactorRoutes.h"
#include "accounts/security/PasswordHasher.h"
#include "accounts/security/PasswordPolicy.h"
#include "config/HostSettings.h"
#include "http/Middleware.h"
#include "http/Router.h"
#include "http/StandardMiddleware.h"
#include "jobs/EventBus.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <memory>

namespace molar::host {

// Sign-in, sessions, passwords, two-factor sign-in, registration, profiles and the
// owners' and lab admins' pages, wired in one place: the module builds its stores,
// services and route classes from the host's services, registers its routes, and hands
// Portal the pieces of the request pipeline it owns (the session resolver, the gates).
class AccountsModule
{
public:
    struct Services
    {
        sdk::Database& database;
        const sdk::Clock& clock;
        ViewEngine& views;
        EventBus& events;
        sdk::Audit& audit;
        HostAccounts& accounts;
        const PasswordHasher& hasher;
    };
    struct Site
    {
        std::string publicUrl; // for links in messages
        std::string name;      // the authenticator app's issuer
    };

    // The password policy is read by the caller, which knows where its file was configured.
    AccountsModule(Services services, const AccountSettings& settings, PasswordPolicy policy, Site site);

    void registerRoutes(Router& router);
    // For SessionMiddleware: who the session cookie belongs to, if anyone.
    SessionMiddleware::Resolver sessionResolver();
    // The sign-in gates, in their order; they belong after routing.
    void addGates(Pipeline& pipeline);

    SessionStore& sessions() { return _sessions; }
    // Portal tells it which plugins hold records of a clinic once they are loaded.
    Practices& practices() { return _practices; }

private:
    Services _services;
    const AccountSettings& _settings;
    PasswordPolicy _policy;
    SessionStore _sessions;
    SignInService _signIn;
    AccountAdministration _administration;
    AccountRoutes _accountRoutes;
    PasswordResetRoutes _resetRoutes;
    ProfileRoutes _profileRoutes;
    RegistrationRoutes _registrationRoutes;
    OrganizationRoutes _organizationRoutes;
    LabAdminRoutes _labAdminRoutes;
    TwoFactorRoutes _twoFactorRoutes;
    Practices _practices;
    PracticesRoutes _practicesRoutes;
};

} // namespace molar::host

#include "accounts/AccountsModule.h"

#include <chrono>

namespace molar::host {

namespace {

SignInSettings signInSettings(const AccountSettings& settings)
{
    SignInSettings s;
    s.maxFailures = settings.maxFailures;
    s.lockout = std::chrono::minutes(settings.lockoutMinutes);
    s.attemptsPerAddress = settings.attemptsPerAddress;
    return s;
}

} // namespace

AccountsModule::AccountsModule(Services services, const AccountSettings& settings, PasswordPolicy policy,
                               Site site)
    : _services(services), _settings(settings), _policy(std::move(policy)),
      _sessions(services.database, services.clock, std::chrono::hours(24) * settings.sessionDays,
                std::chrono::minutes(settings.sessionIdleMinutes)),
      _signIn(services.database, services.clock, _sessions, services.hasher, services.audit,
              signInSettings(settings)),
      _administration(services.database, services.clock, services.audit, services.events, services.accounts,
                      services.hasher, site.publicUrl),
      _accountRoutes(services.database, services.clock, services.views, _sessions, _signIn, services.hasher,
                     _policy, services.audit),
      _resetRoutes(services.database, services.clock, services.views, services.events, _sessions,
                   services.hasher, _policy, services.audit, std::chrono::minutes(settings.resetMinutes),
                   settings.resetsPerHour, site.publicUrl),
      _profileRoutes(services.database, services.clock, services.views, services.audit, _signIn,
                     TimeZones::system(), services.accounts.labTimeZone()),
      _registrationRoutes(services.database, services.clock, services.views, services.events, services.hasher,
                          _policy, services.audit),
      _organizationRoutes(services.database, services.views, _administration),
      _labAdminRoutes(services.database, services.views, _administration),
      _twoFactorRoutes(services.database, services.clock, services.views, _sessions, _signIn, services.audit,
                       site.name),
      _practices(services.database, services.clock, services.audit),
      _practicesRoutes(services.views, _practices)
{
    _registrationRoutes.limitPerAddress(settings.registrationsPerAddress, std::chrono::seconds(15 * 60));
}

void AccountsModule::registerRoutes(Router& router)
{
    _accountRoutes.registerAll(router);
    _resetRoutes.registerAll(router);
    _profileRoutes.registerAll(router);
    _registrationRoutes.registerAll(router);
    _organizationRoutes.registerAll(router);
    _labAdminRoutes.registerAll(router);
    _twoFactorRoutes.registerAll(router);
    _practicesRoutes.registerAll(router);
}

SessionMiddleware::Resolver AccountsModule::sessionResolver()
{
    return [this](sdk::Request& request, sdk::Response& response) {
        auto principal = _accountRoutes.resolve(request, response);
        // Plugins read times in the principal's zone, never "": the lab's stands for none.
        if (principal)
            principal->timeZone = _services.accounts.effectiveTimeZone(principal->timeZone);
        return principal;
    };
}

void AccountsModule::addGates(Pipeline& pipeline)
{
    // A temporary password is replaced first; then a lab user sets up two-factor sign-in.
    pipeline.add(std::make_unique<PasswordChangeGate>());
    pipeline.add(std::make_unique<TwoFactorGate>(_services.database, _settings.requireTwoFactorForLab));
}

} // namespace molar::host

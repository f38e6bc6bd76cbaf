#pragma once

#include "accounts/Accounts.h"
#include "accounts/SignInService.h"
#include "config/TimeZones.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"

namespace molar::host {

// The signed-in user's profile: name, email, phone (E.164, for WhatsApp), site
// language and time zone (one of the system's list, or none: the lab's). Errors are
// shown beside their field; nothing is saved until every field is right. A new email
// needs the current password, so that a browser left signed in cannot move the
// account (and its reset links) elsewhere.
class ProfileRoutes
{
public:
    // The zone is chosen from `zones`; "" (the first option) is the lab's, `labTimeZone`.
    ProfileRoutes(sdk::Database& database, const sdk::Clock& clock, ViewEngine& views, sdk::Audit& audit,
                  SignInService& signIn, const TimeZones& zones, std::string labTimeZone)
        : _database(database), _clock(clock), _views(views), _audit(audit), _signIn(signIn), _zones(zones),
          _regions(zones.regions()), _labTimeZone(std::move(labTimeZone))
    {
    }
    void registerAll(Router& router);

    static bool isE164(const std::string& phone);

private:
    void show(sdk::Request& request, sdk::Response& response, int status, const sdk::Value& values,
              const sdk::Value& errors, bool saved, const std::string& savedZone);
    void save(sdk::Request& request, sdk::Response& response);
    // "" when `password` is the user's current one, else the error to show beside it.
    // Every check goes through SignInService, so wrong ones count toward the lockout.
    // The zone <select>: the lab's, UTC, then each region's zones; `chosen` selected.
    sdk::Value timeZoneOptions(const std::string& chosen, const std::string& saved,
                               const std::string& language) const;
    std::string currentPasswordError(const sdk::Request& request, const UserRecord& user,
                                     const std::string& password);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    ViewEngine& _views;
    sdk::Audit& _audit;
    SignInService& _signIn;
    const TimeZones& _zones;
    const std::vector<TimeZones::Region> _regions;
    const std::string _labTimeZone;
    AccountStore _accounts;
};

} // namespace molar::host

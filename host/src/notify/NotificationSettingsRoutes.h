#pragma once

#include "accounts/HostAccounts.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Audit.h"

#include <functional>
#include <string>
#include <vector>

namespace molar::host {

// The notification settings page: for each event a user's side can hear about, a
// choice per channel. The notification plugins read the choices through
// sdk::Accounts::wantsNotification.
class NotificationSettingsRoutes
{
public:
    NotificationSettingsRoutes(sdk::Database& database, HostAccounts& accounts, ViewEngine& views,
                               sdk::Audit& audit, std::vector<std::string> clinicEvents,
                               std::vector<std::string> labEvents, std::vector<std::string> channels);
    void registerAll(Router& router);
    // Which of the configured channels can deliver now (a plugin offers it); the page
    // shows only those. Without a filter, every configured channel is shown.
    void setChannelFilter(std::function<bool(const std::string&)> offered) { _offered = std::move(offered); }

private:
    std::vector<std::string> offeredChannels() const;
    const std::vector<std::string>& eventsFor(const sdk::Principal& principal) const;
    void show(sdk::Request& request, sdk::Response& response, bool saved);
    void save(sdk::Request& request, sdk::Response& response);

    sdk::Database& _database;
    HostAccounts& _accounts;
    ViewEngine& _views;
    sdk::Audit& _audit;
    std::vector<std::string> _clinicEvents;
    std::vector<std::string> _labEvents;
    std::vector<std::string> _channels;
    std::function<bool(const std::string&)> _offered;
};

} // namespace molar::host

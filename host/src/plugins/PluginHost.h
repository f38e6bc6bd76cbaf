#pragma once

#include "accounts/HostAccounts.h"
#include "config/ConfigView.h"
#include "core/MetricsRegistry.h"
#include "db/PooledDatabase.h"
#include "http/Router.h"
#include "jobs/EventBus.h"
#include "jobs/JobRunner.h"
#include "notify/ChannelRegistry.h"
#include "payments/PaymentProviders.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Plugin.h"

#include <Poco/Logger.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace molar::host {

class PaymentService;

// The host's shared services, one set per process.
struct HostServices
{
    const ConfigStore& config;
    PooledDatabase& database;
    Router& router;
    ViewEngine& views;
    EventBus& events;
    JobRunner& jobs;
    const sdk::Clock& clock;
    MetricsRegistry& metrics;
    sdk::Audit& audit;
    HostAccounts& accounts;
    const std::string& filesRoot; // each plugin's FileStore is the folder <filesRoot>/<plugin>
    const std::string& publicUrl; // http.publicUrl
    ChannelRegistry& channels;    // notification channels plugins offer
    PaymentProviders& payments;   // payment providers plugins offer
    // What the lab sells: the items of the started plugins implementing sdk::CatalogSource.
    std::function<std::vector<sdk::CatalogItem>()> catalog = {};
    // Attempts, the webhook inbox and the re-sync; set before any plugin loads.
    PaymentService* paymentService = nullptr;
    // Host::locales(); when unset (a test's services), the process's formatters in UTC.
    sdk::Locales* locales = nullptr;
};

// What one plugin sees of the host: the shared services, with everything it
// registers tagged with its name so the host can take it all back at stop.
class PluginHost : public sdk::Host
{
public:
    PluginHost(HostServices& services, std::string name, std::string directory);
    ~PluginHost() override;

    const std::string& pluginName() const override { return _name; }
    const std::string& pluginDirectory() const override { return _directory; }
    sdk::Config& config() override { return _config; }
    sdk::Logger& logger() override;
    sdk::Database& database() override { return _services.database; }
    sdk::Routes& routes() override;
    sdk::Views& views() override;
    sdk::Events& events() override;
    sdk::Jobs& jobs() override;
    const sdk::Clock& clock() override { return _services.clock; }
    sdk::Metrics& metrics() override;
    sdk::Audit& audit() override { return _services.audit; }
    sdk::Accounts& accounts() override;
    sdk::FileStore& files() override;
    const std::string& publicUrl() const override { return _services.publicUrl; }
    sdk::Notifications& notifications() override;
    sdk::RateLimiter& rateLimiter() override;
    const std::string& timeZone() const override { return _services.accounts.labTimeZone(); }
    sdk::Payments& payments() override;
    std::vector<sdk::CatalogItem> catalog() override;
    sdk::Locales& locales() override;

    ConfigView& configView() { return _config; }
    // What routes hold to keep the plugin loaded while their requests run.
    void setKeepAlive(std::shared_ptr<void> keepAlive);
    const std::shared_ptr<void>& keepAlive() const { return _keepAlive; }
    // Removes every route, handler, job and template the plugin registered.
    void withdraw();

private:
    class Adapters;
    HostServices& _services;
    std::string _name;
    std::string _directory;
    ConfigView _config;
    std::shared_ptr<void> _keepAlive;
    std::unique_ptr<Adapters> _adapters;
};

} // namespace molar::host

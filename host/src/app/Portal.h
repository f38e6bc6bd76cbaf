#pragma once

#include "accounts/AccountsModule.h"
#include "accounts/HostAccounts.h"
#include "accounts/security/PasswordHasher.h"
#include "app/HostRoutes.h"
#include "app/HtmlErrorPages.h"
#include "audit/AuditLog.h"
#include "audit/AuditRoutes.h"
#include "config/ConfigStore.h"
#include "config/HostSettings.h"
#include "core/MetricsRegistry.h"
#include "db/ConnectionPool.h"
#include "db/PooledDatabase.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "http/StandardMiddleware.h"
#include "jobs/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"
#include "notify/MessageRenderer.h"
#include "notify/NotificationOutbox.h"
#include "notify/NotificationRoutes.h"
#include "notify/NotificationSettingsRoutes.h"
#include "payments/PaymentService.h"
#include "payments/PaymentWebhookRoutes.h"
#include "plugins/PluginManager.h"
#include "views/ViewEngine.h"

#include <atomic>
#include <memory>
#include <stdexcept>

namespace molar::host {

// A refusal to start, as one line an operator can act on.
class StartupError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A refusal caused by the configuration (a bad or missing setting, an enabled plugin that
// is not installed or refuses its settings): restarting will not help, so molard exits
// with EX_CONFIG (78), which the unit does not restart.
class ConfigurationError : public StartupError
{
public:
    using StartupError::StartupError;
};

// The composition root: builds every host service from the configuration, runs
// the plugin lifecycle and serves HTTP. molard wraps it; tests can drive it whole.
class Portal
{
public:
    Portal(const ConfigStore& config, std::string dataDir, const sdk::Clock& clock);
    ~Portal();

    // Reads and checks the settings. Throws StartupError.
    void configure();
    // Connects and applies the host's migrations (done by start() too); enough for
    // administrative commands. Throws StartupError.
    void openDatabase();
    // Connects, migrates, loads and starts plugins, and serves. Throws StartupError.
    void start();
    // Before start(): the portal reads not ready (/readyz) until seedPluginDemoData() has
    // run, so nobody acts on the demo while its cases are still being made.
    void awaitDemoData() { _demoDataPending = true; }
    // Lets every plugin implementing sdk::DemoData add its demo data; after start(),
    // on the main thread. Throws StartupError naming the plugin that failed.
    void seedPluginDemoData();
    void stop();

    const HostSettings& settings() const { return _settings; }
    int port() const { return _server ? _server->port() : 0; }
    int queuedConnections() const { return _server ? _server->queued() : 0; }
    int threadsBusy() const { return _server ? _server->threadsBusy() : 0; }
    std::vector<std::string> pluginNames() const
    {
        return _plugins ? _plugins->names() : std::vector<std::string>{};
    }
    // What the lab sells: Host::catalog() as every plugin sees it.
    std::vector<sdk::CatalogItem> catalog() const
    {
        return _plugins ? _plugins->catalog() : std::vector<sdk::CatalogItem>{};
    }
    std::vector<std::string> routes() const { return _router.describe(); }
    SessionMiddleware& sessions() { return *_sessions; }
    PooledDatabase& database() { return *_database; }
    AuditLog& audit() { return *_audit; }
    HostAccounts& accounts() { return *_accounts; }
    EventBus& events() { return *_events; }
    NotificationOutbox& notifications() { return *_outbox; }
    ChannelRegistry& channels() { return _channels; }
    PaymentProviders& paymentProviders() { return _paymentProviders; }
    PaymentService& payments() { return *_payments; }
    JobRunner& jobs() { return *_jobs; }
    ViewEngine& views() { return *_views; }
    // Host::locales(): ICU's formatters, visitors in the lab's zone.
    sdk::Locales& locales() { return *_locales; }
    const PasswordHasher& passwordHasher() const { return _hasher; }

private:
    void checkUnknownKeys();
    void checkPublicUrl() const;
    void buildPipeline();
    // Every rule has its wording in the default language, the host's or its plugin's.
    void checkNotificationWording() const;
    void startNotifications();
    void startPayments();

    const ConfigStore& _config;
    std::string _dataDir;
    const sdk::Clock& _clock;
    HostSettings _settings;
    std::vector<std::unique_ptr<ConfigView>> _hostViews;

    std::unique_ptr<ConnectionPool> _pool;
    std::unique_ptr<PooledDatabase> _database;
    std::unique_ptr<AuditLog> _audit;
    std::unique_ptr<HostAccounts> _accounts;
    PasswordHasher _hasher;
    std::unique_ptr<AccountsModule> _accountsModule;
    std::unique_ptr<AuditRoutes> _auditRoutes;
    std::unique_ptr<NotificationSettingsRoutes> _notificationRoutes;
    MessageCatalog _catalog;
    std::unique_ptr<ViewEngine> _views;
    MetricsRegistry _metrics;
    Router _router;
    std::unique_ptr<JobQueue> _queue;
    std::unique_ptr<JobRunner> _jobs;
    std::unique_ptr<EventBus> _events;
    ChannelRegistry _channels;
    PaymentProviders _paymentProviders;
    std::unique_ptr<PaymentService> _payments;
    std::unique_ptr<PaymentWebhookRoutes> _paymentRoutes;
    std::unique_ptr<MessageRenderer> _renderer;
    std::unique_ptr<NotificationOutbox> _outbox;
    std::unique_ptr<NotificationRoutes> _outboxRoutes;
    std::unique_ptr<sdk::Locales> _locales;
    std::unique_ptr<HostServices> _services;
    std::unique_ptr<PluginManager> _plugins;
    std::unique_ptr<HostRoutes> _hostRoutes;
    std::unique_ptr<HtmlErrorPages> _errorPages;
    SessionMiddleware* _sessions = nullptr;
    Pipeline _pipeline;
    std::unique_ptr<HttpServer> _server;
    bool _migrated = false;
    std::atomic<bool> _demoDataPending{false};
    bool _running = false;
};

} // namespace molar::host

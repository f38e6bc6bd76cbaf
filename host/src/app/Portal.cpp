#include "app/Portal.h"

#include "locale/IcuLocales.h"

#include "accounts/AccountMigrations.h"
#include "audit/AuditMigrations.h"
#include "db/DatabaseUrl.h"
#include "db/Migrator.h"
#include "http/StaticFiles.h"
#include "jobs/HostMigrations.h"
#include "notify/NotificationMigrations.h"
#include "payments/PaymentMigrations.h"
#include "plugins/PluginLoader.h"
#include "security/SecurityMigrations.h"

#include "molar/sdk/Errors.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <set>

namespace molar::host {

namespace {

std::vector<Language> languageList(const std::vector<std::string>& codes, sdk::Locales& locales)
{
    std::vector<Language> out;
    for (const auto& code : codes)
        out.push_back({code, locales.nativeName(code)});
    return out;
}

} // namespace

Portal::Portal(const ConfigStore& config, std::string dataDir, const sdk::Clock& clock)
    : _config(config), _dataDir(std::move(dataDir)), _clock(clock)
{
}

Portal::~Portal()
{
    stop();
}

void Portal::configure()
{
    try {
        _settings = HostSettings::read(_config, _dataDir, _hostViews);
        DatabaseUrl::parse(_settings.db.url);
    } catch (const sdk::ConfigError& e) {
        throw ConfigurationError(describeConfigError(_config, e.key(), e.value(), e.allowed()));
    } catch (const std::invalid_argument& e) {
        throw ConfigurationError(describeConfigError(_config, "db.url", _config.get("db.url"), e.what()));
    }
    checkUnknownKeys();
    checkPublicUrl();
    // The log channel prints what messages hold, reset links included: for a demo only.
    if (!_settings.notifications.logChannels.empty() && !_settings.demo.enabled)
        throw ConfigurationError(
            _config.origin("notifications.logChannels") +
            ": notifications.logChannels writes messages, password-reset links included, to the "
            "log; only a demo's configuration may use it (demo.enabled = true, as in config/demo)");
}

void Portal::checkPublicUrl() const
{
    // Secure cookies mean production behind TLS; links in emails built from a loopback
    // address would reach nobody, so an install left at the default refuses to start.
    if (!_settings.http.secureCookies)
        return;
    const std::string host = Poco::URI(_settings.http.publicUrl).getHost();
    Poco::Net::IPAddress address;
    const bool loopback = Poco::icompare(host, "localhost") == 0 ||
                          (Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback());
    if (loopback)
        throw ConfigurationError(
            _config.origin("http.publicUrl") + ": http.publicUrl is " + _settings.http.publicUrl +
            ", a loopback address, while http.secureCookies = true (" + _config.origin("http.secureCookies") +
            "): set http.publicUrl to the address clinics reach the portal at, e.g. "
            "https://portal.example-lab.com");
}

void Portal::checkUnknownKeys()
{
    for (const auto& view : _hostViews) {
        auto unread = view->unreadKeys();
        if (!unread.empty())
            throw ConfigurationError(_config.origin(unread.front()) + ": unknown key " + unread.front() +
                                     " (not a setting of the host; check the spelling)");
    }
    std::set<std::string> known(hostSubtrees().begin(), hostSubtrees().end());
    known.insert(_settings.pluginsEnabled.begin(), _settings.pluginsEnabled.end());
    known.insert(_config.confdNames().begin(), _config.confdNames().end());
    auto installed = PluginLoader::installedNames(_settings.pluginPaths);
    known.insert(installed.begin(), installed.end());
    for (const auto& key : _config.leafKeys("")) {
        std::string top = key.substr(0, key.find('.'));
        if (!known.count(top))
            throw ConfigurationError(_config.origin(key) + ": unknown key " + key +
                                     " (neither a host setting nor the subtree of an installed plugin)");
    }
}

void Portal::openDatabase()
{
    if (_database)
        return;
    auto& logger = Poco::Logger::get("molard");
    const DatabaseUrl url = DatabaseUrl::parse(_settings.db.url);
    if (url.dialect == sdk::Dialect::SQLite) {
        Poco::Path file(url.connectionString);
        if (file.depth() > 0 || file.isAbsolute())
            Poco::File(file.parent()).createDirectories();
    }
    _pool = std::make_unique<ConnectionPool>(url, _settings.db.poolSize);
    _database = std::make_unique<PooledDatabase>(*_pool);
    try {
        Migrator migrator(*_pool, [&](const std::string& line) { logger.information(line); });
        migrator.apply("host", hostMigrations(url.dialect));
        migrator.apply("audit", auditMigrations(url.dialect));
        migrator.apply("accounts", accountMigrations(url.dialect));
        migrator.apply("security", securityMigrations(url.dialect));
        migrator.apply("notifications", notificationMigrations(url.dialect));
        migrator.apply("payments", paymentMigrations(url.dialect));
    } catch (const std::exception& e) {
        throw StartupError("database " + url.display + ": " + e.what());
    }
    _audit = std::make_unique<AuditLog>(*_database, _clock);
    _accounts = std::make_unique<HostAccounts>(*_database, _settings.portal.timeZone);
}

void Portal::start()
{
    auto& logger = Poco::Logger::get("molard");
    openDatabase();
    const DatabaseUrl& url = _pool->url();
    // Read first: a missing file is a configuration error, reported before anything starts.
    std::unique_ptr<PasswordPolicy> passwordPolicy;
    try {
        passwordPolicy =
            std::make_unique<PasswordPolicy>(PasswordPolicy::fromFile(_settings.accounts.commonPasswords));
    } catch (const std::exception& e) {
        throw ConfigurationError(_config.origin("accounts.commonPasswords") +
                                 ": accounts.commonPasswords = '" + _settings.accounts.commonPasswords +
                                 "' cannot be read: " + e.what());
    }

    _catalog.loadDirectory(Poco::Path(_settings.views.templates, "messages").toString());
    _views = std::make_unique<ViewEngine>(_catalog, languageList(_settings.views.languages, languageData()),
                                          _settings.views.siteName);
    try {
        _views->addTemplateDirectory("host", _settings.views.templates);
    } catch (const std::exception& e) {
        throw StartupError(e.what());
    }
    if (!_views->hasTemplate("host/layout"))
        throw ConfigurationError(_config.origin("views.templates") + ": views.templates = '" +
                                 _settings.views.templates +
                                 "' has no layout.mustache; point it at Molar's templates folder");

    const std::string hostId = Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
    _queue = std::make_unique<JobQueue>(*_database, _clock, hostId);
    _jobs = std::make_unique<JobRunner>(*_queue, *_database, _clock, hostId, _settings.jobs.workers,
                                        std::chrono::milliseconds(_settings.jobs.pollMillis));
    _events = std::make_unique<EventBus>(*_jobs);
    _jobs->purgeFinishedAfter(std::chrono::hours(24) * _settings.jobs.retentionDays);
    _accountsModule = std::make_unique<AccountsModule>(
        AccountsModule::Services{*_database, _clock, *_views, *_events, *_audit, *_accounts, _hasher},
        _settings.accounts, std::move(*passwordPolicy),
        AccountsModule::Site{_settings.http.publicUrl, _settings.views.siteName});
    _jobs->every("host", "sessions.purge", std::chrono::hours(1),
                 [this] { _accountsModule->sessions().purgeEnded(); });
    _services = std::make_unique<HostServices>(HostServices{
        _config, *_database, _router, *_views, *_events, *_jobs, _clock, _metrics, *_audit, *_accounts,
        _settings.files.root, _settings.http.publicUrl, _channels, _paymentProviders});
    _locales = std::make_unique<IcuLocales>(_accounts->labTimeZone());
    _services->locales = _locales.get();
    startPayments();
    _plugins = std::make_unique<PluginManager>(*_services);
    _services->catalog = [this] { return _plugins->catalog(); };
    _accountsModule->practices().setRecordHolders(
        [this](std::int64_t id) { return _plugins->holdersOfClinic(id); });
    startNotifications();

    _hostRoutes = std::make_unique<HostRoutes>(
        *_views, _metrics, *_plugins,
        HostRoutes::Readiness{[this] { return !_database->query("SELECT 1", {}).empty(); },
                              [this] { return _migrated; },
                              [this] { return _plugins->allStarted() && !_demoDataPending; }});
    _hostRoutes->setMetricsAccess(MetricsAccess(_settings.metrics.allowFrom, _settings.metrics.token));
    _hostRoutes->setPortal(_settings.portal);
    _hostRoutes->registerAll(_router);
    _accountsModule->registerRoutes(_router);
    _auditRoutes = std::make_unique<AuditRoutes>(*_audit, *_views);
    _auditRoutes->registerAll(_router);
    _paymentRoutes->registerAll(_router);
    // Users are offered only what some enabled plugin's rule sends, as its rules say.
    _notificationRoutes = std::make_unique<NotificationSettingsRoutes>(
        *_database, *_accounts, *_views, *_audit, _settings.notifications.offered("clinic"),
        _settings.notifications.offered("lab"), _settings.accounts.notificationChannels);
    _notificationRoutes->setChannelFilter(
        [this](const std::string& channel) { return _outbox->available(channel); });
    _notificationRoutes->registerAll(_router);

    try {
        _plugins->load(_settings.pluginsEnabled, _settings.pluginPaths);
        Migrator migrator(*_pool, [&](const std::string& line) { logger.information(line); });
        _plugins->migrate(migrator, url.dialect);
        _migrated = true;
        _plugins->configure(_catalog);
        checkNotificationWording(); // the plugins' catalogs are loaded now
        _plugins->start();
    } catch (const PluginConfigError& e) {
        _plugins->stop();
        throw ConfigurationError(e.what());
    } catch (const std::exception& e) {
        _plugins->stop();
        throw StartupError(e.what());
    }
    // A home-page section names a template its plugin ships: a typo stops start-up.
    if (const auto missing = _hostRoutes->missingHomeSection()) {
        _plugins->stop();
        throw ConfigurationError(_config.origin(missing->key) + ": " + missing->key + " names " +
                                 missing->name + ", a template the plugin " + missing->plugin +
                                 " does not have");
    }

    _metrics.addGauge("molar_db_pool_size", "Database connections the pool may open.",
                      [this] { return static_cast<double>(_pool->size()); });
    _metrics.addGauge("molar_db_pool_in_use", "Database connections lent out now.",
                      [this] { return static_cast<double>(_pool->inUse()); });
    _metrics.addCounter("molar_db_pool_waits_total", "Times a request waited for a free connection.",
                        [this] { return static_cast<double>(_pool->waits()); });
    _metrics.addGauge("molar_outbox_depth", "Jobs pending or running in the outbox.",
                      [this] { return static_cast<double>(_queue->pending()); });
    _metrics.addGauge("molar_outbox_parked", "Jobs that failed for good and wait for an admin.",
                      [this] { return static_cast<double>(_queue->parked()); });
    _metrics.addGauge("molar_notifications_pending", "Messages queued or being sent.",
                      [this] { return static_cast<double>(_outbox->store().count("pending")); });
    _metrics.addGauge("molar_notifications_failed", "Messages that failed for good and wait for a lab admin.",
                      [this] { return static_cast<double>(_outbox->store().count("failed")); });

    buildPipeline();
    _server = std::make_unique<HttpServer>(_settings.http, _pipeline);
    try {
        _server->start();
    } catch (const Poco::Exception& e) {
        _plugins->stop();
        throw StartupError(_config.origin("http.port") + ": cannot listen on " + _settings.http.address +
                           ":" + std::to_string(_settings.http.port) + ": " + e.displayText());
    }
    _jobs->start();
    _running = true;
}

void Portal::checkNotificationWording() const
{
    const auto missing = _renderer->missingWording(_settings.views.defaultLanguage);
    if (!missing.empty())
        throw ConfigurationError(_config.origin("notifications.rules." + missing.front().first + ".event") +
                                 ": " + missing.front().second);
}

void Portal::startNotifications()
{
    _renderer = std::make_unique<MessageRenderer>(*_views, _settings.notifications, _settings.http.publicUrl,
                                                  _settings.views.siteName);
    _outbox = std::make_unique<NotificationOutbox>(NotificationOutbox::Context{
        *_database, *_jobs, *_events, *_accounts, _channels, *_renderer, _settings.notifications, _clock,
        _settings.views.languages, _settings.views.defaultLanguage, _settings.http.publicUrl});
    // Reset links (and a new account's first one) are made when their message goes out;
    // so are the plugins' secret links, which the outbox finds in _channels.
    _outbox->addSecret(
        {PasswordResetLinks::ID_FIELD, "link", [this](const std::string& id) {
             return PasswordResetLinks(*_database, _clock, _settings.http.publicUrl).reveal(id);
         }});
    _outbox->start();
    _outboxRoutes = std::make_unique<NotificationRoutes>(*_database, *_outbox, *_audit, *_views);
    _outboxRoutes->registerAll(_router);
}

void Portal::startPayments()
{
    auto providers = [this](const std::string& name) { return _paymentProviders.find(name); };
    _payments = std::make_unique<PaymentService>(
        PaymentService::Context{*_database, *_events, *_audit, _clock, providers});
    _services->paymentService = _payments.get();
    _paymentRoutes = std::make_unique<PaymentWebhookRoutes>(*_payments, providers, _clock);
    // Attempts whose outcome is not known are asked about, never charged again.
    const auto staleAfter = std::chrono::minutes(_settings.payments.resyncAfterMinutes);
    _jobs->every("host", "payments.resync", std::chrono::minutes(1),
                 [this, staleAfter] { _payments->resync(staleAfter); });
}

void Portal::seedPluginDemoData()
{
    try {
        _plugins->seedDemoData();
    } catch (const std::exception& e) {
        throw StartupError(e.what());
    }
    _demoDataPending = false;
}

void Portal::buildPipeline()
{
    _errorPages = std::make_unique<HtmlErrorPages>(*_views);
    std::vector<std::string> languages = _settings.views.languages;
    _pipeline.add(std::make_unique<RequestIdMiddleware>());
    _pipeline.add(std::make_unique<ObservabilityMiddleware>(_metrics, _settings.logging.accessLog));
    _pipeline.add(std::make_unique<SecurityHeadersMiddleware>());
    _pipeline.add(std::make_unique<ErrorBoundaryMiddleware>(*_errorPages));
    // Each started plugin's static/ folder is served under /static/<plugin>/.
    std::map<std::string, std::string> pluginStatic;
    for (const auto& plugin : _plugins->started())
        pluginStatic[plugin.name] = Poco::Path(plugin.directory, "static").toString();
    _pipeline.add(std::make_unique<StaticFilesMiddleware>(
        std::vector<std::string>{Poco::Path(_settings.views.templates, "static").toString()},
        _settings.views.staticMaxAgeSeconds, std::move(pluginStatic)));
    auto sessions = std::make_unique<SessionMiddleware>();
    _sessions = sessions.get();
    _sessions->setResolver(_accountsModule->sessionResolver());
    _pipeline.add(std::move(sessions));
    _pipeline.add(std::make_unique<PreferencesMiddleware>(languages, _settings.views.defaultLanguage));
    // Routing first, so that the gates ask the route whether it lets a held user through;
    // they hold a user on an unknown address too, so 404 and 405 come after them.
    _pipeline.add(std::make_unique<RoutingMiddleware>(_router));
    _accountsModule->addGates(_pipeline);
    _pipeline.add(std::make_unique<CsrfTokenMiddleware>());
    _pipeline.add(std::make_unique<RouteCheckMiddleware>());
    _pipeline.add(std::make_unique<AccessMiddleware>());
    _pipeline.add(std::make_unique<CsrfCheckMiddleware>());
    _pipeline.add(std::make_unique<DispatchMiddleware>());
}

void Portal::stop()
{
    if (!_running)
        return;
    _running = false;
    // Remove the way in, let what is in flight finish, then take plugins down.
    if (_server)
        _server->stop(std::chrono::seconds(_settings.http.drainSeconds));
    if (_jobs)
        _jobs->stop();
    if (_plugins)
        _plugins->stop();
}

} // namespace molar::host

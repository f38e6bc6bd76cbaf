#include "plugins/PluginHost.h"

#include "files/LocalFileStore.h"
#include "http/Exchange.h"
#include "locale/IcuLocales.h"
#include "payments/PaymentService.h"
#include "security/RateCounter.h"

namespace molar::host {

namespace {

class PluginLogger : public sdk::Logger
{
public:
    explicit PluginLogger(const std::string& name) : _logger(Poco::Logger::get(name)) {}
    void log(sdk::LogLevel level, const std::string& message) override
    {
        switch (level) {
        case sdk::LogLevel::Trace:
            _logger.trace(message);
            break;
        case sdk::LogLevel::Debug:
            _logger.debug(message);
            break;
        case sdk::LogLevel::Information:
            _logger.information(message);
            break;
        case sdk::LogLevel::Warning:
            _logger.warning(message);
            break;
        case sdk::LogLevel::Error:
            _logger.error(message);
            break;
        }
    }
    bool enabled(sdk::LogLevel level) const override
    {
        static const int prio[] = {Poco::Message::PRIO_TRACE, Poco::Message::PRIO_DEBUG,
                                   Poco::Message::PRIO_INFORMATION, Poco::Message::PRIO_WARNING,
                                   Poco::Message::PRIO_ERROR};
        return _logger.is(prio[static_cast<int>(level)]);
    }

private:
    Poco::Logger& _logger;
};

class PluginRoutes : public sdk::Routes
{
public:
    PluginRoutes(Router& router, const std::string& owner, const std::shared_ptr<void>& keepAlive)
        : _router(router), _owner(owner), _keepAlive(keepAlive)
    {
    }
    void add(const std::string& method, const std::string& pathTemplate, sdk::Access access,
             sdk::Handler handler, sdk::RouteOptions options) override
    {
        Route route;
        route.owner = _owner;
        route.method = method;
        route.pathTemplate = pathTemplate;
        route.access = access;
        route.handler = std::move(handler);
        route.options = options;
        route.keepAlive = _keepAlive;
        _router.add(std::move(route));
    }

private:
    Router& _router;
    const std::string& _owner;
    const std::shared_ptr<void>& _keepAlive;
};

class PluginEvents : public sdk::Events
{
public:
    PluginEvents(EventBus& bus, const std::string& owner) : _bus(bus), _owner(owner) {}
    void on(const std::string& eventName, Handler handler) override
    {
        _bus.on(_owner, eventName, std::move(handler));
    }
    void onDurable(const std::string& eventName, const std::string& jobName) override
    {
        _bus.onDurable(_owner, eventName, jobName);
    }
    void publish(sdk::Transaction& tx, const std::string& eventName, const sdk::Value& payload) override
    {
        _bus.publish(tx, eventName, payload);
    }

private:
    EventBus& _bus;
    const std::string& _owner;
};

class PluginJobs : public sdk::Jobs
{
public:
    PluginJobs(JobRunner& runner, const std::string& owner) : _runner(runner), _owner(owner) {}
    void define(const std::string& name, Handler handler, sdk::JobOptions options) override
    {
        _runner.define(_owner, name, std::move(handler), options);
    }
    void enqueue(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload,
                 std::chrono::seconds delay, const std::string& dedupeKey) override
    {
        _runner.enqueue(tx, name, payload, delay, dedupeKey);
    }
    void every(const std::string& name, std::chrono::seconds interval, std::function<void()> task) override
    {
        _runner.every(_owner, name, interval, std::move(task));
    }

private:
    JobRunner& _runner;
    const std::string& _owner;
};

class PluginViews : public sdk::Views
{
public:
    PluginViews(ViewEngine& engine, const std::string& owner) : _engine(engine), _owner(owner) {}
    void page(sdk::Request& request, sdk::Response& response, const std::string& templateName,
              const std::string& titleKey, const sdk::Value& data) override
    {
        response.send("text/html; charset=utf-8",
                      _engine.renderPage(qualified(templateName), titleKey, data, pageContextFor(request)));
    }
    std::string render(const std::string& templateName, const sdk::Value& data,
                       const std::string& language) override
    {
        return _engine.render(qualified(templateName), data, language);
    }
    std::string translate(const std::string& key, const std::string& language) override
    {
        return _engine.translate(key, language);
    }
    void addMenuItem(const sdk::MenuItem& item) override { _engine.addMenuItem(_owner, item); }
    void addMenuItemFor(const sdk::MenuItem& item, const std::vector<std::string>& roles) override
    {
        _engine.addMenuItem(_owner, item, roles);
    }
    void addPanel(const std::string& place, sdk::PanelSource source) override
    {
        _engine.addPanel(_owner, place, std::move(source));
    }
    std::vector<sdk::Panel> panels(const std::string& place, sdk::Request& request) override
    {
        return _engine.panels(place, request);
    }

private:
    std::string qualified(const std::string& name) const
    {
        return name.find('/') == std::string::npos ? _owner + "/" + name : name;
    }
    ViewEngine& _engine;
    const std::string& _owner;
};

// Accounts as a plugin sees them: activation requirements are tagged with its name.
class PluginAccounts : public sdk::Accounts
{
public:
    PluginAccounts(HostAccounts& accounts, const std::string& owner) : _accounts(accounts), _owner(owner) {}
    std::optional<sdk::UserInfo> user(std::int64_t id) override { return _accounts.user(id); }
    std::vector<sdk::UserInfo> organizationUsers(std::int64_t org, const std::string& role) override
    {
        return _accounts.organizationUsers(org, role);
    }
    std::vector<sdk::UserInfo> labUsers(const std::string& role) override { return _accounts.labUsers(role); }
    bool wantsNotification(std::int64_t id, const std::string& event, const std::string& channel) override
    {
        return _accounts.wantsNotification(id, event, channel);
    }
    void addActivationRequirement(const std::string& name, sdk::ActivationCheck check) override
    {
        _accounts.addActivationRequirement(_owner, name, std::move(check));
    }
    bool isActivated(std::int64_t org, std::string& why) override { return _accounts.isActivated(org, why); }
    std::optional<sdk::OrganizationInfo> organization(std::int64_t org) override
    {
        return _accounts.organization(org);
    }
    std::vector<sdk::OrganizationInfo> organizations(const std::string& status) override
    {
        return _accounts.organizations(status);
    }
    std::vector<sdk::ClinicInfo> clinics(std::int64_t org) override { return _accounts.clinics(org); }
    std::optional<sdk::ClinicInfo> clinic(std::int64_t id) override { return _accounts.clinic(id); }
    std::map<std::int64_t, sdk::OrganizationInfo>
    organizationsById(const std::vector<std::int64_t>& ids) override
    {
        return _accounts.organizationsById(ids);
    }
    std::map<std::int64_t, sdk::UserInfo> usersById(const std::vector<std::int64_t>& ids) override
    {
        return _accounts.usersById(ids);
    }

private:
    HostAccounts& _accounts;
    const std::string& _owner;
};

class PluginMetrics : public sdk::Metrics
{
public:
    PluginMetrics(MetricsRegistry& registry, const std::string& owner) : _registry(registry), _owner(owner) {}
    sdk::Counter& counter(const std::string& name, const std::string& help,
                          const std::string& labels) override
    {
        std::string prefix = "molar_" + _owner + "_";
        for (auto& c : prefix)
            if (c == '-')
                c = '_';
        return _registry.counter(prefix + name, help, labels);
    }

private:
    MetricsRegistry& _registry;
    const std::string& _owner;
};

class PluginNotifications : public sdk::Notifications
{
public:
    PluginNotifications(ChannelRegistry& channels, const std::string& owner,
                        const std::shared_ptr<void>& keepAlive)
        : _channels(channels), _owner(owner), _keepAlive(keepAlive)
    {
    }
    void addChannel(std::shared_ptr<sdk::NotificationChannel> channel) override
    {
        _channels.add(_owner, std::move(channel), _keepAlive);
    }
    bool report(const sdk::DeliveryReport& report) override { return _channels.report(report); }
    void addSecretLink(sdk::SecretLink link) override
    {
        _channels.addSecretLink(_owner, std::move(link), _keepAlive);
    }

private:
    ChannelRegistry& _channels;
    const std::string& _owner;
    const std::shared_ptr<void>& _keepAlive;
};

// Payments as a plugin sees them: the providers it adds are tagged with its name.
class PluginPayments : public sdk::Payments
{
public:
    PluginPayments(HostServices& services, const std::string& owner, const std::shared_ptr<void>& keepAlive)
        : _services(services), _providers(services.payments), _owner(owner), _keepAlive(keepAlive)
    {
    }
    void addProvider(std::shared_ptr<sdk::PaymentProvider> provider) override
    {
        _providers.add(_owner, std::move(provider), _keepAlive);
    }
    std::vector<sdk::PaymentCapabilities> providers() override { return _providers.capabilities(); }
    std::shared_ptr<sdk::PaymentProvider> provider(const std::string& name) override
    {
        return _providers.find(name);
    }
    sdk::PaymentAttempt begin(sdk::Transaction& tx, const sdk::PaymentPurpose& purpose,
                              const std::string& provider, const sdk::Money& amount) override
    {
        return service().begin(tx, purpose, provider, amount);
    }
    sdk::PaymentResult checkout(const std::string& attemptId, const std::string& returnUrl,
                                const std::string& cancelUrl) override
    {
        return service().checkout(attemptId, returnUrl, cancelUrl);
    }
    bool record(const std::string& provider, const sdk::PaymentEvent& event) override
    {
        return service().record(provider, event);
    }
    std::optional<sdk::PaymentAttempt> attempt(const std::string& id) override
    {
        return service().attempt(id);
    }
    std::vector<sdk::PaymentAttempt> attemptsFor(const std::string& purposeKind,
                                                 const std::string& purposeId) override
    {
        return service().attemptsFor(purposeKind, purposeId);
    }
    std::optional<sdk::PaymentAttempt> apply(const std::string& attemptId,
                                             const sdk::PaymentResult& result) override
    {
        return service().apply(attemptId, result);
    }
    sdk::MethodSetup startSavingMethod(std::int64_t organizationId, const std::string& provider,
                                       const std::string& returnUrl, const std::string& cancelUrl,
                                       const std::string& language) override
    {
        return service().startSavingMethod(organizationId, provider, returnUrl, cancelUrl, language);
    }
    std::optional<sdk::SavedPaymentMethod> finishSavingMethod(std::int64_t organizationId,
                                                              const std::string& setupId) override
    {
        return service().finishSavingMethod(organizationId, setupId);
    }
    std::vector<sdk::SavedPaymentMethod> savedMethods(std::int64_t organizationId) override
    {
        return service().savedMethods(organizationId);
    }
    std::optional<sdk::SavedPaymentMethod> defaultMethod(std::int64_t organizationId) override
    {
        return service().defaultMethod(organizationId);
    }
    bool makeDefaultMethod(std::int64_t organizationId, std::int64_t methodId,
                           const sdk::Actor& actor) override
    {
        return service().makeDefaultMethod(organizationId, methodId, actor);
    }
    bool removeMethod(std::int64_t organizationId, std::int64_t methodId, const sdk::Actor& actor) override
    {
        return service().removeMethod(organizationId, methodId, actor);
    }
    sdk::PaymentResult chargeSavedMethod(const std::string& attemptId, std::int64_t methodId,
                                         bool captureLater) override
    {
        return service().chargeSavedMethod(attemptId, methodId, captureLater);
    }
    sdk::PaymentResult capture(const std::string& attemptId, std::int64_t amountMinor) override
    {
        return service().capture(attemptId, amountMinor);
    }
    sdk::PaymentResult cancelAuthorization(const std::string& attemptId) override
    {
        return service().cancelAuthorization(attemptId);
    }
    sdk::RefundResult refund(const std::string& attemptId, std::int64_t amountMinor,
                             const std::string& refundKey, const sdk::Actor& actor) override
    {
        return service().refund(attemptId, amountMinor, refundKey, actor);
    }
    std::optional<sdk::PaymentAttempt> refresh(const std::string& attemptId) override
    {
        return service().refresh(attemptId);
    }
    std::optional<sdk::DisputeFacts> dispute(const std::string& provider,
                                             const std::string& disputeId) override
    {
        return service().dispute(provider, disputeId);
    }

private:
    PaymentService& service()
    {
        if (!_services.paymentService)
            throw std::logic_error("the host's payment service is not running");
        return *_services.paymentService;
    }

    HostServices& _services;
    PaymentProviders& _providers;
    const std::string& _owner;
    const std::shared_ptr<void>& _keepAlive;
};

} // namespace

class PluginHost::Adapters
{
public:
    Adapters(HostServices& s, const std::string& owner, const std::shared_ptr<void>& keepAlive)
        : logger(owner), routes(s.router, owner, keepAlive), events(s.events, owner), jobs(s.jobs, owner),
          views(s.views, owner), metrics(s.metrics, owner), accounts(s.accounts, owner),
          files(std::filesystem::path(s.filesRoot) / owner), notifications(s.channels, owner, keepAlive),
          rateLimiter(s.database, s.clock, owner + "."), payments(s, owner, keepAlive)
    {
    }
    PluginLogger logger;
    PluginRoutes routes;
    PluginEvents events;
    PluginJobs jobs;
    PluginViews views;
    PluginMetrics metrics;
    PluginAccounts accounts;
    LocalFileStore files;
    PluginNotifications notifications;
    DatabaseRateLimiter rateLimiter;
    PluginPayments payments;
};

PluginHost::PluginHost(HostServices& services, std::string name, std::string directory)
    : _services(services), _name(std::move(name)), _directory(std::move(directory)),
      _config(services.config, _name), _adapters(std::make_unique<Adapters>(services, _name, _keepAlive))
{
}

void PluginHost::setKeepAlive(std::shared_ptr<void> keepAlive)
{
    _keepAlive = std::move(keepAlive);
}

PluginHost::~PluginHost() = default;

sdk::Logger& PluginHost::logger()
{
    return _adapters->logger;
}
sdk::Routes& PluginHost::routes()
{
    return _adapters->routes;
}
sdk::Views& PluginHost::views()
{
    return _adapters->views;
}
sdk::Events& PluginHost::events()
{
    return _adapters->events;
}
sdk::Jobs& PluginHost::jobs()
{
    return _adapters->jobs;
}
sdk::Metrics& PluginHost::metrics()
{
    return _adapters->metrics;
}

sdk::Accounts& PluginHost::accounts()
{
    return _adapters->accounts;
}

sdk::FileStore& PluginHost::files()
{
    return _adapters->files;
}

sdk::Notifications& PluginHost::notifications()
{
    return _adapters->notifications;
}

sdk::RateLimiter& PluginHost::rateLimiter()
{
    return _adapters->rateLimiter;
}

sdk::Payments& PluginHost::payments()
{
    return _adapters->payments;
}

std::vector<sdk::CatalogItem> PluginHost::catalog()
{
    return _services.catalog ? _services.catalog() : std::vector<sdk::CatalogItem>{};
}

sdk::Locales& PluginHost::locales()
{
    return _services.locales ? *_services.locales : languageData();
}

void PluginHost::withdraw()
{
    _services.payments.removeOwner(_name);
    _services.channels.removeOwner(_name);
    _services.accounts.removeOwner(_name);
    _services.router.removeOwner(_name);
    _services.events.removeOwner(_name);
    _services.jobs.removeOwner(_name);
    _services.views.removeOwner(_name);
}

} // namespace molar::host

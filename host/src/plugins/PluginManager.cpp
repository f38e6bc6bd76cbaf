#include "plugins/PluginManager.h"

#include "config/ConfigView.h"

#include "molar/sdk/Catalog.h"
#include "molar/sdk/ClinicRecords.h"
#include "molar/sdk/DemoData.h"
#include "molar/sdk/Errors.h"

#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <chrono>
#include <thread>

namespace molar::host {

PluginManager::~PluginManager()
{
    stop();
}

void PluginManager::load(const std::vector<std::string>& enabled, const std::vector<std::string>& searchPaths)
{
    for (auto& library : PluginLoader::loadEnabled(enabled, searchPaths)) {
        Entry entry;
        entry.host = std::make_unique<PluginHost>(_services, library.name, library.directory);
        entry.library = std::move(library);
        _plugins.push_back(std::move(entry));
    }
    for (auto& entry : _plugins) {
        entry.instance = entry.library.create();
        entry.host->setKeepAlive(entry.instance);
    }
}

void PluginManager::migrate(Migrator& migrator, sdk::Dialect dialect)
{
    for (auto& entry : _plugins) {
        auto migrations =
            Migrator::fromDirectory(Poco::Path(entry.library.directory, "migrations").toString(), dialect);
        try {
            migrator.apply(entry.library.name, migrations);
        } catch (const std::exception& e) {
            throw PluginError("plugin '" + entry.library.name + "': " + e.what());
        }
    }
}

void PluginManager::configure(MessageCatalog& catalog)
{
    for (auto& entry : _plugins) {
        const std::string& name = entry.library.name;
        try {
            _services.views.addTemplateDirectory(name,
                                                 Poco::Path(entry.library.directory, "templates").toString());
            catalog.loadDirectory(Poco::Path(entry.library.directory, "messages").toString());
            entry.instance->configure(*entry.host);
        } catch (const sdk::ConfigError& e) {
            std::string key = e.key().rfind(name + ".", 0) == 0 ? e.key() : name + "." + e.key();
            throw PluginConfigError(
                describeConfigError(_services.config, key, _services.config.get(key), e.allowed()));
        } catch (const std::exception& e) {
            throw PluginConfigError("plugin '" + name + "' refused its configuration: " + e.what());
        }
        auto unread = entry.host->configView().unreadKeys();
        if (!unread.empty())
            throw PluginConfigError(_services.config.origin(unread.front()) + ": unknown key " +
                                    unread.front() + " (plugin '" + name +
                                    "' does not use it; check the spelling)");
    }
}

void PluginManager::start()
{
    auto& logger = Poco::Logger::get("plugins");
    for (auto& entry : _plugins) {
        try {
            entry.instance->start(*entry.host);
        } catch (const std::exception& e) {
            entry.host->withdraw();
            throw PluginError("plugin '" + entry.library.name + "' failed to start: " + e.what());
        } catch (...) {
            entry.host->withdraw();
            throw PluginError("plugin '" + entry.library.name + "' failed to start: unknown exception");
        }
        entry.started = true;
        ++_startedCount;
        logger.information("started plugin %s %s (%s)", entry.library.name, entry.library.version,
                           entry.library.file);
    }
}

void PluginManager::seedDemoData()
{
    auto& logger = Poco::Logger::get("plugins");
    for (auto& entry : _plugins) {
        // The destructor of sdk::DemoData lives in the SDK's library, so its type_info
        // is one for host and plugins, and this cross-cast works across libraries.
        auto* demo = dynamic_cast<sdk::DemoData*>(entry.instance.get());
        if (!entry.started || demo == nullptr)
            continue;
        try {
            demo->seedDemoData(*entry.host);
        } catch (const std::exception& e) {
            throw PluginError("plugin '" + entry.library.name + "' failed to add its demo data: " + e.what());
        } catch (...) {
            throw PluginError("plugin '" + entry.library.name +
                              "' failed to add its demo data: unknown exception");
        }
        logger.information("plugin %s added its demo data", entry.library.name);
    }
}

std::vector<std::string> PluginManager::holdersOfClinic(std::int64_t clinicId) const
{
    std::vector<std::string> out;
    for (const auto& entry : _plugins) {
        auto* records = dynamic_cast<sdk::ClinicRecords*>(entry.instance.get());
        if (!entry.started || records == nullptr)
            continue;
        bool holds = true;
        try {
            holds = records->holdsClinicRecords(clinicId);
        } catch (const std::exception& e) {
            Poco::Logger::get("plugins").error(
                "plugin %s failed to say whether it holds records of clinic %s: %s", entry.library.name,
                std::to_string(clinicId), std::string(e.what()));
        } catch (...) {
            Poco::Logger::get("plugins").error(
                "plugin %s failed to say whether it holds records of clinic %s", entry.library.name,
                std::to_string(clinicId));
        }
        if (holds)
            out.push_back(entry.library.name);
    }
    return out;
}

std::vector<sdk::CatalogItem> PluginManager::catalog() const
{
    std::vector<sdk::CatalogItem> out;
    for (const auto& entry : _plugins) {
        auto* source = dynamic_cast<sdk::CatalogSource*>(entry.instance.get());
        if (!entry.started || source == nullptr)
            continue;
        try {
            auto items = source->catalogItems();
            out.insert(out.end(), items.begin(), items.end());
        } catch (const std::exception& e) {
            Poco::Logger::get("plugins").error("plugin %s failed to list its catalog: %s", entry.library.name,
                                               std::string(e.what()));
        } catch (...) {
            Poco::Logger::get("plugins").error("plugin %s failed to list its catalog", entry.library.name);
        }
    }
    return out;
}

void PluginManager::stop()
{
    auto& logger = Poco::Logger::get("plugins");
    // Withdraw everything first, so no route or handler of any plugin runs while
    // the others stop.
    for (auto it = _plugins.rbegin(); it != _plugins.rend(); ++it)
        it->host->withdraw();
    for (auto it = _plugins.rbegin(); it != _plugins.rend(); ++it) {
        // Requests in flight hold the instance through their route; wait for them.
        it->host->setKeepAlive(nullptr);
        const auto deadline = std::chrono::steady_clock::now() + _drainTimeout;
        while (it->instance && it->instance.use_count() > 1 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (it->instance && it->instance.use_count() > 1)
            logger.warning("plugin %s still has requests in flight after %d s; stopping it anyway",
                           it->library.name, static_cast<int>(_drainTimeout.count()));
        if (it->started) {
            try {
                it->instance->stop();
            } catch (const std::exception& e) {
                logger.error("plugin %s failed to stop cleanly: %s", it->library.name, std::string(e.what()));
            } catch (...) {
                logger.error("plugin %s failed to stop cleanly", it->library.name);
            }
            it->started = false;
            --_startedCount;
        }
        it->instance.reset(); // destroy; the library stays loaded while the deleter runs
    }
    // Host objects first, then the libraries, which unload as their last reference goes.
    while (!_plugins.empty())
        _plugins.pop_back();
}

std::vector<PluginManager::Info> PluginManager::started() const
{
    std::vector<Info> out;
    for (const auto& entry : _plugins)
        if (entry.started)
            out.push_back({entry.library.name, entry.library.version, entry.library.description,
                           entry.library.directory});
    return out;
}

std::vector<std::string> PluginManager::names() const
{
    std::vector<std::string> out;
    for (const auto& entry : _plugins)
        out.push_back(entry.library.name);
    return out;
}

} // namespace molar::host

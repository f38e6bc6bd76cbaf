#pragma once

#include "db/Migrator.h"
#include "plugins/PluginHost.h"
#include "plugins/PluginLoader.h"

#include <chrono>
#include <memory>
#include <vector>

namespace molar::host {

// The lifecycle of DESIGN.md for the enabled plugins: load and check every
// manifest → order by dependency → migrate → configure → start; and at the end,
// in reverse order: withdraw routes/handlers/jobs → stop → destroy → unload.
// Every refusal is a PluginError with one line naming the plugin and the reason.
class PluginManager
{
public:
    explicit PluginManager(HostServices& services,
                           std::chrono::seconds drainTimeout = std::chrono::seconds(30))
        : _services(services), _drainTimeout(drainTimeout)
    {
    }
    ~PluginManager();

    void load(const std::vector<std::string>& enabled, const std::vector<std::string>& searchPaths);
    void migrate(Migrator& migrator, sdk::Dialect dialect);
    // Adds each plugin's templates and catalogs, calls configure(), and refuses
    // keys in its subtree that it did not read.
    void configure(MessageCatalog& catalog);
    void start();
    // Calls seedDemoData() of every started plugin that implements sdk::DemoData, in
    // start order (molard --demo-data). Throws PluginError naming the plugin that failed.
    void seedDemoData();
    // The started plugins that implement sdk::ClinicRecords and hold records of the
    // clinic (SDK 1.5); a plugin whose answer throws is counted, so its records stay.
    std::vector<std::string> holdersOfClinic(std::int64_t clinicId) const;
    // The items of every started plugin that implements sdk::CatalogSource (SDK 1.6),
    // in start order; a plugin whose answer throws is logged and left out.
    std::vector<sdk::CatalogItem> catalog() const;
    // Safe to call more than once; also called by the destructor.
    void stop();

    struct Info
    {
        std::string name, version, description, directory;
    };
    std::vector<Info> started() const;
    bool allStarted() const { return _startedCount == _plugins.size(); }
    std::vector<std::string> names() const;

private:
    struct Entry
    {
        PluginLibrary library;
        std::shared_ptr<sdk::Plugin> instance;
        std::unique_ptr<PluginHost> host;
        bool started = false;
    };
    HostServices& _services;
    std::chrono::seconds _drainTimeout;
    std::vector<Entry> _plugins; // in start order
    std::size_t _startedCount = 0;
};

} // namespace molar::host

// A real Portal on a free loopback port, on a fresh test database, with the demo's
// people added as `molard --demo-data` does: the ground the accounts HTTP suites stand on.
#pragma once

#include "TestDatabase.h"

#include "accounts/AccountProvisioning.h"
#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace molar::test {

class DemoPortal
{
public:
    using Settings = std::vector<std::pair<std::string, std::string>>;

    explicit DemoPortal(host::ManualClock& clock, const Settings& settings = {})
    {
        _config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        _config.set("http.port", "0");
        _config.set("db.url", _database.url());
        _config.set("plugins.path", _plugins.path());
        _config.set("logging.accessLog", "false");
        _config.set("jobs.workers", "1");
        _config.set("demo.enabled", "true"); // the demo's people, with their known passwords
        for (const auto& [key, value] : settings)
            _config.set(key, value);
        _config.addPluginDefaults(); // as molard does: each enabled plugin's own defaults
        _portal = std::make_unique<host::Portal>(_config, molar::host::defaultDataDir(), clock);
        _portal->configure();
        _portal->openDatabase();
        signIns =
            host::seedDemoAccounts(_portal->database(), clock, _portal->passwordHasher(), _portal->audit());
        _portal->start();
    }

    host::Portal& portal() { return *_portal; }
    std::vector<host::DemoSignIn> signIns;

private:
    TestDatabase _database;
    TempDir _plugins;
    host::ConfigStore _config;
    std::unique_ptr<host::Portal> _portal; // last: stopped before the rest goes
};

} // namespace molar::test

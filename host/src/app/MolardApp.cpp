#include "app/MolardApp.h"

#include "accounts/AccountProvisioning.h"
#include "app/OperatorCommands.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"
#include "log/Logging.h"
#include "plugins/PluginLoader.h"

#include "molar/sdk/Version.h"

#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IntValidator.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>

#include <iostream>

extern char** environ;

namespace molar::host {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

void MolardApp::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    options.addOption(Option("help", "h", "Show this help and exit.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleHelp)));
    options.addOption(Option("config", "c",
                             "Folder of overrides: molar.properties and conf.d/*.properties "
                             "(default /etc/molar).")
                          .required(false)
                          .repeatable(false)
                          .argument("dir")
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("data-dir", "d",
                             std::string("Folder holding config/ defaults and templates/ (default ") +
                                 defaultDataDir() + ").")
                          .required(false)
                          .repeatable(false)
                          .argument("dir")
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("set", "s",
                             "Set a configuration key, above every file and the environment "
                             "(repeatable), e.g. --set http.port=9090.")
                          .required(false)
                          .repeatable(true)
                          .argument("key=value")
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("create-admin", "",
                             "Create the first lab admin with this email, print a one-time "
                             "password, and exit.")
                          .required(false)
                          .repeatable(false)
                          .argument("email")
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("demo-data", "",
                             "Add the demo's lab and clinic accounts (once) and print their "
                             "sign-ins; plugins add their own demo data.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("list-routes", "", "Start, print every route with its owner, and exit.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("check-config", "",
                             "Read and check the configuration and the enabled plugins' libraries, "
                             "then exit: 0 when molard would start, 78 with the reason when not.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("list-plugins", "",
                             "Print each enabled plugin (version, where it was enabled, its library) "
                             "and the installed ones nobody enabled, then exit.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleSet)));
    options.addOption(Option("version", "V", "Print the version and the SDK's, and exit.")
                          .required(false)
                          .repeatable(false)
                          .callback(OptionCallback<MolardApp>(this, &MolardApp::handleVersion)));
}

void MolardApp::handleVersion(const std::string&, const std::string&)
{
    _versionRequested = true;
    stopOptionsProcessing();
}

void MolardApp::handleHelp(const std::string&, const std::string&)
{
    _helpRequested = true;
    stopOptionsProcessing();
}

void MolardApp::handleSet(const std::string& name, const std::string& value)
{
    if (name == "config") {
        _configDir = value;
        _configDirGiven = true;
    } else if (name == "data-dir") {
        _dataDir = value;
    } else if (name == "list-routes") {
        _listRoutes = true;
    } else if (name == "check-config") {
        _checkConfig = true;
    } else if (name == "list-plugins") {
        _listPlugins = true;
    } else if (name == "create-admin") {
        _createAdmin = value;
    } else if (name == "demo-data") {
        _demoData = true;
    } else {
        auto eq = value.find('=');
        if (eq == std::string::npos || eq == 0)
            _badOption = "--set needs key=value, not '" + value + "'";
        else
            _sets.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    }
}

int MolardApp::createAdmin(Portal& portal, const sdk::Clock& clock)
{
    try {
        const std::string password =
            createLabAdmin(portal.database(), clock, portal.passwordHasher(), portal.audit(), _createAdmin);
        std::cout << "Created lab admin " << _createAdmin << ".\n"
                  << "One-time password: " << password << "\n"
                  << "Sign in at /sign-in; you will choose your own password first." << std::endl;
        return EXIT_OK;
    } catch (const AccountStore::AccountError& e) {
        std::cerr << "molard: --create-admin " << _createAdmin << ": "
                  << (e.field() == "email" && std::string(e.what()) == "account.email.taken"
                          ? "an account with this email already exists"
                          : "not a usable email address")
                  << std::endl;
        return EXIT_DATAERR;
    }
}

void MolardApp::displayHelp()
{
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[options]");
    help.setHeader("Molar " MOLAR_VERSION ": the portal server for dental laboratories and their clinics.");
    help.setFooter(
        "Configuration layers, lowest first: <data-dir>/config/molar.properties and conf.d/*.properties, "
        "each enabled plugin's config/<name>.properties, "
        "the same files under --config, MOLAR_* environment variables (MOLAR_DB_URL sets db.url), "
        "and --set. SIGTERM stops the server after the requests in flight finish.");
    help.format(std::cout);
}

int MolardApp::main(const ArgVec&)
{
    if (_helpRequested) {
        displayHelp();
        return EXIT_OK;
    }
    if (_versionRequested) {
        std::cout << "molard " MOLAR_VERSION " (Molar SDK " MOLAR_SDK_VERSION ")" << std::endl;
        return EXIT_OK;
    }
    if (!_badOption.empty()) {
        std::cerr << "molard: " << _badOption << "\n";
        return EXIT_USAGE;
    }
    ConfigStore store;
    try {
        store.addBuiltInDefault("plugins.path", defaultPluginDir());
        store.addDirectory(Poco::Path(_dataDir, "config").toString());
        if (Poco::File(_configDir).exists()) {
            store.addDirectory(_configDir);
            store.addPluginsDirectory(Poco::Path(_configDir, "plugins.d").toString());
        } else if (_configDirGiven) {
            std::cerr << "molard: --config " << _configDir << ": no such folder\n";
            return EXIT_CONFIG;
        }
        store.addEnvironment(environ);
    } catch (const Poco::Exception& e) {
        std::cerr << "molard: " << e.displayText() << "\n";
        return EXIT_CONFIG;
    }
    for (const auto& [key, value] : _sets)
        store.set(key, value);
    try {
        store.addPluginDefaults();
    } catch (const Poco::Exception& e) {
        std::cerr << "molard: " << e.displayText() << "\n";
        return EXIT_CONFIG;
    }

    SystemClock clock;
    Portal portal(store, _dataDir, clock);
    try {
        portal.configure();
    } catch (const StartupError& e) {
        std::cerr << "molard: " << e.what() << "\n";
        return EXIT_CONFIG;
    }
    if (_checkConfig || _listPlugins) {
        try {
            if (_listPlugins)
                listPlugins(store, portal.settings(), std::cout);
            else
                describeCheckedConfig(store, portal.settings(), std::cout);
        } catch (const PluginError& e) {
            std::cerr << "molard: " << e.what() << "\n";
            return EXIT_CONFIG;
        }
        return EXIT_OK;
    }
    if (const auto risk = rootOwnedFileRisk(portal.settings())) {
        std::cerr << "molard: running as root: " << *risk << "\n";
        return EXIT_NOPERM;
    }
    if (_demoData && !portal.settings().demo.enabled) {
        std::cerr << "molard: --demo-data adds accounts with known passwords; it runs only with a demo's "
                     "configuration (demo.enabled = true, as in config/demo)\n";
        return EXIT_CONFIG;
    }
    configureLogging(portal.settings().logging);
    std::vector<DemoSignIn> demo;
    try {
        portal.openDatabase();
        if (!_createAdmin.empty())
            return createAdmin(portal, clock);
        if (_demoData)
            demo = seedDemoAccounts(portal.database(), clock, portal.passwordHasher(), portal.audit());
        if (_demoData)
            portal.awaitDemoData();
        portal.start();
        if (_demoData)
            portal.seedPluginDemoData();
    } catch (const ConfigurationError& e) {
        std::cerr << "molard: " << e.what() << "\n";
        return EXIT_CONFIG;
    } catch (const StartupError& e) {
        std::cerr << "molard: " << e.what() << "\n";
        return EXIT_SOFTWARE;
    }
    if (_listRoutes) {
        for (const auto& route : portal.routes())
            std::cout << route << "\n";
        portal.stop();
        return EXIT_OK;
    }
    std::cout << "Molar is serving at http://" << portal.settings().http.address << ":" << portal.port()
              << "/" << std::endl;
    if (!demo.empty()) {
        std::cout << "Demo sign-ins (email / password):" << std::endl;
        for (const auto& d : demo)
            std::cout << "  " << d.who << ": " << d.login << " / " << d.password << std::endl;
    }
    waitForTerminationRequest();
    Poco::Logger::get("molard").information("stopping: draining requests in flight");
    portal.stop();
    return EXIT_OK;
}

} // namespace molar::host

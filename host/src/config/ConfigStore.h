#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// The layered configuration of DESIGN.md, lowest priority first: the defaults
// folder (molar.properties, then conf.d/*.properties), each enabled plugin's own
// defaults (<plugin folder>/config/<name>.properties), the override folder
// (/etc/molar, same shape), MOLAR_* environment variables, and --set on the
// command line. It remembers where each layer came from, so an error can name the
// file that set a bad value.
class ConfigStore
{
public:
    ConfigStore();

    // Loads <dir>/molar.properties and <dir>/conf.d/*.properties when present.
    // A file that cannot be parsed throws Poco::Exception naming it.
    void addDirectory(const std::string& dir);
    void addFile(const std::string& path);
    // A built-in default (plugins.path from the install's libdir): below every file.
    // Call it before anything else is added.
    void addBuiltInDefault(const std::string& key, const std::string& value);
    // Enables the plugins that <dir>/*.conf name, one per file ("plugin = cases"), in the
    // files' name order, as a plugin package drops its file into /etc/molar/plugins.d/
    // (like nginx's modules-enabled/). A broken link (its package removed) is skipped; a
    // file that names no plugin, or more than one thing, throws Poco::DataFormatException.
    void addPluginsDirectory(const std::string& dir);
    // MOLAR_HTTP_PORT sets http.port: each MOLAR_ variable is matched against the
    // keys the files already define, ignoring case, dots and underscores.
    void addEnvironment(char** environ);
    // The command line's --set key=value; highest priority.
    void set(const std::string& key, const std::string& value);
    // Each enabled plugin's defaults, <dir>/<name>/config/<name>.properties from the
    // first folder of plugins.path holding <name>/<name>.so, placed above the first
    // folder added (the defaults) and below the later ones. Call it once every other
    // layer is in: plugins.path and plugins.enabled may come from any of them. A
    // disabled plugin's defaults stay out; MOLAR_ variables for keys these files
    // define are matched again. The plugin's notification rules, config/
    // notifications.properties, come in the same way; a key there that is not a rule
    // or label throws Poco::DataFormatException naming the file.
    void addPluginDefaults();

    const Poco::Util::AbstractConfiguration& merged() const { return *_merged; }
    bool has(const std::string& key) const { return _merged->hasProperty(key); }
    std::string get(const std::string& key) const { return _merged->getRawString(key, ""); }
    // Where the value in force for `key` came from: a file path, "environment
    // variable X" or "--set"; "default" when no layer has it.
    std::string origin(const std::string& key) const;
    // Every leaf key below `prefix` ("" for all), full names, sorted.
    std::vector<std::string> leafKeys(const std::string& prefix) const;
    // plugins.enabled, then the plugins of plugins.d files not already listed.
    std::vector<std::string> enabledPlugins() const;
    // Where plugin `name` was enabled: "plugins.enabled (<origin>)" or its plugins.d file.
    std::string pluginOrigin(const std::string& name) const;
    // Top-level names of files loaded from conf.d folders (their plugin names).
    const std::vector<std::string>& confdNames() const { return _confdNames; }

private:
    struct Layer
    {
        std::string origin;
        Poco::AutoPtr<Poco::Util::AbstractConfiguration> config;
    };
    void addLayer(const std::string& origin, Poco::AutoPtr<Poco::Util::AbstractConfiguration> config);
    void insertLayer(std::size_t at, const std::string& origin,
                     Poco::AutoPtr<Poco::Util::AbstractConfiguration> config);
    void forgetLeaves();

    Poco::AutoPtr<Poco::Util::LayeredConfiguration> _merged;
    Poco::AutoPtr<Poco::Util::MapConfiguration> _commandLine;
    std::vector<Layer> _layers; // in priority order, lowest first, --set last
    std::vector<std::string> _confdNames;
    struct DroppedPlugin
    {
        std::string name, file;
    };
    std::vector<DroppedPlugin> _droppedPlugins; // from plugins.d, in file-name order
    std::size_t _afterDefaults = 0;             // where plugin defaults go: after the first folder's layers
    bool _defaultsAdded = false;
    char** _environ = nullptr;
    std::vector<std::string> _environNames; // MOLAR_ variables already matched
    // Every leaf key, sorted, until a layer or a --set changes them: Poco lists keys one
    // prefix at a time, each a scan of every layer, and plugins ask for many subtrees.
    mutable std::mutex _leavesMutex;
    mutable std::optional<std::vector<std::string>> _leaves;
};

} // namespace molar::host

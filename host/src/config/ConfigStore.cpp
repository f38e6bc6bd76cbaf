#include "config/ConfigStore.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <functional>
#include <map>

namespace molar::host {

namespace {

// "http.maxThreads" and "MOLAR_HTTP_MAXTHREADS" both become "httpmaxthreads".
std::string normalizedKey(const std::string& key)
{
    std::string out;
    for (char c : key)
        if (c != '.' && c != '_' && c != '-')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void collectLeaves(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                   std::vector<std::string>& out)
{
    Poco::Util::AbstractConfiguration::Keys children;
    config.keys(prefix, children);
    if (children.empty()) {
        if (!prefix.empty() && config.hasProperty(prefix))
            out.push_back(prefix);
        return;
    }
    if (!prefix.empty() && config.hasProperty(prefix))
        out.push_back(prefix);
    for (const auto& child : children) {
        // A key that starts with '.' (or is empty) is an empty name at the top: Poco cannot
        // list below it, and following it would start over at the top for ever.
        if (prefix.empty() && child.empty())
            continue;
        collectLeaves(config, prefix.empty() ? child : prefix + "." + child, out);
    }
}

} // namespace

ConfigStore::ConfigStore()
    : _merged(new Poco::Util::LayeredConfiguration), _commandLine(new Poco::Util::MapConfiguration)
{
    // The command line sits above every other layer, whatever is added later
    // (in Poco, the lower the priority number, the earlier a layer is asked).
    _merged->add(_commandLine, -1000000, false);
}

void ConfigStore::addLayer(const std::string& origin, Poco::AutoPtr<Poco::Util::AbstractConfiguration> config)
{
    insertLayer(_layers.size(), origin, config);
}

void ConfigStore::insertLayer(std::size_t at, const std::string& origin,
                              Poco::AutoPtr<Poco::Util::AbstractConfiguration> config)
{
    forgetLeaves();
    _layers.insert(_layers.begin() + static_cast<std::ptrdiff_t>(at), {origin, config});
    // Priorities follow the layers' order: the later, the earlier asked.
    for (const auto& layer : _layers)
        _merged->removeConfiguration(layer.config);
    for (std::size_t i = 0; i < _layers.size(); ++i)
        _merged->add(_layers[i].config, -static_cast<int>(i), false);
}

void ConfigStore::addFile(const std::string& path)
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
        new Poco::Util::PropertyFileConfiguration(path));
    addLayer(path, file);
}

void ConfigStore::addDirectory(const std::string& dir)
{
    Poco::Path main(dir, "molar.properties");
    if (Poco::File(main).exists())
        addFile(main.toString());
    Poco::File confd(Poco::Path(dir, "conf.d"));
    std::vector<std::string> files;
    if (confd.exists() && confd.isDirectory())
        for (Poco::DirectoryIterator it(confd); it != Poco::DirectoryIterator(); ++it)
            if (it->isFile() && Poco::Path(it.name()).getExtension() == "properties")
                files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        addFile(file);
        _confdNames.push_back(Poco::Path(file).getBaseName());
    }
    if (!_defaultsAdded) {
        _defaultsAdded = true;
        _afterDefaults = _layers.size();
    }
}

void ConfigStore::addBuiltInDefault(const std::string& key, const std::string& value)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> defaults(new Poco::Util::MapConfiguration);
    defaults->setString(key, value);
    addLayer("built-in default", defaults);
}

void ConfigStore::addPluginsDirectory(const std::string& dir)
{
    Poco::File folder(dir);
    if (!folder.exists() || !folder.isDirectory())
        return;
    std::vector<std::string> files;
    for (Poco::DirectoryIterator it(folder); it != Poco::DirectoryIterator(); ++it)
        // exists() follows a link: a link whose plugin package is gone is no plugin.
        if (Poco::Path(it.name()).getExtension() == "conf" && it->exists() && it->isFile())
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config(
            new Poco::Util::PropertyFileConfiguration(file));
        std::vector<std::string> keys;
        collectLeaves(*config, "", keys);
        if (keys != std::vector<std::string>{"plugin"} || config->getString("plugin").empty())
            throw Poco::DataFormatException(file + ": a plugins.d file holds one line, plugin = <name>");
        const std::string name = Poco::trim(config->getString("plugin"));
        const bool already = std::any_of(_droppedPlugins.begin(), _droppedPlugins.end(),
                                         [&](const DroppedPlugin& p) { return p.name == name; });
        if (!already)
            _droppedPlugins.push_back({name, file});
    }
}

std::vector<std::string> ConfigStore::enabledPlugins() const
{
    std::vector<std::string> out;
    Poco::StringTokenizer listed(get("plugins.enabled"), ",",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    out.assign(listed.begin(), listed.end());
    for (const auto& dropped : _droppedPlugins)
        if (std::find(out.begin(), out.end(), dropped.name) == out.end())
            out.push_back(dropped.name);
    return out;
}

std::string ConfigStore::pluginOrigin(const std::string& name) const
{
    Poco::StringTokenizer listed(get("plugins.enabled"), ",",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    if (std::find(listed.begin(), listed.end(), name) != listed.end())
        return "plugins.enabled (" + origin("plugins.enabled") + ")";
    for (const auto& dropped : _droppedPlugins)
        if (dropped.name == name)
            return dropped.file;
    return "not enabled";
}

void ConfigStore::addPluginDefaults()
{
    Poco::StringTokenizer folders(get("plugins.path"), ",",
                                  Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& name : enabledPlugins()) {
        for (const auto& folder : folders) {
            Poco::Path plugin(Poco::Path(folder).makeDirectory());
            plugin.pushDirectory(name);
            if (!Poco::File(Poco::Path(plugin, name + ".so")).exists())
                continue;
            plugin.pushDirectory("config");
            Poco::Path defaults(plugin, name + ".properties");
            if (Poco::File(defaults).exists()) {
                Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
                    new Poco::Util::PropertyFileConfiguration(defaults.toString()));
                insertLayer(_afterDefaults++, defaults.toString(), file);
            }
            // The plugin's notification rules: only rules and labels, nothing else of the host's.
            Poco::Path rules(plugin, "notifications.properties");
            if (Poco::File(rules).exists()) {
                Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
                    new Poco::Util::PropertyFileConfiguration(rules.toString()));
                std::vector<std::string> keys;
                collectLeaves(*file, "", keys);
                for (const auto& key : keys)
                    if (key.rfind("notifications.rules.", 0) != 0 &&
                        key.rfind("notifications.labels.", 0) != 0)
                        throw Poco::DataFormatException(rules.toString() + ": " + key +
                                                        " is not a notification rule (notifications.rules.*) "
                                                        "or label (notifications.labels.*)");
                insertLayer(_afterDefaults++, rules.toString(), file);
            }
            break; // the loader refuses a plugin found twice; the first is enough here
        }
    }
    if (_environ)
        addEnvironment(_environ);
}

void ConfigStore::addEnvironment(char** environ)
{
    _environ = environ;
    std::map<std::string, std::string> known;
    for (const auto& key : leafKeys(""))
        known.emplace(normalizedKey(key), key);
    Poco::AutoPtr<Poco::Util::MapConfiguration> env(new Poco::Util::MapConfiguration);
    std::vector<std::string> names;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string pair(*entry);
        auto eq = pair.find('=');
        if (eq == std::string::npos || pair.compare(0, 6, "MOLAR_") != 0)
            continue;
        auto match = known.find(normalizedKey(pair.substr(6, eq - 6)));
        if (match == known.end() ||
            std::count(_environNames.begin(), _environNames.end(), pair.substr(0, eq)))
            continue;
        env->setString(match->second, pair.substr(eq + 1));
        names.push_back(pair.substr(0, eq));
    }
    // One layer per variable keeps the origin exact.
    for (const auto& name : names) {
        Poco::AutoPtr<Poco::Util::MapConfiguration> one(new Poco::Util::MapConfiguration);
        auto key = known.at(normalizedKey(name.substr(6)));
        one->setString(key, env->getString(key));
        addLayer("environment variable " + name, one);
        _environNames.push_back(name);
    }
}

void ConfigStore::set(const std::string& key, const std::string& value)
{
    forgetLeaves();
    _commandLine->setString(key, value);
}

std::string ConfigStore::origin(const std::string& key) const
{
    if (_commandLine->hasProperty(key))
        return "--set";
    for (auto it = _layers.rbegin(); it != _layers.rend(); ++it)
        if (it->config->hasProperty(key))
            return it->origin;
    return "default";
}

void ConfigStore::forgetLeaves()
{
    std::lock_guard<std::mutex> lock(_leavesMutex);
    _leaves.reset();
}

std::vector<std::string> ConfigStore::leafKeys(const std::string& prefix) const
{
    std::lock_guard<std::mutex> lock(_leavesMutex);
    if (!_leaves) {
        std::vector<std::string> all;
        collectLeaves(*_merged, "", all);
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        _leaves = std::move(all);
    }
    if (prefix.empty())
        return *_leaves;
    // The prefix itself when it has a value, then the keys below it: one sorted range.
    std::vector<std::string> out;
    for (auto it = std::lower_bound(_leaves->begin(), _leaves->end(), prefix); it != _leaves->end(); ++it) {
        if (*it == prefix)
            out.push_back(*it);
        else if (it->size() > prefix.size() && it->compare(0, prefix.size(), prefix) == 0 &&
                 (*it)[prefix.size()] == '.')
            out.push_back(*it);
        else if (it->compare(0, prefix.size(), prefix) != 0)
            break;
    }
    return out;
}

} // namespace molar::host

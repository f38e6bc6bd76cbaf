#include "config/ConfigStore.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
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
    for (const auto& child : children)
        collectLeaves(config, prefix.empty() ? child : prefix + "." + child, out);
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
    _merged->add(config, _nextPriority--, false);
    _layers.push_back({origin, config});
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
    if (!confd.exists() || !confd.isDirectory())
        return;
    std::vector<std::string> files;
    for (Poco::DirectoryIterator it(confd); it != Poco::DirectoryIterator(); ++it)
        if (it->isFile() && Poco::Path(it.name()).getExtension() == "properties")
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        addFile(file);
        _confdNames.push_back(Poco::Path(file).getBaseName());
    }
}

void ConfigStore::addEnvironment(char** environ)
{
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
        if (match == known.end())
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
    }
}

void ConfigStore::set(const std::string& key, const std::string& value)
{
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

std::vector<std::string> ConfigStore::leafKeys(const std::string& prefix) const
{
    std::vector<std::string> out;
    collectLeaves(*_merged, prefix, out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace molar::host

#include "app/OperatorCommands.h"

#include "db/DatabaseUrl.h"
#include "plugins/PluginLoader.h"

#include "molar/sdk/Version.h"

#include <Poco/Path.h>

#include <pwd.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace molar::host {

namespace {

// The owner of `path`, or of its nearest folder that exists.
std::optional<uid_t> nearestOwner(Poco::Path path)
{
    path.makeAbsolute();
    for (;;) {
        struct stat info
        {
        };
        if (::stat(path.toString().c_str(), &info) == 0)
            return info.st_uid;
        if (path.depth() == 0)
            return std::nullopt;
        path = path.parent();
    }
}

} // namespace

void listPlugins(const ConfigStore& store, const HostSettings& settings, std::ostream& out)
{
    const auto plugins = PluginLoader::loadEnabled(settings.pluginsEnabled, settings.pluginPaths);
    for (const auto& plugin : plugins)
        out << plugin.name << " " << plugin.version << "  enabled by " << store.pluginOrigin(plugin.name)
            << "  " << plugin.file << "\n";
    std::set<std::string> enabled(settings.pluginsEnabled.begin(), settings.pluginsEnabled.end());
    for (const auto& name : PluginLoader::installedNames(settings.pluginPaths))
        if (!enabled.count(name))
            out << name << "  installed, not enabled\n";
    if (plugins.empty())
        out << "No plugin is enabled (plugins.enabled, or a file in plugins.d/).\n";
}

void describeCheckedConfig(const ConfigStore& store, const HostSettings& settings, std::ostream& out)
{
    const auto plugins = PluginLoader::loadEnabled(settings.pluginsEnabled, settings.pluginPaths);
    out << "Configuration OK: database " << DatabaseUrl::parse(settings.db.url).display << " ("
        << store.origin("db.url") << "), " << plugins.size() << " plugin" << (plugins.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < plugins.size(); ++i)
        out << (i == 0 ? ": " : ", ") << plugins[i].name << " " << plugins[i].version;
    out << ", served at " << settings.http.publicUrl << ".\n"
        << "Each plugin checks its own settings when it starts.\n";
}

std::optional<std::string> rootOwnedFileRisk(const HostSettings& settings)
{
    if (::geteuid() != 0)
        return std::nullopt;
    std::vector<std::string> paths;
    const DatabaseUrl url = DatabaseUrl::parse(settings.db.url);
    if (url.dialect == sdk::Dialect::SQLite && url.connectionString != ":memory:")
        paths.push_back(url.connectionString);
    paths.push_back(settings.files.root);
    if (!settings.logging.file.empty())
        paths.push_back(settings.logging.file);
    for (const auto& path : paths) {
        const auto owner = nearestOwner(Poco::Path(path));
        if (owner && *owner != 0) {
            const passwd* user = ::getpwuid(*owner);
            const std::string name = user ? user->pw_name : std::to_string(*owner);
            return path + " belongs to " + name +
                   ", and files root made there would be root's; run molard as " + name + " (runuser -u " +
                   name + " -- molard ...), or molar-create-admin <email> for the first admin";
        }
    }
    return std::nullopt;
}

} // namespace molar::host

#include "plugins/PluginLoader.h"

#include "molar/sdk/Version.h"

#include <boost/dll/shared_library.hpp>
#include <boost/filesystem.hpp>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <set>

namespace molar::host {

namespace {

using AbiFunction = unsigned() noexcept;
using ManifestFunction = const MolarPluginManifest*() noexcept;
using CreateFunction = sdk::Plugin*(MolarPluginError*) noexcept;
using DestroyFunction = void(sdk::Plugin*) noexcept;

std::string versionText(unsigned abi)
{
    return std::to_string(abi >> 16) + "." + std::to_string(abi & 0xffff);
}

const char* orEmpty(const char* text)
{
    return text ? text : "";
}

} // namespace

std::shared_ptr<sdk::Plugin> PluginLibrary::create() const
{
    auto createFn = library->get<CreateFunction>("molar_plugin_create");
    auto destroyFn = library->get<DestroyFunction>("molar_plugin_destroy");
    MolarPluginError error{};
    sdk::Plugin* raw = createFn(&error);
    if (raw == nullptr)
        throw PluginError(file + ": plugin '" + name + "' could not be created: " +
                          (error.message[0] ? error.message : "no reason given"));
    // The deleter keeps the library loaded until the instance is destroyed.
    auto keepLoaded = library;
    return std::shared_ptr<sdk::Plugin>(raw, [keepLoaded, destroyFn](sdk::Plugin* p) { destroyFn(p); });
}

PluginLibrary PluginLoader::open(const std::string& file)
{
    auto library = std::make_shared<boost::dll::shared_library>();
    boost::dll::fs::error_code ec;
    // Immediate binding: a missing symbol fails here, not in the middle of a request.
    library->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
    if (ec)
        throw PluginConfigError(file + ": cannot be loaded: " + ec.message());
    for (const char* symbol :
         {"molar_plugin_abi", "molar_plugin_manifest", "molar_plugin_create", "molar_plugin_destroy"})
        if (!library->has(symbol))
            throw PluginConfigError(file + ": not a Molar plugin (no " + symbol +
                                    " symbol; export it with MOLAR_PLUGIN)");

    const unsigned abi = library->get<AbiFunction>("molar_plugin_abi")();
    const unsigned hostMajor = MOLAR_SDK_VERSION_MAJOR, hostMinor = MOLAR_SDK_VERSION_MINOR;
    if ((abi >> 16) != hostMajor || (abi & 0xffff) > hostMinor)
        throw PluginConfigError(file + ": built for SDK " + versionText(abi) +
                                ", but this host provides SDK " + versionText(MOLAR_SDK_ABI) +
                                "; rebuild it against SDK " + std::to_string(hostMajor) + ".x with minor " +
                                std::to_string(hostMinor) + " or lower");

    const MolarPluginManifest* manifest = library->get<ManifestFunction>("molar_plugin_manifest")();
    if (manifest == nullptr || manifest->abi != abi)
        throw PluginConfigError(file + ": its manifest is missing or disagrees with its ABI word");
    PluginLibrary out;
    out.name = orEmpty(manifest->name);
    static const std::regex validName("^[a-z][a-z0-9-]{0,39}$");
    if (!std::regex_match(out.name, validName))
        throw PluginConfigError(file + ": plugin name '" + out.name +
                                "' must be lower-case letters, digits and dashes");
    out.version = orEmpty(manifest->version);
    out.description = orEmpty(manifest->description);
    Poco::StringTokenizer deps(orEmpty(manifest->dependencies), ",",
                               Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    out.dependencies.assign(deps.begin(), deps.end());
    out.file = file;
    out.directory = Poco::Path(file).parent().toString();
    out.library = std::move(library);
    return out;
}

std::string PluginLoader::find(const std::string& name, const std::vector<std::string>& searchPaths)
{
    std::vector<std::string> found;
    for (const auto& dir : searchPaths) {
        Poco::Path candidate(Poco::Path(dir).makeDirectory());
        candidate.pushDirectory(name);
        candidate.setFileName(name + ".so");
        if (Poco::File(candidate).exists())
            found.push_back(candidate.toString());
    }
    if (found.empty()) {
        std::string where;
        for (const auto& dir : searchPaths)
            where += (where.empty() ? "" : ", ") + dir;
        throw PluginConfigError("plugin '" + name + "' is enabled but there is no " + name + "/" + name +
                                ".so in plugins.path (" + (where.empty() ? "empty" : where) + ")");
    }
    if (found.size() > 1)
        throw PluginConfigError("plugin '" + name + "' is found twice: " + found[0] + " and " + found[1] +
                                "; remove one or narrow plugins.path");
    return found.front();
}

std::set<std::string> PluginLoader::installedNames(const std::vector<std::string>& searchPaths)
{
    std::set<std::string> names;
    for (const auto& dir : searchPaths) {
        Poco::File folder(dir);
        if (!folder.exists() || !folder.isDirectory())
            continue;
        for (Poco::DirectoryIterator it(folder); it != Poco::DirectoryIterator(); ++it)
            if (it->isDirectory())
                names.insert(it.name());
    }
    return names;
}

std::vector<PluginLibrary> PluginLoader::loadEnabled(const std::vector<std::string>& enabled,
                                                     const std::vector<std::string>& searchPaths)
{
    std::vector<PluginLibrary> plugins;
    std::set<std::string> seen;
    for (const auto& name : enabled) {
        if (!seen.insert(name).second)
            throw PluginConfigError("plugin '" + name + "' is listed twice in plugins.enabled");
        PluginLibrary plugin = open(find(name, searchPaths));
        if (plugin.name != name)
            throw PluginConfigError(plugin.file + ": its manifest names it '" + plugin.name +
                                    "', but it was enabled as '" + name + "'");
        plugins.push_back(std::move(plugin));
    }
    return order(std::move(plugins));
}

std::vector<PluginLibrary> PluginLoader::order(std::vector<PluginLibrary> plugins)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < plugins.size(); ++i) {
        if (!index.emplace(plugins[i].name, i).second)
            throw PluginConfigError("plugin '" + plugins[i].name + "' is loaded twice: " +
                                    plugins[index[plugins[i].name]].file + " and " + plugins[i].file);
    }
    for (const auto& p : plugins)
        for (const auto& dep : p.dependencies)
            if (!index.count(dep))
                throw PluginConfigError("plugin '" + p.name + "' requires '" + dep +
                                        "', which is not enabled" + " (add it to plugins.enabled)");

    // Depth-first, keeping the enabled order among independent plugins.
    enum class Mark
    {
        None,
        Visiting,
        Done
    };
    std::vector<Mark> marks(plugins.size(), Mark::None);
    std::vector<std::size_t> sorted;
    std::vector<std::string> path;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (marks[i] == Mark::Done)
            return;
        path.push_back(plugins[i].name);
        if (marks[i] == Mark::Visiting) {
            auto start = std::find(path.begin(), path.end(), plugins[i].name);
            std::string cycle;
            for (auto it = start; it != path.end(); ++it)
                cycle += (cycle.empty() ? "" : " -> ") + *it;
            throw PluginConfigError("plugins require each other in a cycle: " + cycle);
        }
        marks[i] = Mark::Visiting;
        for (const auto& dep : plugins[i].dependencies)
            visit(index.at(dep));
        marks[i] = Mark::Done;
        path.pop_back();
        sorted.push_back(i);
    };
    for (std::size_t i = 0; i < plugins.size(); ++i)
        visit(i);
    std::vector<PluginLibrary> out;
    for (auto i : sorted)
        out.push_back(std::move(plugins[i]));
    return out;
}

} // namespace molar::host

#pragma once

#include "molar/sdk/Plugin.h"

#include <boost/dll/shared_library.hpp>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace molar::host {

// A refusal to load: one line naming the file or plugin and the reason.
class PluginError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A refusal the configuration causes and only a change of it cures: an enabled plugin
// not found, built for another SDK, missing what it requires, or refusing its settings.
class PluginConfigError : public PluginError
{
public:
    using PluginError::PluginError;
};

// A plugin whose library is open and whose manifest was read and accepted.
// Nothing of the plugin has been constructed yet.
struct PluginLibrary
{
    std::string name;
    std::string version;
    std::string description;
    std::vector<std::string> dependencies;
    std::string file;      // the .so
    std::string directory; // its folder: migrations/, templates/, messages/
    std::shared_ptr<boost::dll::shared_library> library;

    // Constructs the plugin. The returned object holds the library, so the library
    // is unloaded only after the last reference to the instance is gone.
    std::shared_ptr<sdk::Plugin> create() const;
};

// Finds, opens and checks plugins before anything of theirs runs: the ABI word
// first, then the manifest, then dependencies and their order.
class PluginLoader
{
public:
    // Opens one plugin library and reads its handshake.
    static PluginLibrary open(const std::string& file);
    // Finds <dir>/<name>/<name>.so for each enabled name in the search paths.
    static std::string find(const std::string& name, const std::vector<std::string>& searchPaths);
    // The folders under the search paths: the names of installed plugins, enabled or not.
    static std::set<std::string> installedNames(const std::vector<std::string>& searchPaths);
    // Opens every enabled plugin and returns them in dependency order.
    static std::vector<PluginLibrary> loadEnabled(const std::vector<std::string>& enabled,
                                                  const std::vector<std::string>& searchPaths);
    // Orders by dependency: each after what it requires. Throws PluginError for a
    // missing dependency or a cycle, naming the plugins.
    static std::vector<PluginLibrary> order(std::vector<PluginLibrary> plugins);
};

} // namespace molar::host

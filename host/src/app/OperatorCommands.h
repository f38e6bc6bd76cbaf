#pragma once

#include "config/ConfigStore.h"
#include "config/HostSettings.h"

#include <optional>
#include <ostream>
#include <string>

namespace molar::host {

// What molard --check-config, --list-plugins and --version do, and the check that keeps
// a root shell from leaving files the service user cannot write.

// Opens every enabled plugin (ABI word, manifest, dependencies) without starting it, and
// prints one line per plugin: name, version, where it was enabled, its library; then the
// installed plugins nobody enabled. Throws PluginError like start-up would.
void listPlugins(const ConfigStore& store, const HostSettings& settings, std::ostream& out);

// The summary --check-config prints once the settings and the plugins passed.
void describeCheckedConfig(const ConfigStore& store, const HostSettings& settings, std::ostream& out);

// Running as root, the first path of the database file, files.root and the log file whose
// nearest existing folder belongs to another user: the files root would create there
// (a SQLite journal, an upload, a log) the service could not write. Empty otherwise.
std::optional<std::string> rootOwnedFileRisk(const HostSettings& settings);

} // namespace molar::host

#pragma once

namespace molar::host {

// Where config/ defaults and templates/ live when no --data-dir is given: the build's
// MOLAR_DATA_DIR (the source tree, or /usr/share/molar in a package). Only DataDir.cpp sees
// that path, so that a build in another folder compiles every other file the same (ccache).
const char* defaultDataDir();

// Where plugins are looked for when plugins.path is not set: <libdir>/molar/plugins of
// the install (/usr/lib/x86_64-linux-gnu/molar/plugins in the amd64 package).
const char* defaultPluginDir();

} // namespace molar::host

#include "app/DataDir.h"

namespace molar::host {

const char* defaultDataDir()
{
    return MOLAR_DATA_DIR;
}

const char* defaultPluginDir()
{
    return MOLAR_PLUGIN_INSTALL_DIR;
}

} // namespace molar::host

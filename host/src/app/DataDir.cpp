#include "app/DataDir.h"

namespace molar::host {

const char* defaultDataDir()
{
    return MOLAR_DATA_DIR;
}

} // namespace molar::host

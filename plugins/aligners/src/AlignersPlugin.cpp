#include "AlignersPlugin.h"

namespace molar::aligners {

void AlignersPlugin::configure(sdk::Host& host)
{
    _settings = readAlignersSettings(host.config());
}

void AlignersPlugin::start(sdk::Host&) {}

void AlignersPlugin::stop() {}

} // namespace molar::aligners

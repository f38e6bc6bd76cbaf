#include "CasesPlugin.h"

namespace molar::cases {

void CasesPlugin::configure(sdk::Host&)
{
}

void CasesPlugin::start(sdk::Host&)
{
}

} // namespace molar::cases

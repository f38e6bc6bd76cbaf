#include "BillingPlugin.h"

namespace molar::billing {

void BillingPlugin::configure(sdk::Host&)
{
}

void BillingPlugin::start(sdk::Host&)
{
}

} // namespace molar::billing

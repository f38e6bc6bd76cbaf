#include "PayBankPlugin.h"

namespace molar::paybank {

void PayBankPlugin::configure(sdk::Host&) {}

void PayBankPlugin::start(sdk::Host&) {}

} // namespace molar::paybank

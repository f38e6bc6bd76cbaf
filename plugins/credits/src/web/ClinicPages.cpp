#include "web/ClinicPages.h"

namespace molar::credits {

void registerClinicPages(CreditsServices&) {}

} // namespace molar::credits

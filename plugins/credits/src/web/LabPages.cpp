#include "web/LabPages.h"

namespace molar::credits {

void registerLabPages(CreditsServices&) {}

} // namespace molar::credits

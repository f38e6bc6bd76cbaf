#include "demo/CreditsDemo.h"

namespace molar::credits {

void seedCreditsDemo(CreditsServices&) {}

} // namespace molar::credits

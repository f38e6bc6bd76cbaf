#include "rules/Arches.h"

namespace molar::aligners {

const char* archName(Arch arch)
{
    return arch == Arch::Upper ? "upper" : "lower";
}

} // namespace molar::aligners

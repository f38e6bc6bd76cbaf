#include "CasesPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::cases::CasesPlugin, "cases", "1.0.0", "", "Case intake, lab workflow and tracking")

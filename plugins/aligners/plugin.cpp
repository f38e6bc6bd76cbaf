#include "AlignersPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::aligners::AlignersPlugin, "aligners", "1.0.0", "cases",
             "Aligner treatment plans: options, approval, modifications, share links, later orders and "
             "replacements by plan rules, expiry and upgrades, practice insights")

#include "NpsPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(
    molar::nps::NpsPlugin, "nps", "1.0.0", "cases",
    "Feedback on delivered cases: single-use links, the public NPS and reviews, low scores followed up")

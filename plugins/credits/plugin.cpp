#include "CreditsPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::credits::CreditsPlugin, "credits", "1.0.0", "",
             "Prepaid credits: packs, a ledger every received case debits, held cases, auto top-up")

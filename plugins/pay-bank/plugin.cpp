#include "PayBankPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::paybank::PayBankPlugin, "pay-bank", "1.0.0", "",
             "Bank transfer payments: transfer references, transfers received, statement import")

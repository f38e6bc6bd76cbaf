#include "BillingPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::billing::BillingPlugin, "billing", "1.0.0", "", "Price lists, quotes and invoices")

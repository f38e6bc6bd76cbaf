#include "WarrantyPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::warranty::WarrantyPlugin, "warranty", "1.0.0", "cases",
             "Warranties on delivered work: printable cards with a QR code, the public verify page, claims")

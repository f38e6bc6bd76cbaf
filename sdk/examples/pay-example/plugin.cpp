// The only file that touches the ABI: the manifest and the factory.
#include "PayExamplePlugin.h"

MOLAR_PLUGIN(PayExamplePlugin, "pay-example", "1.0.0", "",
             "An example payment provider that settles payments against a simulated gateway")

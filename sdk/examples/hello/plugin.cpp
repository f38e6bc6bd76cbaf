// The only file that touches the ABI: the manifest and the factory.
#include "HelloPlugin.h"

MOLAR_PLUGIN(HelloPlugin, "hello", "1.0.0", "", "Greets visitors by name and counts the greetings")

// Requires "good"; compiled under several names to build dependency graphs.
#include "molar/sdk/Sdk.h"

class DependentPlugin : public molar::sdk::Plugin
{
public:
    void start(molar::sdk::Host&) override {}
};

MOLAR_PLUGIN(DependentPlugin, PLUGIN_NAME, "1.0.0", PLUGIN_REQUIRES, "Depends on others")

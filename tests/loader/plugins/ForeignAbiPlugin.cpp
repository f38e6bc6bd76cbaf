// A plugin that claims another SDK version: hand-written handshake symbols, as a
// plugin built against another SDK release would have.
#include "molar/sdk/Sdk.h"

#ifndef FOREIGN_ABI
#error FOREIGN_ABI must be defined
#endif

class ForeignPlugin : public molar::sdk::Plugin
{
public:
    void start(molar::sdk::Host&) override {}
};

MOLAR_PLUGIN_EXPORT unsigned molar_plugin_abi() noexcept
{
    return FOREIGN_ABI;
}
MOLAR_PLUGIN_EXPORT const MolarPluginManifest* molar_plugin_manifest() noexcept
{
    static const MolarPluginManifest manifest{FOREIGN_ABI, PLUGIN_NAME, "9.9.9", "", "Built for another SDK"};
    return &manifest;
}
MOLAR_PLUGIN_EXPORT molar::sdk::Plugin* molar_plugin_create(MolarPluginError*) noexcept
{
    return new ForeignPlugin();
}
MOLAR_PLUGIN_EXPORT void molar_plugin_destroy(molar::sdk::Plugin* plugin) noexcept
{
    delete plugin;
}

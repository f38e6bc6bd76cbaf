#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Plugin.h"

namespace molar::sdk {

// Implemented by a plugin (besides Plugin) that can add demo data (SDK 1.1):
//
//     class CasesPlugin : public Plugin, public DemoData { ... };
//
// `molard --demo-data` calls seedDemoData() once per start, on the main thread,
// after every plugin started and after the host's demo accounts exist; plugins are
// called in start order. It must be idempotent: skip what is already there, since
// the demo may be started many times on the same database. An exception refuses
// start-up with one line naming the plugin.
//
// Ownership: the plugin instance owns it (the host finds it with dynamic_cast);
// `host` is the plugin's own Host, as in start().
class MOLAR_SDK_API DemoData
{
public:
    virtual ~DemoData();
    DemoData() = default;
    DemoData(const DemoData&) = delete; // interfaces are never copied or moved
    DemoData& operator=(const DemoData&) = delete;
    virtual void seedDemoData(Host& host) = 0;
};

} // namespace molar::sdk

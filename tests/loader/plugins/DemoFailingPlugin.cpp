// Starts, then fails to add its demo data: molard --demo-data must refuse to go on.
#include "molar/sdk/Sdk.h"

#include <stdexcept>

class DemoFailingPlugin : public molar::sdk::Plugin, public molar::sdk::DemoData
{
public:
    void start(molar::sdk::Host&) override {}
    void seedDemoData(molar::sdk::Host&) override { throw std::runtime_error("the demo lab has no catalog"); }
};

MOLAR_PLUGIN(DemoFailingPlugin, "demo-fails", "1.0.0", "", "Fails to add its demo data")

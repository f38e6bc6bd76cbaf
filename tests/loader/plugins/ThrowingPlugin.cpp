// Registers a route, then fails to start: the host must refuse it and withdraw the route.
#include "molar/sdk/Sdk.h"

#include <stdexcept>

class ThrowingPlugin : public molar::sdk::Plugin
{
public:
    void start(molar::sdk::Host& host) override
    {
        host.routes().add(
            "GET", "/throws", molar::sdk::Access::Public,
            [](molar::sdk::Request&, molar::sdk::Response& r) { r.send("text/plain", "never"); });
        throw std::runtime_error("the payment provider key is missing");
    }
};

MOLAR_PLUGIN(ThrowingPlugin, "throws", "1.0.0", "", "Fails to start")

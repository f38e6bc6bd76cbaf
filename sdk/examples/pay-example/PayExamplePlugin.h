#pragma once

#include "ExampleProvider.h"
#include "SimulatedGateway.h"

#include "molar/sdk/Sdk.h"

#include <memory>
#include <string>

// An example payment provider: offers ExampleProvider ("pay-example") to the host's
// payments from start(), and, when `pay-example.sandboxControls` is on, the sandbox's
// controls over HTTP for tests. The host drops the provider before stop().
class PayExamplePlugin : public molar::sdk::Plugin
{
public:
    void configure(molar::sdk::Host& host) override;
    void start(molar::sdk::Host& host) override;

private:
    void addSandboxControls(molar::sdk::Routes& routes);

    std::string _secret;
    std::int64_t _toleranceMillis = 0;
    bool _sandboxControls = false;
    std::shared_ptr<SimulatedGateway> _gateway;
};

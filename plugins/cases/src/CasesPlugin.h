#pragma once

#include "molar/sdk/Plugin.h"

namespace molar::cases {

class CasesPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
};

} // namespace molar::cases

#pragma once

// The SDK's MapConfig on the cases plugin's subtree.
#include "molar/sdk/testing/MapConfig.h"

namespace molar::cases::test {

class MapConfig : public sdk::testing::MapConfig
{
public:
    explicit MapConfig(std::map<std::string, std::string> values = {})
        : sdk::testing::MapConfig(std::move(values), "cases")
    {
    }
};

} // namespace molar::cases::test

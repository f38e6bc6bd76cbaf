#pragma once

#include "AlignersSettings.h"

#include "molar/sdk/Plugin.h"

namespace molar::aligners {

// Aligner treatment planning: the lab's plans and their options, the clinic's decision,
// share links, later orders and replacement aligners by the plan type's rules, expiry and
// upgrades, practice insights.
class AlignersPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;

private:
    AlignersSettings _settings;
};

} // namespace molar::aligners

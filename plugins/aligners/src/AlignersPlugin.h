#pragma once

#include "AlignersSettings.h"
#include "plans/PlanService.h"
#include "web/AlignersWeb.h"

#include "molar/sdk/Plugin.h"

#include <memory>

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
    std::unique_ptr<PlanService> _plans;
    std::unique_ptr<AlignersWeb> _web;
};

} // namespace molar::aligners

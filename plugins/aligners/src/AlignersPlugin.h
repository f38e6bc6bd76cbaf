#pragma once

#include "AlignersSettings.h"
#include "expiry/ExpiryService.h"
#include "insights/InsightsService.h"
#include "plans/OrderService.h"
#include "plans/PlanService.h"
#include "web/AlignersWeb.h"

#include "molar/sdk/DemoData.h"
#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::aligners {

// Aligner treatment planning: the lab's plans and their options, the clinic's decision,
// share links, later orders and replacement aligners by the plan type's rules, expiry and
// upgrades, practice insights.
class AlignersPlugin : public sdk::Plugin, public sdk::DemoData
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;
    void seedDemoData(sdk::Host& host) override;

private:
    AlignersSettings _settings;
    std::unique_ptr<PlanService> _plans;
    std::unique_ptr<OrderService> _orders;
    std::unique_ptr<ExpiryService> _expiry;
    std::unique_ptr<InsightsService> _insights;
    std::unique_ptr<AlignersWeb> _web;
};

} // namespace molar::aligners

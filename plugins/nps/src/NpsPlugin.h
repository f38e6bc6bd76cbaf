#pragma once

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/DemoData.h"
#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::nps {

// Feedback and NPS: a feedback request when a case is delivered, its link made when the
// message goes out (single use, expiring), the clinic's answer, the public /reviews with
// the NPS, follow-ups of low scores escalated when overdue, the lab's dashboard. The
// demo's delivered cases get a few answers.
class NpsPlugin : public sdk::Plugin, public sdk::DemoData
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;
    void seedDemoData(sdk::Host& host) override;

private:
    NpsSettings _settings;
    std::unique_ptr<FeedbackService> _service;
};

} // namespace molar::nps

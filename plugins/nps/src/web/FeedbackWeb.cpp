#include "web/FeedbackWeb.h"

namespace molar::nps {

void startFeedbackWeb(sdk::Host& host, const NpsSettings& settings, FeedbackService& service)
{
    (void)host;
    (void)settings;
    (void)service;
}

} // namespace molar::nps

#pragma once

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

namespace molar::nps {

// The plugin's pages: the feedback form (by link and for signed-in clinic members), the
// public /reviews, the lab's dashboard and follow-ups, the case page's panel and the menu
// items. Called once from the plugin's start(); the host drops what it registers before
// stop().
void startFeedbackWeb(sdk::Host& host, const NpsSettings& settings, FeedbackService& service);

} // namespace molar::nps

#pragma once

#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

namespace molar::nps {

// The demo's feedback (molard --demo-data): the demo's delivered cases answered through the
// service as their dentists would, so that /reviews, the lab's dashboard and a follow-up
// waiting for the lead have something to show. Idempotent: nothing once any answer exists.
void seedNpsDemo(sdk::Host& host, FeedbackService& service);

} // namespace molar::nps

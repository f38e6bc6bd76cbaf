#pragma once

#include "feedback/FeedbackService.h"

#include "molar/sdk/Views.h"

#include <vector>

namespace molar::nps {

// The box on a delivered case's page (place "case.page", the case's id in the route's
// "id"). For the clinic's members who answer for the case: "Leave feedback", or their
// score with a link to change it while they may, else to view it. For the lab: the
// clinic's score once given. Nothing for a case without a feedback request.
std::vector<sdk::Panel> feedbackPanel(sdk::Host& host, FeedbackService& service, sdk::Request& request);

} // namespace molar::nps

#pragma once

#include "feedback/Feedback.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>

namespace molar::nps {

// Where the plugin's pages are, for events' links and the case's timeline.
std::string caseFeedbackPath(std::int64_t caseId);
std::string followUpPath(std::int64_t followUpId);

// `nps.feedback_requested`: the request by its id, never a link (the host asks for one
// when the message goes out), and the signed-in form's path for the message's fallback.
sdk::Value feedbackRequestedPayload(const FeedbackRequest& request);
// `nps.answered` and `nps.answer_changed`.
sdk::Value answerPayload(const FeedbackAnswer& answer);
// `nps.detractor`, `nps.followup_overdue` and `nps.followup_closed`.
sdk::Value followUpPayload(const FollowUp& followUp, const std::string& comment);

// A `case.activity` entry on the answer's case (kind `feedback`), in the publisher's
// transaction: a catalog key and its fields, so each reader gets their own language.
void addCaseActivity(sdk::Host& host, sdk::Transaction& tx, std::int64_t caseId,
                     const std::string& summaryKey, const sdk::Value& summaryFields, const std::string& link,
                     const std::string& actor);

} // namespace molar::nps

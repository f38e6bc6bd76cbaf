#include "feedback/FeedbackEvents.h"

#include "score/NpsScore.h"

#include "molar/sdk/Events.h"

namespace molar::nps {

std::string caseFeedbackPath(std::int64_t caseId)
{
    return "/feedback/cases/" + std::to_string(caseId);
}

std::string followUpPath(std::int64_t followUpId)
{
    return "/lab/feedback/followups/" + std::to_string(followUpId);
}

sdk::Value feedbackRequestedPayload(const FeedbackRequest& r)
{
    return sdk::Value::object({{"feedbackRequestId", std::to_string(r.id)},
                               {"caseId", r.caseId},
                               {"number", r.caseNumber},
                               {"organizationId", r.organizationId},
                               {"ownerUserId", r.ownerUserId},
                               {"productName", r.productName},
                               {"casePath", "/cases/" + std::to_string(r.caseId)},
                               {"feedbackPath", caseFeedbackPath(r.caseId)}});
}

sdk::Value answerPayload(const FeedbackAnswer& a)
{
    return sdk::Value::object({{"answerId", a.id},
                               {"caseId", a.caseId},
                               {"number", a.caseNumber},
                               {"organizationId", a.organizationId},
                               {"authorUserId", a.authorUserId},
                               {"score", a.score},
                               {"kind", scoreKind(a.score)},
                               {"productName", a.productName},
                               {"feedbackPath", caseFeedbackPath(a.caseId)}});
}

sdk::Value followUpPayload(const FollowUp& f, const std::string& comment)
{
    return sdk::Value::object({{"answerId", f.answerId},
                               {"followUpId", f.id},
                               {"caseId", f.caseId},
                               {"number", f.caseNumber},
                               {"organizationId", f.organizationId},
                               {"score", f.score},
                               {"comment", comment},
                               {"dueAt", f.dueAt},
                               {"followUpPath", followUpPath(f.id)}});
}

void addCaseActivity(sdk::Host& host, sdk::Transaction& tx, std::int64_t caseId,
                     const std::string& summaryKey, const sdk::Value& summaryFields, const std::string& link,
                     const std::string& actor)
{
    host.events().publish(tx, "case.activity",
                          sdk::Value::object({{"caseId", caseId},
                                              {"kind", "feedback"},
                                              {"summaryKey", summaryKey},
                                              {"summaryFields", summaryFields},
                                              {"link", link},
                                              {"actor", actor}}));
}

} // namespace molar::nps

#pragma once

#include "feedback/Feedback.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>

namespace molar::nps {

// SQL of nps_requests.
class RequestStore
{
public:
    // Adds `request` unless its case has one; answers whether it was added (with its id).
    static bool insertOnce(sdk::Transaction& tx, FeedbackRequest& request);
    static std::optional<FeedbackRequest> find(sdk::SqlRunner& db, std::int64_t id);
    static std::optional<FeedbackRequest> forCase(sdk::SqlRunner& db, std::int64_t caseId);
    // Marks it answered unless it already is; answers whether this call did.
    static bool markAnswered(sdk::Transaction& tx, std::int64_t id, std::int64_t at);
};

} // namespace molar::nps

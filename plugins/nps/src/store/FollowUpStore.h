#pragma once

#include "feedback/Feedback.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::nps {

// SQL of nps_followups.
class FollowUpStore
{
public:
    // Opens the answer's follow-up unless it has one; answers whether it did (with its id).
    static bool openOnce(sdk::Transaction& tx, FollowUp& followUp);
    static std::optional<FollowUp> find(sdk::SqlRunner& db, std::int64_t id);
    static std::optional<FollowUp> forAnswer(sdk::SqlRunner& db, std::int64_t answerId);
    // Closes it unless it already is; answers whether this call did.
    static bool close(sdk::Transaction& tx, std::int64_t id, std::int64_t userId, const std::string& userName,
                      const std::string& note, std::int64_t at);
    // Open ones due at or before `nowMs` and not escalated yet.
    static std::vector<FollowUp> dueForEscalation(sdk::SqlRunner& db, std::int64_t nowMs);
    // Marks it escalated unless it is already, or was closed meanwhile; answers whether
    // this call did, so that of two hosts running the job only one tells the admins.
    static bool markEscalated(sdk::Transaction& tx, std::int64_t id, std::int64_t at);
    // Open ones, the earliest due first; closed ones, the latest closed first.
    static std::vector<FollowUp> open(sdk::SqlRunner& db);
    static std::vector<FollowUp> closed(sdk::SqlRunner& db, int limit);
};

} // namespace molar::nps

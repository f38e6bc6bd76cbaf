#pragma once

#include "feedback/Feedback.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::nps {

// SQL of nps_answers.
class AnswerStore
{
public:
    // The columns every read of an answer selects, for the reports too.
    static const char* columns();
    static FeedbackAnswer read(const sdk::ResultSet& rows, std::size_t row);

    // Adds the case's answer (with its id); a second answer to one case is a conflict.
    static void insert(sdk::Transaction& tx, FeedbackAnswer& answer);
    static std::optional<FeedbackAnswer> find(sdk::SqlRunner& db, std::int64_t id);
    static std::optional<FeedbackAnswer> forCase(sdk::SqlRunner& db, std::int64_t caseId);
    // Changes score, stars, comment and consent, unless it was first given before
    // `answeredAfter`; answers whether it did, so that an edit racing the window's end
    // is refused rather than slipped in.
    static bool change(sdk::Transaction& tx, const FeedbackAnswer& answer, std::int64_t answeredAfter);
};

} // namespace molar::nps

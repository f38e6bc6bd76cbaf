#pragma once

#include "feedback/Feedback.h"
#include "score/NpsScore.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::nps {

// A consented comment as /reviews shows it: nothing that names the clinic or the patient.
struct PublishedReview
{
    std::int64_t answerId = 0;
    std::string initials; // authorInitials(authorName); "" for "A clinic"
    std::string caseTail; // lastFourOfCaseNumber(caseNumber)
    std::string product;  // the catalog's code, for the name in the reader's language
    std::string productName;
    int score = 0;
    std::string comment;
    std::int64_t answeredAt = 0;
};

// The NPS of some answers with the star averages they carry.
struct ScoreSummary
{
    NpsCounts counts;
    StarAverage fit;
    StarAverage aesthetics;
    StarAverage speed;
    std::optional<int> nps() const { return netPromoterScore(counts); }
};

// A row of the lab's dashboard: a month ("2026-11", in the lab's time zone), a product
// code or a technician's user id as text, with its label.
struct GroupSummary
{
    std::string key;
    std::string label;
    ScoreSummary summary;
};

// The read side of feedback: the public page and the lab's dashboard.
class FeedbackReports
{
public:
    // Every answer given in the `days` days before `nowMs`.
    static ScoreSummary window(sdk::SqlRunner& db, int days, std::int64_t nowMs);
    // Consented answers with a comment, newest first, ids below `beforeId` (0: newest).
    static std::vector<PublishedReview> reviews(sdk::SqlRunner& db, std::int64_t beforeId, int limit);
    // The last `months` months up to the one of `nowMs` in `timeZone`, oldest first,
    // months without answers included (with no score).
    static std::vector<GroupSummary> byMonth(sdk::SqlRunner& db, int months, std::int64_t nowMs,
                                             const std::string& timeZone);
    // All answers by product (label: the product's name) and by technician (label empty:
    // the caller names users; key "0" for cases nobody was assigned), most answers first.
    static std::vector<GroupSummary> byProduct(sdk::SqlRunner& db);
    static std::vector<GroupSummary> byTechnician(sdk::SqlRunner& db);
    // Open follow-ups, the most overdue first; the last `limit` closed ones, newest first.
    static std::vector<FollowUp> openFollowUps(sdk::SqlRunner& db);
    static std::vector<FollowUp> closedFollowUps(sdk::SqlRunner& db, int limit);
};

} // namespace molar::nps

#pragma once

#include <optional>
#include <string>

namespace molar::nps {

// The answers to "how likely are you to recommend us" (0 to 10), counted by kind:
// promoters 9–10, passives 7–8, detractors 0–6.
struct NpsCounts
{
    int promoters = 0;
    int passives = 0;
    int detractors = 0;

    int answers() const { return promoters + passives + detractors; }

    // Counts one answer. Throws std::invalid_argument for a score outside 0..10, so that
    // a bad row is never silently taken for a detractor.
    void add(int score);
};

// The same as counts.add(score) on a copy, for folding over rows.
NpsCounts countScore(NpsCounts counts, int score);

// The Net Promoter Score: (promoters − detractors) × 100 / answers, a whole number from
// −100 to 100 rounded half away from zero (2 promoters and 1 detractor: 33; 1 promoter and
// 2 detractors: −33). None when there are no answers: "no score yet" is not 0.
std::optional<int> netPromoterScore(const NpsCounts& counts);

// "promoter", "passive" or "detractor"; throws std::invalid_argument outside 0..10.
std::string scoreKind(int score);

// A score of 0..6, which opens a follow-up; throws std::invalid_argument outside 0..10.
bool isDetractor(int score);

// An average of 1..5 star ratings. A rating of 0 means the question was left out and is
// not counted; sum and count may also be filled straight from SUM() and COUNT() of the
// rows that gave one.
struct StarAverage
{
    long long sum = 0;
    int count = 0;

    // Adds one rating: 0 is ignored, 1..5 counted; throws std::invalid_argument otherwise.
    void add(int stars);

    // The average in tenths (4.25 → 43), rounded half away from zero; none without ratings.
    std::optional<int> tenths() const;

    // The average to one decimal, "4.3"; empty without ratings.
    std::string text() const;
};

} // namespace molar::nps

#include "score/NpsScore.h"

#include <stdexcept>

namespace molar::nps {

namespace {

void requireScore(int score)
{
    if (score < 0 || score > 10)
        throw std::invalid_argument("a recommendation score is 0 to 10, not " + std::to_string(score));
}

// numerator / denominator rounded half away from zero, in integers: a double would put
// 12.5 on either side depending on how it was computed. The denominator is positive.
long long roundedQuotient(long long numerator, long long denominator)
{
    const long long magnitude = numerator < 0 ? -numerator : numerator;
    const long long rounded = (2 * magnitude + denominator) / (2 * denominator);
    return numerator < 0 ? -rounded : rounded;
}

} // namespace

void NpsCounts::add(int score)
{
    requireScore(score);
    if (score >= 9)
        ++promoters;
    else if (score >= 7)
        ++passives;
    else
        ++detractors;
}

NpsCounts countScore(NpsCounts counts, int score)
{
    counts.add(score);
    return counts;
}

std::optional<int> netPromoterScore(const NpsCounts& counts)
{
    const long long answers = counts.answers();
    if (answers <= 0)
        return std::nullopt;
    const long long difference = static_cast<long long>(counts.promoters) - counts.detractors;
    return static_cast<int>(roundedQuotient(difference * 100, answers));
}

std::string scoreKind(int score)
{
    requireScore(score);
    if (score >= 9)
        return "promoter";
    if (score >= 7)
        return "passive";
    return "detractor";
}

bool isDetractor(int score)
{
    requireScore(score);
    return score <= 6;
}

void StarAverage::add(int stars)
{
    if (stars < 0 || stars > 5)
        throw std::invalid_argument("a star rating is 1 to 5, or 0 when not given, not " +
                                    std::to_string(stars));
    if (stars == 0)
        return;
    sum += stars;
    ++count;
}

std::optional<int> StarAverage::tenths() const
{
    if (count <= 0)
        return std::nullopt;
    return static_cast<int>(roundedQuotient(sum * 10, count));
}

std::string StarAverage::text() const
{
    const std::optional<int> value = tenths();
    if (!value)
        return {};
    // Averages are never negative, so integer division and remainder print it exactly.
    return std::to_string(*value / 10) + "." + std::to_string(*value % 10);
}

} // namespace molar::nps

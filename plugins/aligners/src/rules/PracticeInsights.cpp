#include "rules/PracticeInsights.h"

#include <algorithm>
#include <stdexcept>

namespace molar::aligners {

namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr std::int64_t kTenthOfHourMs = 6LL * 60 * 1000;

// numerator / denominator rounded half away from zero; denominator > 0.
std::int64_t roundedDivision(std::int64_t numerator, std::int64_t denominator)
{
    const std::int64_t magnitude =
        ((numerator < 0 ? -numerator : numerator) * 2 + denominator) / (2 * denominator);
    return numerator < 0 ? -magnitude : magnitude;
}

struct Counts
{
    std::int64_t submissions = 0;
    std::int64_t approvals = 0;
    std::int64_t decided = 0;
    std::int64_t approveMsTotal = 0;
};

Counts count(const std::vector<InsightCase>& cases, const std::vector<InsightPlan>& plans,
             const InsightPeriod& period)
{
    Counts out;
    for (const auto& c : cases)
        if (period.holds(c.submittedAtMs))
            ++out.submissions;
    for (const auto& plan : plans) {
        if (!period.holds(plan.decidedAtMs))
            continue;
        ++out.decided;
        if (plan.decision == PlanDecision::Accepted) {
            ++out.approvals;
            // A clock set back between upload and decision is not a negative wait.
            out.approveMsTotal += std::max<std::int64_t>(0, plan.decidedAtMs - plan.firstUploadedAtMs);
        }
    }
    return out;
}

std::optional<std::int64_t> approvalRate(const Counts& counts)
{
    if (counts.decided == 0)
        return std::nullopt;
    return roundedDivision(100 * counts.approvals, counts.decided);
}

std::optional<std::int64_t> meanTenths(const Counts& counts)
{
    if (counts.approvals == 0)
        return std::nullopt;
    return roundedDivision(counts.approveMsTotal, counts.approvals * kTenthOfHourMs);
}

InsightFigure figure(std::optional<std::int64_t> current, std::optional<std::int64_t> previous)
{
    InsightFigure out;
    out.current = current;
    out.previous = previous;
    if (current && previous) {
        out.difference = *current - *previous;
        if (*previous != 0)
            out.percentChange = roundedDivision(100 * *out.difference, *previous);
    }
    return out;
}

} // namespace

std::optional<PlanDecision> planDecisionFromState(const std::string& state)
{
    if (state == "accepted")
        return PlanDecision::Accepted;
    if (state == "rejected")
        return PlanDecision::Rejected;
    if (state == "modification_requested")
        return PlanDecision::ModificationRequested;
    return std::nullopt;
}

bool isInsightsPeriod(int days)
{
    return days == 30 || days == 90 || days == 365;
}

PracticeInsights computeInsights(const std::vector<InsightCase>& cases, const std::vector<InsightPlan>& plans,
                                 int days, std::int64_t nowMs)
{
    if (!isInsightsPeriod(days))
        throw std::invalid_argument("insights cover 30, 90 or 365 days, not " + std::to_string(days));
    PracticeInsights out;
    out.days = days;
    out.current.startMs = nowMs - days * kDayMs;
    out.current.endMs = nowMs + 1; // now itself counts
    out.previous.startMs = out.current.startMs - days * kDayMs;
    out.previous.endMs = out.current.startMs;

    const Counts now = count(cases, plans, out.current);
    const Counts before = count(cases, plans, out.previous);
    out.submissions = figure(now.submissions, before.submissions);
    out.approvals = figure(now.approvals, before.approvals);
    out.approvalRate = figure(approvalRate(now), approvalRate(before));
    out.meanTenthsOfHourToApprove = figure(meanTenths(now), meanTenths(before));
    return out;
}

std::string formatTenths(std::int64_t tenths)
{
    const std::int64_t magnitude = tenths < 0 ? -tenths : tenths;
    return (tenths < 0 ? "-" : "") + std::to_string(magnitude / 10) + "." + std::to_string(magnitude % 10);
}

} // namespace molar::aligners

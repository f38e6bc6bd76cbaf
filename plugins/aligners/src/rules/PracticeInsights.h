#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// The clinic's (or the lab's) practice insights over the last 30, 90 or 365 days against
// the same number of days before them, from plain records the store selects.

// A submitted aligner case.
struct InsightCase
{
    std::int64_t submittedAtMs = 0;
};

// How a clinic decided on a plan version.
enum class PlanDecision
{
    Accepted,
    Rejected,
    ModificationRequested
};

// The decision of a stored plan state: "accepted", "rejected", "modification_requested";
// none for "proposed" (not decided yet) or anything else.
std::optional<PlanDecision> planDecisionFromState(const std::string& state);

// A decided plan version. `firstUploadedAtMs` is when the case's first plan version was
// uploaded: the time to approve runs from there to the acceptance, across modifications.
struct InsightPlan
{
    std::int64_t firstUploadedAtMs = 0;
    std::int64_t decidedAtMs = 0;
    PlanDecision decision = PlanDecision::Accepted;
};

// An interval of instants, start included, end excluded.
struct InsightPeriod
{
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;

    bool holds(std::int64_t instantMs) const { return instantMs >= startMs && instantMs < endMs; }
};

// One figure in both periods and its change. `difference` is current - previous when
// both exist; `percentChange` is 100 x difference / previous, a whole percent rounded
// half away from zero, when both exist and previous is not 0.
struct InsightFigure
{
    std::optional<std::int64_t> current;
    std::optional<std::int64_t> previous;
    std::optional<std::int64_t> difference;
    std::optional<std::int64_t> percentChange;
};

struct PracticeInsights
{
    int days = 0;
    // The current period is [now - days, now]: an event exactly at its start belongs to it,
    // and so does one at `now` itself. The previous period is [now - 2 x days, now - days):
    // its end, the current period's start, belongs to the current one only.
    InsightPeriod current;
    InsightPeriod previous;

    InsightFigure submissions;               // cases submitted in the period
    InsightFigure approvals;                 // plans accepted in the period
    InsightFigure approvalRate;              // whole percent of the plans decided in the period that
                                             // were accepted, half away from zero; none when none decided
    InsightFigure meanTenthsOfHourToApprove; // in tenths of an hour (75 is 7.5 h), rounded half away
                                             // from zero: first upload to acceptance, over the period's
                                             // acceptances; none without acceptances
};

// The periods the page offers.
bool isInsightsPeriod(int days);

// Throws std::invalid_argument for a period other than 30, 90 or 365 days.
PracticeInsights computeInsights(const std::vector<InsightCase>& cases, const std::vector<InsightPlan>& plans,
                                 int days, std::int64_t nowMs);

// Tenths as a decimal with one digit: 75 -> "7.5", 120 -> "12.0", -45 -> "-4.5".
std::string formatTenths(std::int64_t tenths);

} // namespace molar::aligners

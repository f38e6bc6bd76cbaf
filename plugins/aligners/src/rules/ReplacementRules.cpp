#include "rules/ReplacementRules.h"

#include <algorithm>
#include <set>

namespace molar::aligners {

namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

bool contains(const std::vector<int>& steps, int step)
{
    return std::find(steps.begin(), steps.end(), step) != steps.end();
}

ReplacementProblem problem(const std::string& what, std::optional<Arch> arch = std::nullopt, int step = 0)
{
    ReplacementProblem out;
    out.key = "aligners.replacement.error." + what;
    out.arch = arch;
    out.step = step;
    return out;
}

} // namespace

ReplacementPricing ReplacementPricing::from(const PlanTypes& types)
{
    ReplacementPricing out;
    out.alignerPriceMinor = types.replacementAlignerPriceMinor;
    out.maxStepsPerArch = types.maxReplacementStepsPerArch;
    return out;
}

ReplacementDecision decideReplacement(const PerArch<std::vector<int>>& requested,
                                      const ReplacementCase& caseInfo, std::int64_t nowMs,
                                      const ReplacementPricing& pricing)
{
    ReplacementDecision out;
    if (requested.upper.empty() && requested.lower.empty())
        out.problems.push_back(problem("noSteps"));

    for (Arch arch : kArches) {
        std::set<int> distinct;
        std::set<int> reportedTwice;
        for (int step : requested.of(arch)) {
            if (step < 1 || step > caseInfo.planSteps.of(arch)) {
                out.problems.push_back(problem("stepOutOfRange", arch, step));
                continue;
            }
            // Each repeated step is reported once however often it repeats.
            if (!distinct.insert(step).second && reportedTwice.insert(step).second)
                out.problems.push_back(problem("stepTwice", arch, step));
        }
        if (static_cast<int>(distinct.size()) > pricing.maxStepsPerArch)
            out.problems.push_back(problem("tooManySteps", arch));
        out.steps.of(arch).assign(distinct.begin(), distinct.end());
    }

    const int interval = caseInfo.planType.replacementIntervalDays;
    if (interval > 0 && caseInfo.lastOrderAtMs) {
        const std::int64_t allowedFrom = *caseInfo.lastOrderAtMs + interval * kDayMs;
        if (nowMs < allowedFrom) {
            auto tooSoon = problem("tooSoon");
            tooSoon.allowedFromMs = allowedFrom;
            out.problems.push_back(tooSoon);
        }
    }

    if (!out.accepted()) {
        out.steps = {};
        return out;
    }

    for (Arch arch : kArches) {
        out.aligners += static_cast<int>(out.steps.of(arch).size());
        for (int step : out.steps.of(arch)) {
            // An engager template is only remade from the current phase's files; an earlier
            // phase's attachments may no longer match the teeth, so the lab decides.
            if (contains(caseInfo.currentPhaseEngagers.of(arch), step))
                out.engagerTemplates.of(arch).push_back(step);
            else if (contains(caseInfo.earlierPhaseEngagers.of(arch), step))
                out.engagersLeftOut.of(arch).push_back(step);
        }
    }
    // The engager template goes with the aligner at no charge: only aligners count.
    out.chargeMinor = caseInfo.planType.replacementsCharged ? out.aligners * pricing.alignerPriceMinor : 0;
    return out;
}

} // namespace molar::aligners

#pragma once

#include "rules/Arches.h"
#include "rules/PlanTypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// What the rules need to know about the case whose patient lost or broke aligners.
struct ReplacementCase
{
    PlanType planType;                              // the type the clinic chose
    PerArch<int> planSteps;                         // the accepted plan's steps per arch
    PerArch<std::vector<int>> currentPhaseEngagers; // steps where the current phase placed engagers
    PerArch<std::vector<int>> earlierPhaseEngagers; // steps where earlier phases placed them
    std::optional<std::int64_t> lastOrderAtMs;      // the last replacement order, if any
};

// From PlanTypes: the price of one replacement aligner and the most steps per arch.
struct ReplacementPricing
{
    std::int64_t alignerPriceMinor = 0;
    int maxStepsPerArch = 8;

    static ReplacementPricing from(const PlanTypes& types);
};

// One reason an order is refused. `key` is a catalog key:
//   aligners.replacement.error.noSteps        no step on either arch
//   aligners.replacement.error.stepOutOfRange `step` is not 1..the plan's steps of `arch`
//   aligners.replacement.error.stepTwice      `step` asked for twice on `arch`
//   aligners.replacement.error.tooManySteps   more distinct steps on `arch` than the cap
//   aligners.replacement.error.tooSoon        within the type's interval of the last
//                                             order; `allowedFromMs` says from when
struct ReplacementProblem
{
    std::string key;
    std::optional<Arch> arch;
    int step = 0;
    std::optional<std::int64_t> allowedFromMs;
};

// The answer to an order: refused with its problems, or accepted with its quote.
struct ReplacementDecision
{
    std::vector<ReplacementProblem> problems; // empty when accepted

    // Filled when accepted:
    PerArch<std::vector<int>> steps;            // the steps ordered, ascending
    int aligners = 0;                           // one per step per arch
    std::int64_t chargeMinor = 0;               // 0 when the type's replacements are free
    PerArch<std::vector<int>> engagerTemplates; // included, free: the current phase's engagers
    PerArch<std::vector<int>> engagersLeftOut;  // earlier phases' engagers: ask the lab

    bool accepted() const { return problems.empty(); }
};

// The interval is elapsed time: an order placed exactly `replacementIntervalDays` x 24
// hours after the last one is allowed, a millisecond earlier is not.
ReplacementDecision decideReplacement(const PerArch<std::vector<int>>& requested,
                                      const ReplacementCase& caseInfo, std::int64_t nowMs,
                                      const ReplacementPricing& pricing);

} // namespace molar::aligners

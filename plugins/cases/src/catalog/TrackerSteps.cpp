#include "catalog/TrackerSteps.h"

#include <algorithm>

namespace molar::cases {

bool isDepartureStage(const Workflow& workflow, const std::string& stage)
{
    for (const auto& transition : workflow.transitions()) {
        // Where an action asking for a reason leads, or one offered from every state ("*":
        // hold, cancel, awaiting credit): a stop off the way, not a step on it.
        const bool fromAnywhere =
            std::find(transition.from.begin(), transition.from.end(), "*") != transition.from.end();
        if ((!transition.reasonRequired && !fromAnywhere) || transition.to == "@previous")
            continue;
        const WorkflowState* target = workflow.state(transition.to);
        if (target && target->stage == stage)
            return true;
    }
    return false;
}

std::string stageReached(const Workflow& workflow, const std::vector<std::string>& statusesNewestFirst)
{
    for (const auto& status : statusesNewestFirst) {
        const WorkflowState* state = workflow.state(status);
        if (state && !isDepartureStage(workflow, state->stage))
            return state->stage;
    }
    return "";
}

std::vector<TrackerStep> trackerSteps(const Workflow& workflow, const std::string& stage,
                                      const std::string& reached)
{
    std::vector<std::string> way;
    for (const auto& s : workflow.stages())
        if (!isDepartureStage(workflow, s))
            way.push_back(s);
    std::vector<TrackerStep> steps;
    if (!isDepartureStage(workflow, stage)) {
        const bool known = std::find(way.begin(), way.end(), stage) != way.end();
        bool before = known;
        for (const auto& s : way) {
            TrackerStep step{s};
            step.current = s == stage;
            if (step.current)
                before = false;
            step.done = before;
            steps.push_back(step);
        }
        return steps;
    }
    // A departure: the way up to where the case stopped, the departure, then what is left.
    const auto stop = std::find(way.begin(), way.end(), reached);
    auto next = way.begin();
    if (stop != way.end()) {
        for (; next != stop; ++next) {
            TrackerStep step{*next};
            step.done = true;
            steps.push_back(step);
        }
        TrackerStep last{*stop};
        last.reached = true;
        steps.push_back(last);
        ++next;
    }
    TrackerStep departure{stage};
    departure.current = true;
    steps.push_back(departure);
    bool ends = false;
    for (const auto& state : workflow.states())
        if (state.stage == stage && state.terminal)
            ends = true;
    if (!ends && stop != way.end())
        for (; next != way.end(); ++next)
            steps.push_back(TrackerStep{*next});
    return steps;
}

} // namespace molar::cases

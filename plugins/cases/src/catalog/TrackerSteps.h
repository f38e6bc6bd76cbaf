#pragma once

#include "catalog/Workflow.h"

#include <string>
#include <vector>

namespace molar::cases {

// One stage as the public tracker lists it.
struct TrackerStep
{
    std::string stage;
    bool done = false;    // passed
    bool reached = false; // where the case stopped before a departure (held, cancelled, ...)
    bool current = false; // where the case is now
};

// Whether `stage` is a departure from the way to delivery rather than a step on it:
// the stage of a state that an action asking for a reason, or one offered from every
// state ("*"), leads to (on hold, awaiting credit, cancelled, remake requested, rejected
// in the shipped workflows).
bool isDepartureStage(const Workflow& workflow, const std::string& stage);

// The last stage on the way to delivery that a case has been in: the stage of the
// first status in `statusesNewestFirst` (the current status, then the earlier ones)
// that is not a departure; "" when there is none.
std::string stageReached(const Workflow& workflow, const std::vector<std::string>& statusesNewestFirst);

// The steps the tracker shows for a case in `stage`. On the way: every stage to
// delivery, those before the current one done. After a departure: the stages up to
// `reached` (the last one marked reached, not done), then the departure as current,
// then, unless the departure ends the case or `reached` is unknown, the stages still
// to come.
std::vector<TrackerStep> trackerSteps(const Workflow& workflow, const std::string& stage,
                                      const std::string& reached);

} // namespace molar::cases

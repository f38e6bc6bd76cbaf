#pragma once

#include "catalog/Workflow.h"
#include "store/CaseStore.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace molar::cases {

// A clinic stage and how many of the organization's cases are in it.
struct StageCount
{
    std::string stage;
    std::int64_t count = 0;
};

// A case that waits for the clinic, and why: "draft" (not sent yet), "on_hold" (the
// lab holds it, with its reason), "awaiting_credit" (paid from credits, it waits for a
// top-up) or "decision" (the workflow waits for the clinic, e.g. to approve an aligner plan).
struct WaitingCase
{
    CaseRecord record;
    std::string reason;
};

// One entry of the recent activity, with the case it is about; for a status change
// the clinic stages it went between (empty for other entries, a submission included).
struct RecentActivity
{
    Activity activity;
    CaseRecord record;
    std::string fromStage;
    std::string toStage;
};

struct Dashboard
{
    std::vector<StageCount> stages; // every clinic stage but draft, in order
    std::int64_t total = 0;         // submitted cases
    std::vector<WaitingCase> waiting;
    std::vector<RecentActivity> recent;
};

// Whether a case in `state` waits for the clinic: a clinic user may move it on and the
// lab may not, other than by the actions every state offers ("*": hold, cancel).
bool waitsForClinic(const Workflow& workflow, const std::string& state);

// The clinic's dashboard without HTTP or database: counts by clinic stage, the cases
// that need the clinic, and the latest activity of its cases, from what the store found.
class DashboardPresenter
{
public:
    static constexpr std::size_t listSize = 10;

    DashboardPresenter(const std::map<std::string, Workflow>& workflows,
                       std::vector<std::string> clinicStages)
        : _workflows(workflows), _clinicStages(std::move(clinicStages))
    {
    }

    // The statuses to look in for cases that wait for the clinic: drafts, on hold, awaiting
    // credit, and every state some workflow waits in.
    std::vector<std::string> waitingStatuses() const;

    // `countsByStage`: the organization's cases per stage; `candidates`: cases in the
    // waiting statuses; `recentCases`: its most recently changed cases; `activity`:
    // their latest timeline entries. A status change within one clinic stage (the lab's
    // own steps) is not news to the clinic and is left out.
    Dashboard present(const std::map<std::string, std::int64_t>& countsByStage,
                      const std::vector<CaseRecord>& candidates, const std::vector<CaseRecord>& recentCases,
                      std::vector<Activity> activity) const;

private:
    const Workflow* workflowOf(const CaseRecord& record) const;
    std::string stageOf(const CaseRecord& record, const std::string& status) const;
    // Why the case waits for the clinic, or "" when it does not.
    std::string waitingReason(const CaseRecord& record) const;

    const std::map<std::string, Workflow>& _workflows;
    std::vector<std::string> _clinicStages;
};

} // namespace molar::cases

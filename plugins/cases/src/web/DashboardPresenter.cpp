#include "web/DashboardPresenter.h"

#include "config/ConfigSupport.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace molar::cases {
namespace {

// Urgent first: what the lab holds, what waits for a top-up, what the workflow waits on, drafts.
int rank(const std::string& reason)
{
    return reason == "on_hold" ? 0 : reason == "awaiting_credit" ? 1 : reason == "decision" ? 2 : 3;
}

} // namespace

bool waitsForClinic(const Workflow& workflow, const std::string& state)
{
    const WorkflowState* known = workflow.state(state);
    if (!known || known->terminal)
        return false;
    return workflow.sidesMovingOn(state) == std::set<std::string>{"clinic"};
}

std::vector<std::string> DashboardPresenter::waitingStatuses() const
{
    std::vector<std::string> out{"draft", "on_hold", "awaiting_credit"};
    for (const auto& [name, workflow] : _workflows)
        for (const auto& state : workflow.states())
            if (waitsForClinic(workflow, state.name) && !contains(out, state.name))
                out.push_back(state.name);
    return out;
}

const Workflow* DashboardPresenter::workflowOf(const CaseRecord& record) const
{
    const auto it = _workflows.find(record.workflow);
    return it == _workflows.end() ? nullptr : &it->second;
}

std::string DashboardPresenter::stageOf(const CaseRecord& record, const std::string& status) const
{
    const Workflow* workflow = workflowOf(record);
    const WorkflowState* state = workflow ? workflow->state(status) : nullptr;
    return state ? state->stage : status;
}

std::string DashboardPresenter::waitingReason(const CaseRecord& record) const
{
    if (record.isDraft())
        return "draft";
    if (record.status == "on_hold" || record.status == "awaiting_credit")
        return record.status;
    const Workflow* workflow = workflowOf(record);
    return workflow && waitsForClinic(*workflow, record.status) ? "decision" : "";
}

Dashboard DashboardPresenter::present(const std::map<std::string, std::int64_t>& countsByStage,
                                      const std::vector<CaseRecord>& candidates,
                                      const std::vector<CaseRecord>& recentCases,
                                      std::vector<Activity> activity) const
{
    Dashboard out;
    for (const auto& stage : _clinicStages) {
        if (stage == "draft")
            continue;
        const auto it = countsByStage.find(stage);
        const std::int64_t count = it == countsByStage.end() ? 0 : it->second;
        out.stages.push_back({stage, count});
        out.total += count;
    }

    std::set<std::int64_t> seen;
    for (const auto& record : candidates) {
        const std::string reason = waitingReason(record);
        if (!reason.empty() && seen.insert(record.id).second)
            out.waiting.push_back({record, reason});
    }
    std::sort(out.waiting.begin(), out.waiting.end(), [](const WaitingCase& a, const WaitingCase& b) {
        return std::make_tuple(rank(a.reason), -a.record.updatedAt, -a.record.id) <
               std::make_tuple(rank(b.reason), -b.record.updatedAt, -b.record.id);
    });
    if (out.waiting.size() > listSize)
        out.waiting.resize(listSize);

    std::map<std::int64_t, const CaseRecord*> cases;
    for (const auto& record : recentCases)
        cases[record.id] = &record;
    std::sort(activity.begin(), activity.end(), [](const Activity& a, const Activity& b) {
        return std::tie(b.at, b.id) < std::tie(a.at, a.id);
    });
    for (const auto& entry : activity) {
        const auto found = cases.find(entry.caseId);
        if (found == cases.end())
            continue;
        RecentActivity item{entry, *found->second, "", ""};
        // A submission reads as such; a move between stages names both.
        if (entry.kind == "status") {
            item.fromStage = stageOf(item.record, entry.fromStatus);
            item.toStage = stageOf(item.record, entry.toStatus);
            if (item.fromStage == item.toStage)
                continue;
        }
        out.recent.push_back(std::move(item));
        if (out.recent.size() == listSize)
            break;
    }
    return out;
}

} // namespace molar::cases

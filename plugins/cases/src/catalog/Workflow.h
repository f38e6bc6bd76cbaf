#pragma once

#include "molar/sdk/Config.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace molar::cases {

// One state of a workflow, and what the clinic sees of it.
struct WorkflowState
{
    std::string name;  // "design"
    std::string stage; // clinic-facing stage, "in_design"
    std::string event; // extra event published on entering it ("case.held"), or ""
    bool terminal = false;
};

// One clause of an action line: from which states which users may take it.
struct TransitionRule
{
    std::vector<std::string> from;
    std::vector<std::string> roles;
    std::string forSide; // `by system for clinic`: "clinic"; "" otherwise
};

// An action that moves a case from one state to another.
struct Transition
{
    std::string action;            // "start_design"
    std::vector<std::string> from; // states; "*" stands for every state that is not terminal
    std::string to;                // a state, or "@previous": the state before the case entered `from`
    // "lab", "clinic", or roles: admin, technician, lead, billing, owner, dentist, staff;
    // or "system" alone: only another plugin takes it (event "case.move"), never a user.
    std::vector<std::string> roles;
    bool reasonRequired = false;
    // The clauses of the action line, when it has several ("* -> cancelled by admin, lead;
    // received -> cancelled by owner"): a user may take the action from a state when one
    // clause covers both. `from` and `roles` above are their unions. Empty: one clause
    // made of `from` and `roles`.
    std::vector<TransitionRule> rules;
    // `by system for clinic` (or `for lab`): another plugin takes it on that side's word
    // (the clinic choosing a plan's option on the plan's page), so a case in its `from`
    // states waits for that side. "" for every other action.
    std::string forSide;

    // Whether the action is taken only through "case.move" (`by system`).
    bool bySystem() const { return roles.size() == 1 && roles.front() == "system"; }
};

// A workflow from config (see plugins/cases/config/cases.properties): its states, the
// clinic-facing stages, and the transitions with who may take them.
class Workflow
{
public:
    Workflow() = default;
    Workflow(std::string name, std::string entry, std::vector<WorkflowState> states,
             std::vector<std::string> stages, std::vector<Transition> transitions);

    const std::string& name() const { return _name; }
    // The state a case enters when the clinic submits it.
    const std::string& entryState() const { return _entry; }
    const std::vector<WorkflowState>& states() const { return _states; }
    const WorkflowState* state(const std::string& name) const;
    // Clinic-facing stages in display order.
    const std::vector<std::string>& stages() const { return _stages; }
    const std::vector<Transition>& transitions() const { return _transitions; }
    const Transition* transition(const std::string& action) const;
    // Transitions whose `from` covers `state`, in config order, whoever may take them.
    // "*" covers every known state that is neither terminal nor the transition's target,
    // nor, for an action users take, a state that only actions `by system` lead to.
    std::vector<const Transition*> transitionsFrom(const std::string& state) const;
    // Whether a user of `side` ("lab"/"clinic") and `role` may take `transition` from `state`;
    // never one taken `by system`.
    bool allows(const Transition& transition, const std::string& state, const std::string& side,
                const std::string& role) const;
    // The sides ("lab", "clinic") whose users may move a case on from `state` by a clause
    // that names it; "*" clauses (hold, cancel), offered in every state, do not count, nor
    // do actions taken `by system`.
    std::set<std::string> sidesMovingOn(const std::string& state) const;
    // The state `transition` leads to; `previous` resolves "@previous" ("" when
    // `previous` is not a state of this workflow).
    std::string target(const Transition& transition, const std::string& previous) const;
    // Whether only actions `by system` lead to `state` (and one does): awaiting_credit.
    bool enteredBySystemOnly(const std::string& state) const;

private:
    bool covers(const std::vector<std::string>& from, const Transition& transition,
                const std::string& state) const;

    std::string _name;
    std::string _entry;
    std::vector<WorkflowState> _states;
    std::vector<std::string> _stages;
    std::vector<Transition> _transitions;
};

// The roles an action line may name: "lab", "clinic", each side's roles, then "system".
const std::vector<std::string>& workflowRoles();

// Reads `workflows` and every `workflow.<name>.*` key of the plugin's subtree.
// Throws sdk::ConfigError naming the key and the problem (unknown state, a
// transition to nowhere, a stage not listed, an unknown role, ...).
std::map<std::string, Workflow> loadWorkflows(sdk::Config& config);

} // namespace molar::cases

#pragma once

#include "molar/sdk/Config.h"

#include <map>
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

// An action that moves a case from one state to another.
struct Transition
{
    std::string action;            // "start_design"
    std::vector<std::string> from; // states; "*" stands for every state that is not terminal
    std::string to;                // a state, or "@previous": the state before the case entered `from`
    std::vector<std::string> roles; // "lab", "clinic", or roles: admin, technician, lead, billing, owner, dentist, staff
    bool reasonRequired = false;
};

// A workflow from config (see config/conf.d/cases.properties): its states, the
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
    std::vector<const Transition*> transitionsFrom(const std::string& state) const;
    // Whether a user of `side` ("lab"/"clinic") and `role` may take `transition` from `state`.
    bool allows(const Transition& transition, const std::string& state, const std::string& side,
                const std::string& role) const;
    // The state `transition` leads to from `state`; `previous` resolves "@previous".
    std::string target(const Transition& transition, const std::string& previous) const;

private:
    std::string _name;
    std::string _entry;
    std::vector<WorkflowState> _states;
    std::vector<std::string> _stages;
    std::vector<Transition> _transitions;
};

// Reads `workflows` and every `workflow.<name>.*` key of the plugin's subtree.
// Throws sdk::ConfigError naming the key and the problem (unknown state, a
// transition to nowhere, a stage not listed, an unknown role, ...).
std::map<std::string, Workflow> loadWorkflows(sdk::Config& config);

} // namespace molar::cases

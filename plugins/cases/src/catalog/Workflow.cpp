#include "catalog/Workflow.h"

#include "config/ConfigSupport.h"

namespace molar::cases {

namespace {

const std::vector<std::string>& labRoles()
{
    static const std::vector<std::string> roles{"admin", "technician", "lead", "billing"};
    return roles;
}

const std::vector<std::string>& clinicRoles()
{
    static const std::vector<std::string> roles{"owner", "dentist", "staff"};
    return roles;
}

bool roleMatches(const std::vector<std::string>& roles, const std::string& side, const std::string& role)
{
    // A specific role counts only on its own side, whatever the caller claims.
    bool roleOfSide =
        (side == "lab" && contains(labRoles(), role)) || (side == "clinic" && contains(clinicRoles(), role));
    for (const auto& allowed : roles) {
        if (allowed == side && (side == "lab" || side == "clinic"))
            return true;
        if (allowed == role && roleOfSide)
            return true;
    }
    return false;
}

} // namespace

Workflow::Workflow(std::string name, std::string entry, std::vector<WorkflowState> states,
                   std::vector<std::string> stages, std::vector<Transition> transitions)
    : _name(std::move(name)), _entry(std::move(entry)), _states(std::move(states)),
      _stages(std::move(stages)), _transitions(std::move(transitions))
{
}

const WorkflowState* Workflow::state(const std::string& name) const
{
    for (const auto& state : _states)
        if (state.name == name)
            return &state;
    return nullptr;
}

const Transition* Workflow::transition(const std::string& action) const
{
    for (const auto& transition : _transitions)
        if (transition.action == action)
            return &transition;
    return nullptr;
}

bool Workflow::covers(const std::vector<std::string>& from, const Transition& transition,
                      const std::string& state) const
{
    if (contains(from, state))
        return true;
    if (!contains(from, "*"))
        return false;
    // "*" is every state a case can still leave, except where the action would lead anyway,
    // and, for users, a state only the system puts a case in: the system ends it (a top-up
    // for awaiting_credit), or a clause naming it does.
    const WorkflowState* known = this->state(state);
    return known && !known->terminal && state != transition.to &&
           (transition.bySystem() || !enteredBySystemOnly(state));
}

bool Workflow::enteredBySystemOnly(const std::string& state) const
{
    bool entered = false;
    for (const auto& transition : _transitions) {
        if (transition.to != state)
            continue;
        // An action another plugin takes on a side's word is that side's entry.
        if (!transition.bySystem() || !transition.forSide.empty())
            return false;
        entered = true;
    }
    return entered;
}

std::vector<const Transition*> Workflow::transitionsFrom(const std::string& state) const
{
    std::vector<const Transition*> out;
    for (const auto& transition : _transitions)
        if (covers(transition.from, transition, state))
            out.push_back(&transition);
    return out;
}

bool Workflow::allows(const Transition& transition, const std::string& state, const std::string& side,
                      const std::string& role) const
{
    // An action `by system` is the other plugins' (case.move), whoever asks on the route.
    if (transition.bySystem())
        return false;
    if (transition.rules.empty())
        return covers(transition.from, transition, state) && roleMatches(transition.roles, side, role);
    for (const auto& rule : transition.rules)
        if (covers(rule.from, transition, state) && roleMatches(rule.roles, side, role))
            return true;
    return false;
}

std::set<std::string> Workflow::sidesMovingOn(const std::string& state) const
{
    std::set<std::string> sides;
    const auto addSides = [&](const std::vector<std::string>& from, const std::vector<std::string>& roles) {
        if (!contains(from, state))
            return;
        // "system" is neither side: a case only the system moves on waits for neither.
        for (const auto& role : roles) {
            if (role == "lab" || contains(labRoles(), role))
                sides.insert("lab");
            if (role == "clinic" || contains(clinicRoles(), role))
                sides.insert("clinic");
        }
    };
    for (const auto& transition : _transitions) {
        if (transition.rules.empty())
            addSides(transition.from, transition.roles);
        for (const auto& rule : transition.rules)
            addSides(rule.from, rule.roles);
        // Taken by another plugin on one side's word: the case waits for that side.
        if (!transition.forSide.empty() && contains(transition.from, state))
            sides.insert(transition.forSide);
    }
    return sides;
}

std::string Workflow::target(const Transition& transition, const std::string& previous) const
{
    if (transition.to != "@previous")
        return transition.to;
    return state(previous) ? previous : std::string();
}

const std::vector<std::string>& workflowRoles()
{
    static const std::vector<std::string> roles{"lab",     "clinic", "admin",   "technician", "lead",
                                                "billing", "owner",  "dentist", "staff",      "system"};
    return roles;
}

} // namespace molar::cases

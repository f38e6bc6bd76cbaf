// loadWorkflows: the `workflows` list and each `workflow.<name>.*` block, checked
// so that a mistake stops start-up with the key that holds it.
#include "catalog/Workflow.h"

#include "config/ConfigSupport.h"

#include <set>

namespace molar::cases {

namespace {

const char* const kLineShape = "'<from states> -> <state> by <roles>', clauses separated by ';', "
                               "such as 'qc -> shipped by admin, lead'";

bool isEventName(const std::string& text)
{
    // "case.held": names joined by dots, at least two.
    auto parts = splitList(text, '.');
    if (parts.size() < 2 || text.find(' ') != std::string::npos || text.back() == '.' || text.front() == '.')
        return false;
    std::size_t length = parts.size() - 1;
    for (const auto& part : parts) {
        if (!isName(part))
            return false;
        length += part.size();
    }
    return length == text.size();
}

// Reads one `workflow.<name>.*` block.
class WorkflowReader
{
public:
    WorkflowReader(sdk::Config& config, std::string name)
        : _config(config), _name(std::move(name)), _prefix("workflow." + _name + ".")
    {
    }

    Workflow read()
    {
        readStates();
        readTerminal();
        readEntry();
        readStages();
        readStageLines();
        readEventLines();
        readActions();
        readReasonRequired();
        return Workflow(_name, _entry, _states, _stages, _transitions);
    }

private:
    std::string key(const std::string& relative) const { return _prefix + relative; }

    [[noreturn]] void fail(const std::string& relative, const std::string& allowed)
    {
        refuse(_config, key(relative), allowed);
    }

    std::string stateList() const
    {
        std::vector<std::string> names;
        for (const auto& state : _states)
            names.push_back(state.name);
        return joined(names);
    }

    WorkflowState* findState(const std::string& name)
    {
        for (auto& state : _states)
            if (state.name == name)
                return &state;
        return nullptr;
    }

    std::vector<std::string> uniqueNames(const std::string& relative, const std::string& what)
    {
        auto items = _config.getList(key(relative), {});
        std::set<std::string> seen;
        for (const auto& item : items) {
            if (!isName(item))
                fail(relative,
                     what + " written as lower-case names ('" + item + "' is not one: letters, digits, '_')");
            if (!seen.insert(item).second)
                fail(relative, what + " named once each ('" + item + "' is repeated)");
        }
        return items;
    }

    void readStates()
    {
        if (!_config.has(key("states")))
            fail("states",
                 "a list of states: workflow '" + _name + "' is listed in cases.workflows but not defined");
        for (const auto& name : uniqueNames("states", "states")) {
            if (name == "draft")
                fail("states", "state names other than 'draft', the status of every case before it is "
                               "submitted");
            _states.push_back({name, "", "", false});
        }
        if (_states.empty())
            fail("states", "at least one state");
    }

    void readTerminal()
    {
        for (const auto& name : _config.getList(key("terminal"), {})) {
            WorkflowState* state = findState(name);
            if (!state)
                fail("terminal",
                     "states of workflow '" + _name + "' in place of '" + name + "' (" + stateList() + ")");
            state->terminal = true;
        }
    }

    void readEntry()
    {
        _entry = trimmed(_config.getString(key("entry"), ""));
        if (_entry.empty())
            fail("entry", "the state a submitted case enters, one of " + stateList());
        const WorkflowState* state = findState(_entry);
        if (!state)
            fail("entry", "a state of workflow '" + _name + "' (" + stateList() + ")");
        if (state->terminal)
            fail("entry", "a state that is not terminal");
    }

    void readStages()
    {
        _stages = uniqueNames("stages", "stages");
        if (_stages.empty())
            fail("stages", "the stages clinics see, in display order");
    }

    void readStageLines()
    {
        for (const auto& name : keysUnder(_config, key("stage."))) {
            WorkflowState* state = findState(name);
            if (!state)
                fail("stage." + name,
                     "a key naming a state of workflow '" + _name + "' (" + stateList() + ")");
            std::string stage = trimmed(_config.getString(key("stage." + name), ""));
            if (!contains(_stages, stage))
                fail("stage." + name,
                     "one of the stages of " + fullKey(key("stages")) + " (" + joined(_stages) + ")");
            state->stage = stage;
        }
        // A state named like a stage shows as that stage; every other state needs a line.
        for (auto& state : _states) {
            if (!state.stage.empty())
                continue;
            if (!contains(_stages, state.name))
                fail("stage." + state.name,
                     "the stage clinics see for state '" + state.name + "', one of " + joined(_stages));
            state.stage = state.name;
        }
        for (const auto& stage : _stages) {
            bool used = false;
            for (const auto& state : _states)
                used = used || state.stage == stage;
            if (!used)
                fail("stages", "stages that some state shows as ('" + stage + "' is shown for no state)");
        }
    }

    void readEventLines()
    {
        for (const auto& name : keysUnder(_config, key("event."))) {
            WorkflowState* state = findState(name);
            if (!state)
                fail("event." + name,
                     "a key naming a state of workflow '" + _name + "' (" + stateList() + ")");
            std::string event = trimmed(_config.getString(key("event." + name), ""));
            if (!isEventName(event))
                fail("event." + name, "an event name such as case.held (lower-case names joined by dots)");
            state->event = event;
        }
    }

    void readActions()
    {
        auto actions = uniqueNames("actions", "actions");
        if (actions.empty())
            fail("actions", "the actions of workflow '" + _name + "', in display order");
        for (const auto& name : keysUnder(_config, key("action.")))
            if (!contains(actions, name))
                fail("action." + name,
                     "an action listed in " + fullKey(key("actions")) + " (" + joined(actions) + ")");
        for (const auto& action : actions)
            _transitions.push_back(readAction(action));
    }

    Transition readAction(const std::string& action)
    {
        const std::string relative = "action." + action;
        std::string line = trimmed(_config.getString(key(relative), ""));
        if (line.empty())
            fail(relative, kLineShape);
        Transition transition;
        transition.action = action;
        for (const auto& clause : splitList(line, ';')) {
            TransitionRule rule;
            std::string to;
            parseClause(relative, clause, rule, to);
            if (!transition.to.empty() && to != transition.to)
                fail(relative,
                     "one target state for every clause ('" + transition.to + "' and '" + to + "')");
            transition.to = to;
            for (const auto& from : rule.from)
                if (!contains(transition.from, from))
                    transition.from.push_back(from);
            for (const auto& role : rule.roles)
                if (!contains(transition.roles, role))
                    transition.roles.push_back(role);
            if (!rule.forSide.empty())
                transition.forSide = rule.forSide;
            transition.rules.push_back(rule);
        }
        if (transition.rules.empty())
            fail(relative, kLineShape);
        // Taken through case.move only: no user shares it, so no page offers it.
        if (contains(transition.roles, "system") && !transition.bySystem())
            fail(relative,
                 "'by system' alone in every clause (an action other plugins take through case.move), "
                 "or roles of users without 'system'");
        return transition;
    }

    void parseClause(const std::string& relative, const std::string& clause, TransitionRule& rule,
                     std::string& to)
    {
        auto arrow = clause.find("->");
        if (arrow == std::string::npos)
            fail(relative, kLineShape);
        rule.from = splitList(clause.substr(0, arrow), ',');
        std::string rest = trimmed(clause.substr(arrow + 2));
        auto space = rest.find_first_of(" \t");
        if (rule.from.empty() || space == std::string::npos)
            fail(relative, kLineShape);
        to = rest.substr(0, space);
        rest = trimmed(rest.substr(space));
        if (rest.compare(0, 2, "by") != 0 || rest.size() < 3 || (rest[2] != ' ' && rest[2] != '\t'))
            fail(relative, kLineShape);
        std::string roles = rest.substr(2);
        // "by system for clinic": taken by another plugin on the clinic's word.
        const auto forAt = roles.find(" for ");
        if (forAt != std::string::npos) {
            rule.forSide = trimmed(roles.substr(forAt + 5));
            roles = roles.substr(0, forAt);
            if (trimmed(roles) != "system" || (rule.forSide != "lab" && rule.forSide != "clinic"))
                fail(relative, "'by system for lab' or 'by system for clinic' (an action another plugin "
                               "takes on that side's word)");
        }
        rule.roles = splitList(roles, ',');
        if (rule.roles.empty())
            fail(relative, kLineShape);

        for (const auto& from : rule.from) {
            if (from == "*") {
                if (rule.from.size() > 1)
                    fail(relative, "'*' alone (every state that is not terminal) or a list of states");
                continue;
            }
            if (!findState(from))
                fail(relative, "a state of workflow '" + _name + "' or '*' in place of '" + from + "' (" +
                                   stateList() + ")");
        }
        if (to == "@previous") {
            if (contains(rule.from, "*"))
                fail(relative, "states named before '-> @previous' (the state before one of them), not '*'");
        } else if (!findState(to)) {
            fail(relative, "a state of workflow '" + _name + "' or '@previous' in place of '" + to + "' (" +
                               stateList() + ")");
        }
        for (const auto& role : rule.roles)
            if (!contains(workflowRoles(), role))
                fail(relative, "roles from " + joined(workflowRoles()) + " in place of '" + role + "'");
    }

    void readReasonRequired()
    {
        for (const auto& action : _config.getList(key("reasonRequired"), {})) {
            Transition* found = nullptr;
            for (auto& transition : _transitions)
                if (transition.action == action)
                    found = &transition;
            if (!found)
                fail("reasonRequired", "actions of workflow '" + _name + "' in place of '" + action + "'");
            found->reasonRequired = true;
        }
    }

    sdk::Config& _config;
    std::string _name;
    std::string _prefix;
    std::string _entry;
    std::vector<WorkflowState> _states;
    std::vector<std::string> _stages;
    std::vector<Transition> _transitions;
};

} // namespace

std::map<std::string, Workflow> loadWorkflows(sdk::Config& config)
{
    auto names = config.getList("workflows", {});
    if (names.empty())
        refuse(config, "workflows", "the names of the workflows, such as 'restorative, aligner'");
    std::map<std::string, Workflow> out;
    for (const auto& name : names) {
        if (!isName(name))
            refuse(config, "workflows", "workflow names in lower case ('" + name + "' is not one)");
        if (out.count(name))
            refuse(config, "workflows", "each workflow once ('" + name + "' is repeated)");
        out.emplace(name, WorkflowReader(config, name).read());
    }
    // A block for a workflow nobody listed is a typo or a leftover: say so by name.
    for (const auto& key : keysUnder(config, "workflow.")) {
        std::string name = key.substr(0, key.find('.'));
        if (!out.count(name))
            refuse(config, "workflow." + key,
                   "a workflow listed in " + fullKey("workflows") + " (" + joined(names) + ")");
    }
    return out;
}

} // namespace molar::cases

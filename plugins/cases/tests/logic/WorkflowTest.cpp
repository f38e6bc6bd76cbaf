// Workflows at work: who may take which action from which state, where it leads,
// and which actions a state offers, on the shipped workflows.
#include "DefaultConfig.h"

#include "catalog/Workflow.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::cases;

namespace {

std::vector<std::string> actionsFrom(const Workflow& workflow, const std::string& state)
{
    std::vector<std::string> out;
    for (const Transition* transition : workflow.transitionsFrom(state))
        out.push_back(transition->action);
    return out;
}

} // namespace

class WorkflowTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WorkflowTest);
    CPPUNIT_TEST(testRolesOfTheLab);
    CPPUNIT_TEST(testClinicTakesItsActions);
    CPPUNIT_TEST(testCancelDependsOnWhoAndWhere);
    CPPUNIT_TEST(testStarSkipsTerminalStatesAndTheTarget);
    CPPUNIT_TEST(testRoleOfTheOtherSideIsRefused);
    CPPUNIT_TEST(testTargetAndPrevious);
    CPPUNIT_TEST(testTransitionsFrom);
    CPPUNIT_TEST(testAlignerApproval);
    CPPUNIT_TEST(testAwaitingCreditIsTheSystemsAndTheOwners);
    CPPUNIT_TEST(testWorkflowBuiltInCode);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        auto config = test::defaultConfig();
        _workflows = loadWorkflows(config);
    }

    const Workflow& restorative() const { return _workflows.at("restorative"); }
    const Workflow& aligner() const { return _workflows.at("aligner"); }
    bool allows(const Workflow& workflow, const std::string& action, const std::string& state,
                const std::string& side, const std::string& role) const
    {
        return workflow.allows(*workflow.transition(action), state, side, role);
    }

    void testRolesOfTheLab()
    {
        CPPUNIT_ASSERT(allows(restorative(), "accept", "received", "lab", "admin"));
        CPPUNIT_ASSERT(allows(restorative(), "accept", "received", "lab", "lead"));
        CPPUNIT_ASSERT(!allows(restorative(), "accept", "received", "lab", "technician"));
        CPPUNIT_ASSERT(!allows(restorative(), "accept", "design", "lab", "admin"));
        CPPUNIT_ASSERT(allows(restorative(), "to_production", "design", "lab", "technician"));
        CPPUNIT_ASSERT(!allows(restorative(), "to_production", "design", "lab", "billing"));
        CPPUNIT_ASSERT(allows(restorative(), "quote", "received", "lab", "billing"));
        CPPUNIT_ASSERT(allows(restorative(), "start_design", "invoicing", "lab", "billing"));
        CPPUNIT_ASSERT(allows(restorative(), "restart", "remake_requested", "lab", "lead"));
    }

    void testClinicTakesItsActions()
    {
        CPPUNIT_ASSERT(allows(restorative(), "deliver", "shipped", "clinic", "staff"));
        CPPUNIT_ASSERT(allows(restorative(), "deliver", "shipped", "lab", "technician"));
        CPPUNIT_ASSERT(!allows(restorative(), "deliver", "qc", "clinic", "owner"));
        CPPUNIT_ASSERT(allows(restorative(), "request_remake", "delivered", "clinic", "dentist"));
        CPPUNIT_ASSERT(!allows(restorative(), "request_remake", "shipped", "clinic", "dentist"));
        CPPUNIT_ASSERT(!allows(restorative(), "accept", "received", "clinic", "owner"));
        CPPUNIT_ASSERT(!allows(restorative(), "hold", "design", "clinic", "owner"));
    }

    void testCancelDependsOnWhoAndWhere()
    {
        CPPUNIT_ASSERT(allows(restorative(), "cancel", "design", "lab", "admin"));
        CPPUNIT_ASSERT(allows(restorative(), "cancel", "remake_requested", "lab", "lead"));
        CPPUNIT_ASSERT(!allows(restorative(), "cancel", "design", "lab", "technician"));
        CPPUNIT_ASSERT(allows(restorative(), "cancel", "received", "clinic", "owner"));
        CPPUNIT_ASSERT(!allows(restorative(), "cancel", "design", "clinic", "owner"));
        CPPUNIT_ASSERT(!allows(restorative(), "cancel", "received", "clinic", "dentist"));
        CPPUNIT_ASSERT(!allows(restorative(), "cancel", "delivered", "lab", "admin"));
        CPPUNIT_ASSERT(!allows(restorative(), "cancel", "cancelled", "lab", "admin"));
    }

    void testStarSkipsTerminalStatesAndTheTarget()
    {
        for (const char* state : {"received", "invoicing", "design", "production", "finishing", "qc",
                                  "shipped", "remake_requested"})
            CPPUNIT_ASSERT_MESSAGE(state, allows(restorative(), "hold", state, "lab", "technician"));
        CPPUNIT_ASSERT(!allows(restorative(), "hold", "on_hold", "lab", "admin"));
        CPPUNIT_ASSERT(!allows(restorative(), "hold", "delivered", "lab", "admin"));
        CPPUNIT_ASSERT(!allows(restorative(), "hold", "cancelled", "lab", "admin"));
        CPPUNIT_ASSERT(!allows(restorative(), "hold", "no_such_state", "lab", "admin"));
        CPPUNIT_ASSERT(!allows(restorative(), "hold", "draft", "lab", "admin"));
    }

    // The role decides only on its own side: a clinic user never passes for a lab admin.
    void testRoleOfTheOtherSideIsRefused()
    {
        CPPUNIT_ASSERT(!allows(restorative(), "accept", "received", "clinic", "admin"));
        CPPUNIT_ASSERT(!allows(restorative(), "cancel", "received", "lab", "owner"));
        CPPUNIT_ASSERT(!allows(restorative(), "deliver", "shipped", "", ""));
        CPPUNIT_ASSERT(!allows(restorative(), "deliver", "shipped", "public", "lab"));
    }

    void testTargetAndPrevious()
    {
        const Transition& resume = *restorative().transition("resume");
        CPPUNIT_ASSERT_EQUAL(std::string("qc"), restorative().target(resume, "qc"));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), restorative().target(resume, "received"));
        CPPUNIT_ASSERT_EQUAL(std::string(), restorative().target(resume, ""));
        CPPUNIT_ASSERT_EQUAL(std::string(), restorative().target(resume, "in_planning"));
        CPPUNIT_ASSERT(allows(restorative(), "resume", "on_hold", "lab", "technician"));
        CPPUNIT_ASSERT(!allows(restorative(), "resume", "design", "lab", "technician"));

        const Transition& ship = *restorative().transition("ship");
        CPPUNIT_ASSERT_EQUAL(std::string("shipped"), restorative().target(ship, "design"));
        CPPUNIT_ASSERT_EQUAL(std::string("design"),
                             restorative().target(*restorative().transition("accept"), ""));
    }

    void testTransitionsFrom()
    {
        using List = std::vector<std::string>;
        CPPUNIT_ASSERT(actionsFrom(restorative(), "received") ==
                       List({"accept", "quote", "hold", "cancel", "await_credit"}));
        CPPUNIT_ASSERT(actionsFrom(restorative(), "qc") == List({"ship", "hold", "cancel", "await_credit"}));
        CPPUNIT_ASSERT(actionsFrom(restorative(), "on_hold") == List({"resume", "cancel", "await_credit"}));
        CPPUNIT_ASSERT(actionsFrom(restorative(), "delivered") == List({"request_remake"}));
        CPPUNIT_ASSERT(actionsFrom(restorative(), "remake_requested") ==
                       List({"hold", "cancel", "restart", "await_credit"}));
        // Held for credit: a top-up moves it on, or its owner withdraws it.
        CPPUNIT_ASSERT(actionsFrom(restorative(), "awaiting_credit") == List({"cancel", "credit_arrived"}));
        CPPUNIT_ASSERT(actionsFrom(restorative(), "cancelled").empty());
        CPPUNIT_ASSERT(actionsFrom(restorative(), "draft").empty());
        CPPUNIT_ASSERT(!restorative().transition("fly"));
        CPPUNIT_ASSERT(!restorative().state("fly"));
    }

    // The plan's actions are the aligners plugin's (case.move): nobody has a button for
    // them, and the system takes them only from the states they name.
    void testAlignerApproval()
    {
        for (const char* action : {"send_plan", "approve", "reject", "request_changes"}) {
            CPPUNIT_ASSERT_MESSAGE(action, aligner().transition(action)->bySystem());
            for (const auto& [side, role] : {std::pair{"lab", "admin"}, std::pair{"lab", "technician"},
                                             std::pair{"clinic", "owner"}, std::pair{"clinic", "dentist"}})
                for (const char* state : {"in_planning", "waiting_for_approval"})
                    CPPUNIT_ASSERT_MESSAGE(action, !allows(aligner(), action, state, side, role));
        }
        CPPUNIT_ASSERT(aligner().transition("reject")->reasonRequired);
        // The aligners plugin asks for the modification's reasons; to the tracker, going
        // back to planning is a step on the way, not a departure.
        CPPUNIT_ASSERT(!aligner().transition("request_changes")->reasonRequired);
        // The clinic's decision waits for the clinic, the plan for the lab.
        CPPUNIT_ASSERT(aligner().sidesMovingOn("waiting_for_approval").count("clinic"));
        CPPUNIT_ASSERT(!aligner().sidesMovingOn("waiting_for_approval").count("lab"));
        CPPUNIT_ASSERT(aligner().sidesMovingOn("in_planning").count("lab"));
        // States only those plugins' moves enter are still the lab's to hold or cancel.
        CPPUNIT_ASSERT(allows(aligner(), "hold", "waiting_for_approval", "lab", "lead"));
        CPPUNIT_ASSERT(allows(aligner(), "hold", "in_production", "lab", "lead"));
        CPPUNIT_ASSERT(allows(aligner(), "replan", "rejected", "lab", "lead"));
        CPPUNIT_ASSERT(allows(aligner(), "cancel", "waiting_for_approval", "clinic", "owner"));
        CPPUNIT_ASSERT(!allows(aligner(), "cancel", "in_production", "clinic", "owner"));
        CPPUNIT_ASSERT(allows(aligner(), "cancel", "in_production", "lab", "admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"),
                             aligner().target(*aligner().transition("approve"), "waiting_for_approval"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("in_planning"),
            aligner().target(*aligner().transition("request_changes"), "waiting_for_approval"));
        using List = std::vector<std::string>;
        CPPUNIT_ASSERT(actionsFrom(aligner(), "in_planning") ==
                       List({"send_plan", "hold", "cancel", "await_credit"}));
        CPPUNIT_ASSERT(actionsFrom(aligner(), "waiting_for_approval") ==
                       List({"approve", "reject", "request_changes", "hold", "cancel", "await_credit"}));
        CPPUNIT_ASSERT(actionsFrom(aligner(), "awaiting_credit") == List({"cancel", "credit_arrived"}));
    }

    // Only the credits plugin (case.move) holds a case for credit and lets it go; while it
    // waits the clinic's owner may withdraw it, and the lab neither holds nor cancels it.
    void testAwaitingCreditIsTheSystemsAndTheOwners()
    {
        for (const Workflow* w : {&restorative(), &aligner()}) {
            const std::string entry = w->entryState();
            for (const char* role : {"admin", "lead", "technician", "billing"}) {
                CPPUNIT_ASSERT(!allows(*w, "await_credit", entry, "lab", role));
                CPPUNIT_ASSERT(!allows(*w, "credit_arrived", "awaiting_credit", "lab", role));
                CPPUNIT_ASSERT(!allows(*w, "hold", "awaiting_credit", "lab", role));
                CPPUNIT_ASSERT(!allows(*w, "cancel", "awaiting_credit", "lab", role));
            }
            for (const char* role : {"owner", "dentist", "staff"})
                CPPUNIT_ASSERT(!allows(*w, "credit_arrived", "awaiting_credit", "clinic", role));
            CPPUNIT_ASSERT(allows(*w, "cancel", "awaiting_credit", "clinic", "owner"));
            CPPUNIT_ASSERT(!allows(*w, "cancel", "awaiting_credit", "clinic", "dentist"));
            // Back where it was when it was held.
            CPPUNIT_ASSERT_EQUAL(entry, w->target(*w->transition("credit_arrived"), entry));
            CPPUNIT_ASSERT(w->sidesMovingOn("awaiting_credit") == std::set<std::string>{"clinic"});
        }
    }

    // Without clauses, a transition's own `from` and `roles` decide.
    void testWorkflowBuiltInCode()
    {
        Transition go{"go", {"a"}, "b", {"lead", "clinic"}, false, {}, ""};
        Workflow workflow("w", "a", {{"a", "a", "", false}, {"b", "b", "", true}}, {"a", "b"}, {go});
        CPPUNIT_ASSERT(workflow.allows(go, "a", "lab", "lead"));
        CPPUNIT_ASSERT(workflow.allows(go, "a", "clinic", "staff"));
        CPPUNIT_ASSERT(!workflow.allows(go, "a", "lab", "admin"));
        CPPUNIT_ASSERT(!workflow.allows(go, "b", "lab", "lead"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), workflow.transitionsFrom("a").size());
    }

private:
    std::map<std::string, Workflow> _workflows;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkflowTest);

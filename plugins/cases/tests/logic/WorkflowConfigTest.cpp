// Workflow configuration: each mistake is refused with the full key that holds it
// and what would be allowed there.
#include "MapConfig.h"
#include "Refusals.h"

#include "catalog/Workflow.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::cases;
using molar::cases::test::MapConfig;

namespace {

const std::string kAction = "cases.workflow.simple.action.";

MapConfig simple()
{
    return MapConfig({
        {"workflows", "simple"},
        {"workflow.simple.states", "new, work, done, on_hold, cancelled"},
        {"workflow.simple.entry", "new"},
        {"workflow.simple.terminal", "done, cancelled"},
        {"workflow.simple.stages", "open, done, on_hold, cancelled"},
        {"workflow.simple.stage.new", "open"},
        {"workflow.simple.stage.work", "open"},
        {"workflow.simple.event.on_hold", "case.held"},
        {"workflow.simple.actions", "start, finish, hold, resume, cancel"},
        {"workflow.simple.action.start", "new -> work by lab"},
        {"workflow.simple.action.finish", "work -> done by technician, lead"},
        {"workflow.simple.action.hold", "* -> on_hold by lab"},
        {"workflow.simple.action.resume", "on_hold -> @previous by lab"},
        {"workflow.simple.action.cancel", "* -> cancelled by admin; new -> cancelled by owner"},
        {"workflow.simple.reasonRequired", "hold"},
    });
}

} // namespace

class WorkflowConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WorkflowConfigTest);
    CPPUNIT_TEST(testValidWorkflowLoads);
    CPPUNIT_TEST(testWorkflowList);
    CPPUNIT_TEST(testWorkflowListedButNotDefined);
    CPPUNIT_TEST(testWorkflowDefinedButNotListed);
    CPPUNIT_TEST(testStates);
    CPPUNIT_TEST(testEntry);
    CPPUNIT_TEST(testStages);
    CPPUNIT_TEST(testStateWithoutStage);
    CPPUNIT_TEST(testEvents);
    CPPUNIT_TEST(testActionList);
    CPPUNIT_TEST(testActionLineThatDoesNotParse);
    CPPUNIT_TEST(testUnknownStatesInActions);
    CPPUNIT_TEST(testStarAndPrevious);
    CPPUNIT_TEST(testUnknownRole);
    CPPUNIT_TEST(testBySystemStandsAlone);
    CPPUNIT_TEST(testClausesShareTheirTarget);
    CPPUNIT_TEST(testReasonRequired);
    CPPUNIT_TEST(testUnknownKeyIsLeftUnread);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidWorkflowLoads()
    {
        MapConfig config = simple();
        auto workflows = loadWorkflows(config);
        const Workflow& workflow = workflows.at("simple");
        CPPUNIT_ASSERT_EQUAL(std::string("open"), workflow.state("work")->stage);
        CPPUNIT_ASSERT_EQUAL(std::string("done"), workflow.state("done")->stage);
        const Transition& cancel = *workflow.transition("cancel");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), cancel.rules.size());
        CPPUNIT_ASSERT(cancel.from == std::vector<std::string>({"*", "new"}));
        CPPUNIT_ASSERT(cancel.roles == std::vector<std::string>({"admin", "owner"}));
        CPPUNIT_ASSERT(workflow.transition("hold")->reasonRequired);
        CPPUNIT_ASSERT(config.unreadKeys().empty());
    }

    void testWorkflowList()
    {
        MapConfig config = simple();
        config.erase("workflows");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflows", "names of the workflows");
        config.set("workflows", "Simple");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflows", "'Simple' is not one");
        config.set("workflows", "simple, simple");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflows", "'simple' is repeated");
    }

    void testWorkflowListedButNotDefined()
    {
        MapConfig config = simple();
        config.set("workflows", "simple, aligner");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.aligner.states",
                             "workflow 'aligner' is listed in cases.workflows but not defined");
    }

    void testWorkflowDefinedButNotListed()
    {
        MapConfig config = simple();
        config.set("workflow.other.states", "a, b");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.other.states",
                             "a workflow listed in cases.workflows (simple)");
    }

    void testStates()
    {
        MapConfig config = simple();
        config.set("workflow.simple.states", "draft, new, work, done, on_hold, cancelled");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.states", "other than 'draft'");
        config.set("workflow.simple.states", "new, work, work, done, on_hold, cancelled");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.states", "'work' is repeated");
        config.set("workflow.simple.states", "new, Work, done, on_hold, cancelled");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.states", "'Work' is not one");
        config.set("workflow.simple.states", "");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.states", "at least one state");

        config = simple();
        config.set("workflow.simple.terminal", "done, canceled");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.terminal",
                             "in place of 'canceled' (new, work, done, on_hold, cancelled)");
    }

    void testEntry()
    {
        MapConfig config = simple();
        config.erase("workflow.simple.entry");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.entry",
                             "the state a submitted case enters, one of new, work");
        config.set("workflow.simple.entry", "received");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.entry",
                             "a state of workflow 'simple'");
        config.set("workflow.simple.entry", "done");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.entry", "not terminal");
    }

    void testStages()
    {
        MapConfig config = simple();
        config.set("workflow.simple.stage.work", "in_work");
        CASES_ASSERT_REFUSED(
            loadWorkflows(config), "cases.workflow.simple.stage.work",
            "one of the stages of cases.workflow.simple.stages (open, done, on_hold, cancelled)");

        config = simple();
        config.set("workflow.simple.stage.wrok", "open");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.stage.wrok",
                             "a key naming a state of workflow 'simple'");

        config = simple();
        config.set("workflow.simple.stages", "open, done, on_hold, cancelled, archived");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.stages",
                             "'archived' is shown for no state");

        config = simple();
        config.set("workflow.simple.stages", "");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.stages", "the stages clinics see");
    }

    void testStateWithoutStage()
    {
        MapConfig config = simple();
        config.erase("workflow.simple.stage.work");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.stage.work",
                             "the stage clinics see for state 'work', one of open, done, on_hold, cancelled");
    }

    void testEvents()
    {
        MapConfig config = simple();
        config.set("workflow.simple.event.on_hold", "held");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.event.on_hold",
                             "such as case.held");
        config.set("workflow.simple.event.on_hold", "case..held");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.event.on_hold",
                             "such as case.held");
        config.set("workflow.simple.event.on_hold", "case.held");
        config.set("workflow.simple.event.paused", "case.paused");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.event.paused",
                             "a key naming a state of workflow 'simple'");
    }

    void testActionList()
    {
        MapConfig config = simple();
        config.erase("workflow.simple.actions");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.actions", "in display order");

        config = simple();
        config.set("workflow.simple.actions", "start, finish, hold, resume, cancel, archive");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "archive",
                             "'<from states> -> <state> by <roles>'");

        config = simple();
        config.set("workflow.simple.action.archive", "done -> done by admin");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "archive",
                             "an action listed in cases.workflow.simple.actions (start, finish");
    }

    void testActionLineThatDoesNotParse()
    {
        for (const char* line :
             {"new work by lab", "new -> work", "new -> work lab", "-> work by lab", "new -> work by",
              "new -> work by ,", "new -> by lab", "new -> work bylab", ";", "new -> work by lab;"}) {
            MapConfig config = simple();
            config.set("workflow.simple.action.start", line);
            if (std::string(line) == "new -> work by lab;") {
                // A trailing separator leaves no empty clause behind.
                loadWorkflows(config);
                continue;
            }
            CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "start",
                                 "such as 'qc -> shipped by admin, lead'");
        }
    }

    void testUnknownStatesInActions()
    {
        MapConfig config = simple();
        config.set("workflow.simple.action.start", "nwe -> work by lab");
        CASES_ASSERT_REFUSED(
            loadWorkflows(config), kAction + "start",
            "a state of workflow 'simple' or '*' in place of 'nwe' (new, work, done, on_hold, "
            "cancelled)");
        config.set("workflow.simple.action.start", "new -> wrok by lab");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "start", "or '@previous' in place of 'wrok'");
    }

    void testStarAndPrevious()
    {
        MapConfig config = simple();
        config.set("workflow.simple.action.hold", "*, new -> on_hold by lab");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "hold", "'*' alone");
        config.set("workflow.simple.action.hold", "* -> @previous by lab");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "hold", "not '*'");
    }

    void testUnknownRole()
    {
        MapConfig config = simple();
        config.set("workflow.simple.action.finish", "work -> done by technician, labs");
        CASES_ASSERT_REFUSED(
            loadWorkflows(config), kAction + "finish",
            "roles from lab, clinic, admin, technician, lead, billing, owner, dentist, staff, system in "
            "place of 'labs'");
    }

    // `by system`: only other plugins take the action (case.move), so no user may share it.
    void testBySystemStandsAlone()
    {
        MapConfig config = simple();
        config.set("workflow.simple.states", "new, work, done, waiting, on_hold, cancelled");
        config.set("workflow.simple.stages", "open, done, waiting, on_hold, cancelled");
        config.set("workflow.simple.actions", "start, finish, hold, resume, cancel, wait, go_on");
        config.set("workflow.simple.action.go_on", "waiting -> @previous by system");
        config.set("workflow.simple.action.wait", "* -> waiting by system, admin");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "wait", "'by system' alone in every clause");
        config.set("workflow.simple.action.wait", "* -> waiting by system; new -> waiting by owner");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "wait", "'by system' alone in every clause");
        config.set("workflow.simple.action.wait", "* -> waiting by system");
        const Workflow workflow = loadWorkflows(config).at("simple");
        const Transition& wait = *workflow.transition("wait");
        const Transition& goOn = *workflow.transition("go_on");
        CPPUNIT_ASSERT(wait.bySystem() && goOn.bySystem());
        CPPUNIT_ASSERT(!workflow.transition("hold")->bySystem());
        // No user takes it, whatever their side or role.
        for (const auto& [side, role] : std::vector<std::pair<std::string, std::string>>{
                 {"lab", "admin"}, {"lab", "lead"}, {"clinic", "owner"}, {"system", "system"}, {"", ""}}) {
            CPPUNIT_ASSERT_MESSAGE(side + "/" + role, !workflow.allows(wait, "work", side, role));
            CPPUNIT_ASSERT_MESSAGE(side + "/" + role, !workflow.allows(goOn, "waiting", side, role));
        }
        // A state only the system leads to is left out of users' "*": the lab neither holds
        // nor cancels a waiting case; the system's own "*" still covers the lab's states.
        CPPUNIT_ASSERT(!workflow.allows(*workflow.transition("hold"), "waiting", "lab", "admin"));
        CPPUNIT_ASSERT(!workflow.allows(*workflow.transition("cancel"), "waiting", "lab", "admin"));
        CPPUNIT_ASSERT(workflow.allows(*workflow.transition("hold"), "work", "lab", "admin"));
        std::vector<std::string> fromWork, fromWaiting;
        for (const Transition* t : workflow.transitionsFrom("work"))
            fromWork.push_back(t->action);
        for (const Transition* t : workflow.transitionsFrom("waiting"))
            fromWaiting.push_back(t->action);
        CPPUNIT_ASSERT(fromWork == std::vector<std::string>({"finish", "hold", "cancel", "wait"}));
        CPPUNIT_ASSERT(fromWaiting == std::vector<std::string>({"go_on"}));
        // Neither side moves a waiting case on: the system is neither.
        CPPUNIT_ASSERT(workflow.sidesMovingOn("waiting").empty());
    }

    void testClausesShareTheirTarget()
    {
        MapConfig config = simple();
        config.set("workflow.simple.action.cancel", "* -> cancelled by admin; new -> done by owner");
        CASES_ASSERT_REFUSED(loadWorkflows(config), kAction + "cancel", "one target state for every clause");
    }

    void testReasonRequired()
    {
        MapConfig config = simple();
        config.set("workflow.simple.reasonRequired", "hold, pause");
        CASES_ASSERT_REFUSED(loadWorkflows(config), "cases.workflow.simple.reasonRequired",
                             "actions of workflow 'simple' in place of 'pause'");
    }

    // Keys the loader does not know stay unread, which the host refuses as unknown.
    void testUnknownKeyIsLeftUnread()
    {
        MapConfig config = simple();
        config.set("workflow.simple.colour", "blue");
        loadWorkflows(config);
        CPPUNIT_ASSERT(config.unreadKeys() == std::vector<std::string>({"cases.workflow.simple.colour"}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkflowConfigTest);

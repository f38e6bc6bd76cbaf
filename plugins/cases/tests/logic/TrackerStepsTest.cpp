// The public tracker's steps for every state of the shipped workflows: the way to
// delivery, and after a hold, a cancellation, a rejection or a remake request the
// stage the case reached, then that state, never the stages it did not pass.
#include "DefaultConfig.h"

#include "catalog/TrackerSteps.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::cases;

namespace {

// The steps in one line: "+" done, "~" reached, ">" current, nothing for to come.
std::string line(const std::vector<TrackerStep>& steps)
{
    std::string out;
    for (const auto& step : steps) {
        if (!out.empty())
            out += ' ';
        out += step.done ? "+" : step.reached ? "~" : step.current ? ">" : "";
        out += step.stage;
    }
    return out;
}

} // namespace

class TrackerStepsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TrackerStepsTest);
    CPPUNIT_TEST(testDeparturesAreTheStatesAReasonLeadsTo);
    CPPUNIT_TEST(testEveryRestorativeState);
    CPPUNIT_TEST(testEveryAlignerState);
    CPPUNIT_TEST(testStageReachedLooksPastDepartures);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        auto config = test::defaultConfig();
        _workflows = loadWorkflows(config);
    }

    const Workflow& restorative() const { return _workflows.at("restorative"); }
    const Workflow& aligner() const { return _workflows.at("aligner"); }

    // The steps of a case in `status` whose earlier statuses are `history` (newest first).
    std::string steps(const Workflow& workflow, const std::string& status,
                      std::vector<std::string> history = {}) const
    {
        history.insert(history.begin(), status);
        return line(trackerSteps(workflow, workflow.state(status)->stage, stageReached(workflow, history)));
    }

    void testDeparturesAreTheStatesAReasonLeadsTo()
    {
        for (const char* stage : {"awaiting_credit", "on_hold", "cancelled", "remake_requested"})
            CPPUNIT_ASSERT_MESSAGE(stage, isDepartureStage(restorative(), stage));
        for (const char* stage : {"rejected", "awaiting_credit", "on_hold", "cancelled"})
            CPPUNIT_ASSERT_MESSAGE(stage, isDepartureStage(aligner(), stage));
        for (const char* stage : {"received", "accepted", "in_design", "manufacturing", "delivered"})
            CPPUNIT_ASSERT_MESSAGE(stage, !isDepartureStage(restorative(), stage));
    }

    void testEveryRestorativeState()
    {
        const auto& w = restorative();
        CPPUNIT_ASSERT_EQUAL(
            std::string(">received accepted in_design manufacturing out_for_delivery delivered"),
            steps(w, "received"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+received >accepted in_design manufacturing out_for_delivery delivered"),
            steps(w, "invoicing"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+received +accepted >in_design manufacturing out_for_delivery delivered"),
            steps(w, "design"));
        for (const char* status : {"production", "finishing", "qc"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                status,
                std::string("+received +accepted +in_design >manufacturing out_for_delivery delivered"),
                steps(w, status));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+received +accepted +in_design +manufacturing >out_for_delivery delivered"),
            steps(w, "shipped"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+received +accepted +in_design +manufacturing +out_for_delivery >delivered"),
            steps(w, "delivered"));
        // Held in design: design reached, then on hold, the rest still to come.
        CPPUNIT_ASSERT_EQUAL(
            std::string("+received +accepted ~in_design >on_hold manufacturing out_for_delivery delivered"),
            steps(w, "on_hold", {"design"}));
        CPPUNIT_ASSERT_EQUAL(std::string("+received +accepted +in_design ~manufacturing >on_hold "
                                         "out_for_delivery delivered"),
                             steps(w, "on_hold", {"qc", "finishing"}));
        // Cancelled: where it stopped, then nothing after.
        CPPUNIT_ASSERT_EQUAL(std::string("~received >cancelled"), steps(w, "cancelled", {"received"}));
        CPPUNIT_ASSERT_EQUAL(std::string("+received +accepted ~in_design >cancelled"),
                             steps(w, "cancelled", {"on_hold", "design"}));
        CPPUNIT_ASSERT_EQUAL(std::string("+received +accepted +in_design +manufacturing +out_for_delivery "
                                         "~delivered >remake_requested"),
                             steps(w, "remake_requested", {"delivered", "shipped"}));
        // Held for credit on arrival, as a hold: received reached, the rest still to come.
        CPPUNIT_ASSERT_EQUAL(std::string("~received >awaiting_credit accepted in_design manufacturing "
                                         "out_for_delivery delivered"),
                             steps(w, "awaiting_credit", {"received"}));
        // Every state is covered above.
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), w.states().size());
    }

    void testEveryAlignerState()
    {
        const auto& w = aligner();
        CPPUNIT_ASSERT_EQUAL(std::string(">in_planning waiting_for_approval in_production shipped delivered"),
                             steps(w, "in_planning"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+in_planning >waiting_for_approval in_production shipped delivered"),
            steps(w, "waiting_for_approval"));
        CPPUNIT_ASSERT_EQUAL(std::string("+in_planning ~waiting_for_approval >rejected in_production shipped "
                                         "delivered"),
                             steps(w, "rejected", {"waiting_for_approval"}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+in_planning +waiting_for_approval >in_production shipped delivered"),
            steps(w, "in_production"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+in_planning +waiting_for_approval +in_production >shipped delivered"),
            steps(w, "shipped"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("+in_planning +waiting_for_approval +in_production +shipped >delivered"),
            steps(w, "delivered"));
        CPPUNIT_ASSERT_EQUAL(std::string("+in_planning +waiting_for_approval ~in_production >on_hold shipped "
                                         "delivered"),
                             steps(w, "on_hold", {"in_production"}));
        CPPUNIT_ASSERT_EQUAL(std::string("+in_planning ~waiting_for_approval >cancelled"),
                             steps(w, "cancelled", {"rejected", "waiting_for_approval"}));
        CPPUNIT_ASSERT_EQUAL(std::string("~in_planning >awaiting_credit waiting_for_approval in_production "
                                         "shipped delivered"),
                             steps(w, "awaiting_credit", {"in_planning"}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(9), w.states().size());
    }

    void testStageReachedLooksPastDepartures()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("manufacturing"),
                             stageReached(restorative(), {"cancelled", "on_hold", "production"}));
        CPPUNIT_ASSERT_EQUAL(std::string(""), stageReached(restorative(), {"on_hold", "nonsense"}));
        // Without a known stage the departure stands alone.
        CPPUNIT_ASSERT_EQUAL(std::string(">on_hold"), line(trackerSteps(restorative(), "on_hold", "")));
    }

private:
    std::map<std::string, Workflow> _workflows;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TrackerStepsTest);

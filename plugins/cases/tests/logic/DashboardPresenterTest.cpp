// The clinic's dashboard without HTTP: which states of the shipped workflows wait for
// the clinic, the counts by clinic stage, the cases that need the clinic (held first,
// then decisions, then drafts) and the recent activity the clinic reads.
#include "DefaultConfig.h"

#include "web/DashboardPresenter.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::cases;

namespace {

CaseRecord record(std::int64_t id, const std::string& workflow, const std::string& status,
                  const std::string& stage, std::int64_t updatedAt)
{
    CaseRecord r;
    r.id = id;
    r.number = status == "draft" ? "" : "TR-260512-000" + std::to_string(id);
    r.workflow = workflow;
    r.status = status;
    r.stage = stage;
    r.updatedAt = updatedAt;
    return r;
}

Activity entry(std::int64_t id, std::int64_t caseId, const std::string& kind, std::int64_t at,
               const std::string& from = "", const std::string& to = "")
{
    Activity a;
    a.id = id;
    a.caseId = caseId;
    a.kind = kind;
    a.at = at;
    a.fromStatus = from;
    a.toStatus = to;
    return a;
}

} // namespace

class DashboardPresenterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DashboardPresenterTest);
    CPPUNIT_TEST(testOnlyThePlanApprovalWaitsForTheClinic);
    CPPUNIT_TEST(testWaitingStatuses);
    CPPUNIT_TEST(testCountsEveryClinicStageButDraft);
    CPPUNIT_TEST(testWaitingCasesHeldFirstThenDecisionsThenDrafts);
    CPPUNIT_TEST(testRecentActivityIsWhatTheClinicReads);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        auto config = test::defaultConfig();
        _workflows = loadWorkflows(config);
        _stages = {"draft",         "received",         "accepted",        "in_design",
                   "manufacturing", "out_for_delivery", "delivered",       "awaiting_credit",
                   "on_hold",       "cancelled",        "remake_requested"};
    }

    void testOnlyThePlanApprovalWaitsForTheClinic()
    {
        // The clinic approves or rejects the plan and the lab cannot: the case waits.
        CPPUNIT_ASSERT(waitsForClinic(_workflows.at("aligner"), "waiting_for_approval"));
        // Held for credit: only a top-up (the system) or the clinic's owner cancelling ends it.
        for (const auto& [name, workflow] : _workflows)
            CPPUNIT_ASSERT_MESSAGE(name, waitsForClinic(workflow, "awaiting_credit"));
        // Every other state: the lab moves it on (the clinic may too: deliver, cancel).
        for (const auto& [name, workflow] : _workflows)
            for (const auto& state : workflow.states())
                if (state.name != "waiting_for_approval" && state.name != "awaiting_credit")
                    CPPUNIT_ASSERT_MESSAGE(name + "/" + state.name, !waitsForClinic(workflow, state.name));
        CPPUNIT_ASSERT(!waitsForClinic(_workflows.at("restorative"), "no_such_state"));
    }

    void testWaitingStatuses()
    {
        DashboardPresenter presenter(_workflows, _stages);
        CPPUNIT_ASSERT(
            presenter.waitingStatuses() ==
            std::vector<std::string>({"draft", "on_hold", "awaiting_credit", "waiting_for_approval"}));
    }

    void testCountsEveryClinicStageButDraft()
    {
        DashboardPresenter presenter(_workflows, _stages);
        const Dashboard d = presenter.present(
            {{"draft", 4}, {"received", 2}, {"manufacturing", 3}, {"on_hold", 1}}, {}, {}, {});
        CPPUNIT_ASSERT_EQUAL(_stages.size() - 1, d.stages.size());
        CPPUNIT_ASSERT_EQUAL(std::string("received"), d.stages.front().stage);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), d.stages.front().count);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), d.stages[1].stage);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), d.stages[1].count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), d.stages[3].count); // manufacturing
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6), d.total);           // drafts are not sent cases
    }

    void testWaitingCasesHeldFirstThenDecisionsThenDrafts()
    {
        DashboardPresenter presenter(_workflows, _stages);
        const std::vector<CaseRecord> candidates{
            record(1, "", "draft", "draft", 500),
            record(2, "aligner", "waiting_for_approval", "waiting_for_approval", 100),
            record(3, "restorative", "on_hold", "on_hold", 50),
            record(4, "restorative", "received", "received", 900), // the lab's move
            record(5, "", "draft", "draft", 800),
            record(3, "restorative", "on_hold", "on_hold", 50), // found twice
        };
        std::vector<CaseRecord> withCredit = candidates;
        withCredit.push_back(record(6, "restorative", "awaiting_credit", "awaiting_credit", 20));
        const Dashboard d = presenter.present({}, withCredit, {}, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), d.waiting.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), d.waiting[0].record.id);
        CPPUNIT_ASSERT_EQUAL(std::string("on_hold"), d.waiting[0].reason);
        // Held until the clinic tops up: before decisions, for its own reason.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6), d.waiting[1].record.id);
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), d.waiting[1].reason);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), d.waiting[2].record.id);
        CPPUNIT_ASSERT_EQUAL(std::string("decision"), d.waiting[2].reason);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), d.waiting[3].record.id); // newest draft first
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), d.waiting[4].record.id);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), d.waiting[4].reason);

        std::vector<CaseRecord> many;
        for (int i = 1; i <= 15; ++i)
            many.push_back(record(i, "", "draft", "draft", i));
        CPPUNIT_ASSERT_EQUAL(DashboardPresenter::listSize,
                             presenter.present({}, many, {}, {}).waiting.size());
    }

    void testRecentActivityIsWhatTheClinicReads()
    {
        DashboardPresenter presenter(_workflows, _stages);
        const std::vector<CaseRecord> cases{record(1, "restorative", "finishing", "manufacturing", 400)};
        const std::vector<Activity> activity{
            entry(1, 1, "submitted", 100, "draft", "received"),
            entry(2, 1, "status", 200, "received", "design"),
            entry(3, 1, "status", 300, "design", "production"),
            entry(4, 1, "status", 400, "production", "finishing"), // within manufacturing
            entry(5, 1, "message", 350),
            entry(6, 99, "message", 500), // a case not among the organization's
        };
        const Dashboard d = presenter.present({}, {}, cases, activity);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), d.recent.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), d.recent[0].activity.id); // newest first
        CPPUNIT_ASSERT(d.recent[0].toStage.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), d.recent[1].activity.id);
        CPPUNIT_ASSERT_EQUAL(std::string("in_design"), d.recent[1].fromStage);
        CPPUNIT_ASSERT_EQUAL(std::string("manufacturing"), d.recent[1].toStage);
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260512-0001"), d.recent[1].record.number);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), d.recent[3].activity.id); // the submission, by its kind
        CPPUNIT_ASSERT(d.recent[3].toStage.empty());
    }

private:
    std::map<std::string, Workflow> _workflows;
    std::vector<std::string> _stages;
};

CPPUNIT_TEST_SUITE_REGISTRATION(DashboardPresenterTest);

// Practice insights against fixtures counted by hand: the periods' edges (an event at
// the start belongs to the period, one at now too, one a millisecond before the start to
// the previous period), the approval rate and mean time to approve rounded half away
// from zero, figures missing when there is nothing to count, and the change.
#include "rules/PracticeInsights.h"

#include <cppunit/extensions/HelperMacros.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace molar::aligners;

namespace {

constexpr std::int64_t kHourMs = 60LL * 60 * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
// 2026-12-03T12:00:00Z.
constexpr std::int64_t kNow = 1796299200000LL;

std::int64_t daysAgo(std::int64_t days)
{
    return kNow - days * kDayMs;
}

InsightCase submitted(std::int64_t atMs)
{
    InsightCase c;
    c.submittedAtMs = atMs;
    return c;
}

InsightPlan decided(PlanDecision decision, std::int64_t decidedAtMs, std::int64_t firstUploadedAtMs = 0)
{
    InsightPlan plan;
    plan.decision = decision;
    plan.decidedAtMs = decidedAtMs;
    plan.firstUploadedAtMs = firstUploadedAtMs ? firstUploadedAtMs : decidedAtMs - kHourMs;
    return plan;
}

InsightPlan accepted(std::int64_t decidedAtMs, std::int64_t waitMs)
{
    return decided(PlanDecision::Accepted, decidedAtMs, decidedAtMs - waitMs);
}

std::string text(const std::optional<std::int64_t>& value)
{
    return value ? std::to_string(*value) : "none";
}

// "current previous difference percent" of a figure, "none" for what is missing.
std::string row(const InsightFigure& f)
{
    return text(f.current) + " " + text(f.previous) + " " + text(f.difference) + " " + text(f.percentChange);
}

// The fixture of the 30-day tests. Current period [now-30d, now], previous [now-60d, now-30d).
//
// Cases, submitted at:
//   now-30d         current (exactly the start)
//   now-30d - 1ms   previous (a millisecond before the start)
//   now             current (now itself)
//   now-1d          current
//   now-10d         current
//   now-60d         previous (the previous period's start)
//   now-60d - 1ms   neither
//   now-45d         previous
//   now + 1ms       neither (after now)
// -> submissions: current 4, previous 3; +1, +33% (33.3 rounds down).
std::vector<InsightCase> fixtureCases()
{
    return {submitted(daysAgo(30)),     submitted(daysAgo(30) - 1), submitted(kNow),
            submitted(daysAgo(1)),      submitted(daysAgo(10)),     submitted(daysAgo(60)),
            submitted(daysAgo(60) - 1), submitted(daysAgo(45)),     submitted(kNow + 1)};
}

// Plans, by decision time:
//   current:  accepted now-2d after 10 h; accepted now-30d (the start) after 5 h;
//             rejected now-5d; modification requested now-6d
//             -> approvals 2, decided 4, rate 50%, mean (10 + 5) / 2 = 7.5 h
//   previous: accepted now-30d - 1ms after 20 h; rejected now-40d; rejected now-50d;
//             modification requested now-59d; accepted now-60d (its start) after 4 h
//             -> approvals 2, decided 5, rate 40%, mean (20 + 4) / 2 = 12.0 h
//   neither:  accepted now-61d; rejected now + 1ms
// Changes: approvals 0 and 0%; rate +10 points, +25%; mean -4.5 h, -37.5% -> -38%.
std::vector<InsightPlan> fixturePlans()
{
    return {accepted(daysAgo(2), 10 * kHourMs),
            accepted(daysAgo(30), 5 * kHourMs),
            decided(PlanDecision::Rejected, daysAgo(5)),
            decided(PlanDecision::ModificationRequested, daysAgo(6)),
            accepted(daysAgo(30) - 1, 20 * kHourMs),
            decided(PlanDecision::Rejected, daysAgo(40)),
            decided(PlanDecision::Rejected, daysAgo(50)),
            decided(PlanDecision::ModificationRequested, daysAgo(59)),
            accepted(daysAgo(60), 4 * kHourMs),
            accepted(daysAgo(61), 1 * kHourMs),
            decided(PlanDecision::Rejected, kNow + 1)};
}

} // namespace

class PracticeInsightsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PracticeInsightsTest);
    CPPUNIT_TEST(onlyTheOfferedPeriods);
    CPPUNIT_TEST(periodsAreAdjacent);
    CPPUNIT_TEST(planStates);
    CPPUNIT_TEST(submissionsCountedByHand);
    CPPUNIT_TEST(approvalsCountedByHand);
    CPPUNIT_TEST(approvalRateCountedByHand);
    CPPUNIT_TEST(meanTimeToApproveCountedByHand);
    CPPUNIT_TEST(longerPeriodTakesMore);
    CPPUNIT_TEST(approvalRateRoundsHalfAwayFromZero);
    CPPUNIT_TEST(meanTimeRoundsToTenths);
    CPPUNIT_TEST(nothingDecidedHasNoRate);
    CPPUNIT_TEST(previousZeroHasNoPercent);
    CPPUNIT_TEST(negativeWaitCountsAsZero);
    CPPUNIT_TEST(tenthsFormatted);
    CPPUNIT_TEST_SUITE_END();

public:
    void onlyTheOfferedPeriods()
    {
        for (int days : {30, 90, 365}) {
            CPPUNIT_ASSERT(isInsightsPeriod(days));
            CPPUNIT_ASSERT_EQUAL(days, computeInsights({}, {}, days, kNow).days);
        }
        for (int days : {0, -30, 7, 31, 366}) {
            CPPUNIT_ASSERT(!isInsightsPeriod(days));
            CPPUNIT_ASSERT_THROW(computeInsights({}, {}, days, kNow), std::invalid_argument);
        }
    }

    void periodsAreAdjacent()
    {
        const auto insights = computeInsights({}, {}, 90, kNow);
        CPPUNIT_ASSERT_EQUAL(daysAgo(90), insights.current.startMs);
        CPPUNIT_ASSERT_EQUAL(kNow + 1, insights.current.endMs);
        CPPUNIT_ASSERT_EQUAL(daysAgo(180), insights.previous.startMs);
        CPPUNIT_ASSERT_EQUAL(daysAgo(90), insights.previous.endMs);
        CPPUNIT_ASSERT(insights.current.holds(daysAgo(90)));
        CPPUNIT_ASSERT(!insights.previous.holds(daysAgo(90)));
        CPPUNIT_ASSERT(insights.previous.holds(daysAgo(90) - 1));
        CPPUNIT_ASSERT(insights.current.holds(kNow));
        CPPUNIT_ASSERT(!insights.current.holds(kNow + 1));
    }

    void planStates()
    {
        CPPUNIT_ASSERT(planDecisionFromState("accepted") == PlanDecision::Accepted);
        CPPUNIT_ASSERT(planDecisionFromState("rejected") == PlanDecision::Rejected);
        CPPUNIT_ASSERT(planDecisionFromState("modification_requested") ==
                       PlanDecision::ModificationRequested);
        CPPUNIT_ASSERT(!planDecisionFromState("proposed"));
        CPPUNIT_ASSERT(!planDecisionFromState("ACCEPTED"));
        CPPUNIT_ASSERT(!planDecisionFromState(""));
    }

    void submissionsCountedByHand()
    {
        const auto insights = computeInsights(fixtureCases(), fixturePlans(), 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("4 3 1 33"), row(insights.submissions));
    }

    void approvalsCountedByHand()
    {
        const auto insights = computeInsights(fixtureCases(), fixturePlans(), 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("2 2 0 0"), row(insights.approvals));
    }

    void approvalRateCountedByHand()
    {
        const auto insights = computeInsights(fixtureCases(), fixturePlans(), 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("50 40 10 25"), row(insights.approvalRate));
    }

    void meanTimeToApproveCountedByHand()
    {
        const auto insights = computeInsights(fixtureCases(), fixturePlans(), 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("75 120 -45 -38"), row(insights.meanTenthsOfHourToApprove));
    }

    void longerPeriodTakesMore()
    {
        // 90 days: current [now-90d, now] holds every case of the fixture but the one
        // after now (now-30d, now-30d-1ms, now, now-1d, now-10d, now-60d, now-60d-1ms,
        // now-45d = 8); the previous period [now-180d, now-90d) holds none.
        // Plans: all decided from now-61d to now (not the one after now): 10 decided, 5 accepted -> 50%; the
        // waits 10, 5, 20, 4 and 1 h -> 40 / 5 = 8.0 h.
        const auto insights = computeInsights(fixtureCases(), fixturePlans(), 90, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("8 0 8 none"), row(insights.submissions));
        CPPUNIT_ASSERT_EQUAL(std::string("5 0 5 none"), row(insights.approvals));
        CPPUNIT_ASSERT_EQUAL(std::string("50 none none none"), row(insights.approvalRate));
        CPPUNIT_ASSERT_EQUAL(std::string("80 none none none"), row(insights.meanTenthsOfHourToApprove));
    }

    void approvalRateRoundsHalfAwayFromZero()
    {
        // 1 of 8 is 12.5% -> 13; 2 of 3 is 66.67% -> 67; 1 of 3 is 33.33% -> 33.
        auto rate = [](int accepted, int rejected) {
            std::vector<InsightPlan> plans;
            for (int i = 0; i < accepted; ++i)
                plans.push_back(decided(PlanDecision::Accepted, daysAgo(1)));
            for (int i = 0; i < rejected; ++i)
                plans.push_back(decided(PlanDecision::Rejected, daysAgo(1)));
            return text(computeInsights({}, plans, 30, kNow).approvalRate.current);
        };
        CPPUNIT_ASSERT_EQUAL(std::string("13"), rate(1, 7));
        CPPUNIT_ASSERT_EQUAL(std::string("67"), rate(2, 1));
        CPPUNIT_ASSERT_EQUAL(std::string("33"), rate(1, 2));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), rate(0, 4));
        CPPUNIT_ASSERT_EQUAL(std::string("100"), rate(4, 0));
    }

    void meanTimeRoundsToTenths()
    {
        // 3 minutes is 0.05 h -> 0.1; a millisecond less -> 0.0.
        auto mean = [](std::vector<std::int64_t> waits) {
            std::vector<InsightPlan> plans;
            for (auto wait : waits)
                plans.push_back(accepted(daysAgo(1), wait));
            return text(computeInsights({}, plans, 30, kNow).meanTenthsOfHourToApprove.current);
        };
        constexpr std::int64_t minute = 60 * 1000;
        CPPUNIT_ASSERT_EQUAL(std::string("1"), mean({3 * minute}));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), mean({3 * minute - 1}));
        // 60 and 63 minutes: a mean of 61.5 min = 1.025 h -> 1.0.
        CPPUNIT_ASSERT_EQUAL(std::string("10"), mean({60 * minute, 63 * minute}));
        // Nine days and a half: 228 h.
        CPPUNIT_ASSERT_EQUAL(std::string("2280"), mean({9 * kDayMs + 12 * kHourMs}));
    }

    void nothingDecidedHasNoRate()
    {
        // Cases but no decided plan: no rate and no mean, in either period.
        const auto insights = computeInsights({submitted(daysAgo(3))}, {}, 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("1 0 1 none"), row(insights.submissions));
        CPPUNIT_ASSERT_EQUAL(std::string("0 0 0 none"), row(insights.approvals));
        CPPUNIT_ASSERT_EQUAL(std::string("none none none none"), row(insights.approvalRate));
        CPPUNIT_ASSERT_EQUAL(std::string("none none none none"), row(insights.meanTenthsOfHourToApprove));
        // Only rejections: a rate of 0, still no mean time.
        const auto rejected = computeInsights({}, {decided(PlanDecision::Rejected, daysAgo(3))}, 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("0 none none none"), row(rejected.approvalRate));
        CPPUNIT_ASSERT_EQUAL(std::string("none none none none"), row(rejected.meanTenthsOfHourToApprove));
    }

    void previousZeroHasNoPercent()
    {
        // Previous period: one rejection (rate 0). Current: one acceptance (rate 100).
        const auto insights = computeInsights(
            {}, {decided(PlanDecision::Rejected, daysAgo(40)), accepted(daysAgo(3), 2 * kHourMs)}, 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("100 0 100 none"), row(insights.approvalRate));
        CPPUNIT_ASSERT_EQUAL(std::string("1 0 1 none"), row(insights.approvals));
        // Fewer than before: -100%.
        const auto fewer = computeInsights({submitted(daysAgo(31))}, {}, 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("0 1 -1 -100"), row(fewer.submissions));
    }

    void negativeWaitCountsAsZero()
    {
        // Decided an hour before the recorded upload (a clock set back): 0 h, not -1 h.
        const auto insights = computeInsights(
            {}, {accepted(daysAgo(1), -kHourMs), accepted(daysAgo(1), 3 * kHourMs)}, 30, kNow);
        CPPUNIT_ASSERT_EQUAL(std::string("15"), text(insights.meanTenthsOfHourToApprove.current));
    }

    void tenthsFormatted()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("7.5"), formatTenths(75));
        CPPUNIT_ASSERT_EQUAL(std::string("12.0"), formatTenths(120));
        CPPUNIT_ASSERT_EQUAL(std::string("0.0"), formatTenths(0));
        CPPUNIT_ASSERT_EQUAL(std::string("0.5"), formatTenths(5));
        CPPUNIT_ASSERT_EQUAL(std::string("-4.5"), formatTenths(-45));
        CPPUNIT_ASSERT_EQUAL(std::string("-0.5"), formatTenths(-5));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PracticeInsightsTest);

// Replacement aligner orders without a database: the steps checked per arch (range,
// repeats, the cap exactly at 8 and 9), the interval between orders at 44 and 45 days,
// free against charged quotes, and engager templates of the current phase only.
#include "rules/ReplacementRules.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace molar::aligners;

namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
// 2026-03-01T10:00:00Z, an arbitrary last order.
constexpr std::int64_t kLastOrderMs = 1772359200000LL;

PlanType charged()
{
    PlanType type;
    type.code = "ONE";
    type.replacementsCharged = true;
    return type;
}

PlanType unlimited()
{
    PlanType type;
    type.code = "UNLIMITED";
    type.replacementsCharged = false;
    type.replacementIntervalDays = 45;
    return type;
}

// A plan of 20 upper and 18 lower steps.
ReplacementCase caseOf(const PlanType& type)
{
    ReplacementCase c;
    c.planType = type;
    c.planSteps.upper = 20;
    c.planSteps.lower = 18;
    return c;
}

ReplacementPricing pricing()
{
    ReplacementPricing p;
    p.alignerPriceMinor = 18000; // 180.00
    p.maxStepsPerArch = 8;
    return p;
}

PerArch<std::vector<int>> steps(std::vector<int> upper, std::vector<int> lower)
{
    PerArch<std::vector<int>> out;
    out.upper = std::move(upper);
    out.lower = std::move(lower);
    return out;
}

ReplacementDecision decide(const PerArch<std::vector<int>>& requested, const ReplacementCase& c,
                           std::int64_t nowMs = kLastOrderMs + 100 * kDayMs)
{
    return decideReplacement(requested, c, nowMs, pricing());
}

std::vector<std::string> keys(const ReplacementDecision& decision)
{
    std::vector<std::string> out;
    for (const auto& p : decision.problems)
        out.push_back(p.key);
    return out;
}

std::string only(const ReplacementDecision& decision)
{
    return decision.problems.size() == 1 ? decision.problems.front().key
                                         : std::to_string(decision.problems.size()) + " problems";
}

const std::string kNoSteps = "aligners.replacement.error.noSteps";
const std::string kOutOfRange = "aligners.replacement.error.stepOutOfRange";
const std::string kTwice = "aligners.replacement.error.stepTwice";
const std::string kTooMany = "aligners.replacement.error.tooManySteps";
const std::string kTooSoon = "aligners.replacement.error.tooSoon";

} // namespace

class ReplacementRulesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReplacementRulesTest);
    CPPUNIT_TEST(archNames);
    CPPUNIT_TEST(pricingFromPlanTypes);
    CPPUNIT_TEST(noStepRefused);
    CPPUNIT_TEST(oneArchIsEnough);
    CPPUNIT_TEST(stepsOutOfRangeRefused);
    CPPUNIT_TEST(archWithoutStepsRefusesAnyStep);
    CPPUNIT_TEST(stepTwiceReportedOncePerStep);
    CPPUNIT_TEST(capExactlyAtEightAccepted);
    CPPUNIT_TEST(nineStepsOnOneArchRefused);
    CPPUNIT_TEST(capCountsDistinctSteps);
    CPPUNIT_TEST(capFollowsConfig);
    CPPUNIT_TEST(intervalAt44DaysRefused);
    CPPUNIT_TEST(intervalAt45DaysAllowed);
    CPPUNIT_TEST(firstOrderHasNoInterval);
    CPPUNIT_TEST(chargedTypeHasNoInterval);
    CPPUNIT_TEST(chargedQuote);
    CPPUNIT_TEST(freeQuote);
    CPPUNIT_TEST(currentPhaseEngagersIncluded);
    CPPUNIT_TEST(earlierPhaseEngagersLeftOut);
    CPPUNIT_TEST(engagersArePerArch);
    CPPUNIT_TEST(engagerTemplatesNeverCharged);
    CPPUNIT_TEST(everyProblemReportedTogether);
    CPPUNIT_TEST(refusedOrderHasNoQuote);
    CPPUNIT_TEST_SUITE_END();

public:
    void archNames()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("upper"), std::string(archName(Arch::Upper)));
        CPPUNIT_ASSERT_EQUAL(std::string("lower"), std::string(archName(Arch::Lower)));
    }

    void pricingFromPlanTypes()
    {
        PlanTypes types;
        types.replacementAlignerPriceMinor = 9500;
        types.maxReplacementStepsPerArch = 5;
        const auto p = ReplacementPricing::from(types);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9500), p.alignerPriceMinor);
        CPPUNIT_ASSERT_EQUAL(5, p.maxStepsPerArch);
    }

    void noStepRefused()
    {
        const auto d = decide(steps({}, {}), caseOf(charged()));
        CPPUNIT_ASSERT(!d.accepted());
        CPPUNIT_ASSERT_EQUAL(kNoSteps, only(d));
        CPPUNIT_ASSERT(!d.problems.front().arch);
    }

    void oneArchIsEnough()
    {
        const auto d = decide(steps({}, {3}), caseOf(charged()));
        CPPUNIT_ASSERT(d.accepted());
        CPPUNIT_ASSERT_EQUAL(1, d.aligners);
        CPPUNIT_ASSERT(d.steps.upper.empty());
        CPPUNIT_ASSERT(d.steps.lower == std::vector<int>{3});
    }

    void stepsOutOfRangeRefused()
    {
        // Steps run 1..20 upper and 1..18 lower: 1, 20 and 18 are the edges inside.
        CPPUNIT_ASSERT(decide(steps({1, 20}, {1, 18}), caseOf(charged())).accepted());
        for (int bad : {0, -1, 21}) {
            const auto d = decide(steps({bad}, {}), caseOf(charged()));
            CPPUNIT_ASSERT_EQUAL(kOutOfRange, only(d));
            CPPUNIT_ASSERT(d.problems.front().arch == Arch::Upper);
            CPPUNIT_ASSERT_EQUAL(bad, d.problems.front().step);
        }
        // 19 exists upper but not lower.
        const auto d = decide(steps({19}, {19}), caseOf(charged()));
        CPPUNIT_ASSERT_EQUAL(kOutOfRange, only(d));
        CPPUNIT_ASSERT(d.problems.front().arch == Arch::Lower);
        CPPUNIT_ASSERT_EQUAL(19, d.problems.front().step);
    }

    void archWithoutStepsRefusesAnyStep()
    {
        auto c = caseOf(charged());
        c.planSteps.lower = 0; // an upper-only treatment
        const auto d = decide(steps({2}, {1}), c);
        CPPUNIT_ASSERT_EQUAL(kOutOfRange, only(d));
        CPPUNIT_ASSERT(d.problems.front().arch == Arch::Lower);
    }

    void stepTwiceReportedOncePerStep()
    {
        // 4 three times and 6 twice upper, 4 twice lower: three problems, one per
        // repeated step per arch.
        const auto d = decide(steps({4, 6, 4, 6, 4}, {4, 4}), caseOf(charged()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), d.problems.size());
        CPPUNIT_ASSERT(keys(d) == std::vector<std::string>(3, kTwice));
        CPPUNIT_ASSERT(d.problems[0].arch == Arch::Upper && d.problems[0].step == 4);
        CPPUNIT_ASSERT(d.problems[1].arch == Arch::Upper && d.problems[1].step == 6);
        CPPUNIT_ASSERT(d.problems[2].arch == Arch::Lower && d.problems[2].step == 4);
    }

    void capExactlyAtEightAccepted()
    {
        const auto d =
            decide(steps({8, 7, 6, 5, 4, 3, 2, 1}, {11, 12, 13, 14, 15, 16, 17, 18}), caseOf(charged()));
        CPPUNIT_ASSERT(d.accepted());
        CPPUNIT_ASSERT_EQUAL(16, d.aligners);
        CPPUNIT_ASSERT(d.steps.upper == (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8})); // sorted
    }

    void nineStepsOnOneArchRefused()
    {
        const auto d = decide(steps({1, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), caseOf(charged()));
        CPPUNIT_ASSERT_EQUAL(kTooMany, only(d));
        CPPUNIT_ASSERT(d.problems.front().arch == Arch::Lower);
        const auto upper = decide(steps({1, 2, 3, 4, 5, 6, 7, 8, 9}, {}), caseOf(charged()));
        CPPUNIT_ASSERT_EQUAL(kTooMany, only(upper));
        CPPUNIT_ASSERT(upper.problems.front().arch == Arch::Upper);
    }

    void capCountsDistinctSteps()
    {
        // Nine entries but eight steps: the repeat is the problem, not the cap.
        const auto d = decide(steps({1, 2, 3, 4, 5, 6, 7, 8, 8}, {}), caseOf(charged()));
        CPPUNIT_ASSERT_EQUAL(kTwice, only(d));
    }

    void capFollowsConfig()
    {
        auto p = pricing();
        p.maxStepsPerArch = 2;
        const auto c = caseOf(charged());
        CPPUNIT_ASSERT(decideReplacement(steps({1, 2}, {1, 2}), c, kLastOrderMs, p).accepted());
        CPPUNIT_ASSERT_EQUAL(kTooMany, only(decideReplacement(steps({1, 2, 3}, {}), c, kLastOrderMs, p)));
    }

    void intervalAt44DaysRefused()
    {
        auto c = caseOf(unlimited());
        c.lastOrderAtMs = kLastOrderMs;
        const auto d = decide(steps({5}, {}), c, kLastOrderMs + 44 * kDayMs);
        CPPUNIT_ASSERT_EQUAL(kTooSoon, only(d));
        CPPUNIT_ASSERT(d.problems.front().allowedFromMs);
        // 2026-04-15T10:00:00Z: 45 days after the last order.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1776247200000LL), *d.problems.front().allowedFromMs);
        // A millisecond short of 45 days is still too soon.
        CPPUNIT_ASSERT_EQUAL(kTooSoon, only(decide(steps({5}, {}), c, kLastOrderMs + 45 * kDayMs - 1)));
    }

    void intervalAt45DaysAllowed()
    {
        auto c = caseOf(unlimited());
        c.lastOrderAtMs = kLastOrderMs;
        CPPUNIT_ASSERT(decide(steps({5}, {}), c, kLastOrderMs + 45 * kDayMs).accepted());
        CPPUNIT_ASSERT(decide(steps({5}, {}), c, kLastOrderMs + 46 * kDayMs).accepted());
    }

    void firstOrderHasNoInterval()
    {
        CPPUNIT_ASSERT(decide(steps({5}, {}), caseOf(unlimited()), kLastOrderMs).accepted());
    }

    void chargedTypeHasNoInterval()
    {
        auto c = caseOf(charged());
        c.lastOrderAtMs = kLastOrderMs;
        CPPUNIT_ASSERT(decide(steps({5}, {}), c, kLastOrderMs + 1).accepted());
    }

    void chargedQuote()
    {
        // 3 upper + 2 lower = 5 aligners x 180.00.
        const auto d = decide(steps({3, 4, 5}, {7, 9}), caseOf(charged()));
        CPPUNIT_ASSERT(d.accepted());
        CPPUNIT_ASSERT_EQUAL(5, d.aligners);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5 * 18000), d.chargeMinor);
    }

    void freeQuote()
    {
        const auto d = decide(steps({3, 4, 5}, {7, 9}), caseOf(unlimited()));
        CPPUNIT_ASSERT(d.accepted());
        CPPUNIT_ASSERT_EQUAL(5, d.aligners);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), d.chargeMinor);
    }

    void currentPhaseEngagersIncluded()
    {
        auto c = caseOf(charged());
        c.currentPhaseEngagers.upper = {1, 6, 12};
        c.currentPhaseEngagers.lower = {2};
        // Asked 6 and 7 upper, 2 lower: templates for upper 6 and lower 2, not for 1 or 12
        // (not asked) nor 7 (no engagers there).
        const auto d = decide(steps({7, 6}, {2}), c);
        CPPUNIT_ASSERT(d.engagerTemplates.upper == std::vector<int>{6});
        CPPUNIT_ASSERT(d.engagerTemplates.lower == std::vector<int>{2});
        CPPUNIT_ASSERT(d.engagersLeftOut.upper.empty());
        CPPUNIT_ASSERT(d.engagersLeftOut.lower.empty());
    }

    void earlierPhaseEngagersLeftOut()
    {
        auto c = caseOf(charged());
        c.currentPhaseEngagers.upper = {3};
        c.earlierPhaseEngagers.upper = {3, 4, 10};
        // 3 had engagers in both phases: the current one's template is included. 4 only
        // in an earlier phase: left out, the page says to contact the lab.
        const auto d = decide(steps({3, 4, 5}, {}), c);
        CPPUNIT_ASSERT(d.engagerTemplates.upper == std::vector<int>{3});
        CPPUNIT_ASSERT(d.engagersLeftOut.upper == std::vector<int>{4});
    }

    void engagersArePerArch()
    {
        auto c = caseOf(charged());
        c.currentPhaseEngagers.upper = {5};
        c.earlierPhaseEngagers.upper = {6};
        const auto d = decide(steps({}, {5, 6}), c);
        CPPUNIT_ASSERT(d.accepted());
        CPPUNIT_ASSERT(d.engagerTemplates.lower.empty() && d.engagerTemplates.upper.empty());
        CPPUNIT_ASSERT(d.engagersLeftOut.lower.empty() && d.engagersLeftOut.upper.empty());
    }

    void engagerTemplatesNeverCharged()
    {
        auto c = caseOf(charged());
        c.currentPhaseEngagers.upper = {1, 2};
        const auto d = decide(steps({1, 2}, {}), c);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), d.engagerTemplates.upper.size());
        CPPUNIT_ASSERT_EQUAL(2, d.aligners);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2 * 18000), d.chargeMinor);
    }

    void everyProblemReportedTogether()
    {
        auto c = caseOf(unlimited());
        c.lastOrderAtMs = kLastOrderMs;
        const auto d = decide(steps({0, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), c, kLastOrderMs + 10 * kDayMs);
        CPPUNIT_ASSERT(keys(d) == (std::vector<std::string>{kOutOfRange, kTwice, kTooMany, kTooSoon}));
    }

    void refusedOrderHasNoQuote()
    {
        auto c = caseOf(charged());
        c.currentPhaseEngagers.upper = {1};
        const auto d = decide(steps({1, 1}, {}), c);
        CPPUNIT_ASSERT(!d.accepted());
        CPPUNIT_ASSERT_EQUAL(0, d.aligners);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), d.chargeMinor);
        CPPUNIT_ASSERT(d.steps.upper.empty());
        CPPUNIT_ASSERT(d.engagerTemplates.upper.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReplacementRulesTest);

// The Net Promoter Score and the star averages without a database: the kinds at their
// boundaries, rounding half away from zero on both sides of zero, no score without
// answers, and ratings of 0 (not given) left out of the averages.
#include "score/NpsScore.h"

#include <cppunit/extensions/HelperMacros.h>

#include <optional>
#include <stdexcept>
#include <string>

using namespace molar::nps;

namespace {

NpsCounts counts(int promoters, int passives, int detractors)
{
    NpsCounts c;
    c.promoters = promoters;
    c.passives = passives;
    c.detractors = detractors;
    return c;
}

std::optional<int> score(int promoters, int passives, int detractors)
{
    return netPromoterScore(counts(promoters, passives, detractors));
}

} // namespace

class NpsScoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NpsScoreTest);
    CPPUNIT_TEST(noAnswersIsNoScore);
    CPPUNIT_TEST(allPassivesIsZero);
    CPPUNIT_TEST(oneAnswerOfEachKind);
    CPPUNIT_TEST(roundsHalfAwayFromZeroOnBothSides);
    CPPUNIT_TEST(kindsChangeAtSixSevenEightNine);
    CPPUNIT_TEST(addingCountsEachKind);
    CPPUNIT_TEST(scoresOutsideZeroToTenAreRefused);
    CPPUNIT_TEST(starAveragesLeaveOutUngivenRatings);
    CPPUNIT_TEST(starAveragesRoundToOneDecimal);
    CPPUNIT_TEST(starRatingsOutsideZeroToFiveAreRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void noAnswersIsNoScore()
    {
        CPPUNIT_ASSERT(!score(0, 0, 0).has_value());
        CPPUNIT_ASSERT_EQUAL(0, NpsCounts{}.answers());
    }

    void allPassivesIsZero()
    {
        CPPUNIT_ASSERT_EQUAL(0, score(0, 5, 0).value());
        CPPUNIT_ASSERT_EQUAL(0, score(0, 1, 0).value());
    }

    void oneAnswerOfEachKind()
    {
        CPPUNIT_ASSERT_EQUAL(100, score(1, 0, 0).value());
        CPPUNIT_ASSERT_EQUAL(0, score(0, 1, 0).value());
        CPPUNIT_ASSERT_EQUAL(-100, score(0, 0, 1).value());
        CPPUNIT_ASSERT_EQUAL(0, score(1, 1, 1).value());
        CPPUNIT_ASSERT_EQUAL(3, counts(1, 1, 1).answers());
    }

    void roundsHalfAwayFromZeroOnBothSides()
    {
        CPPUNIT_ASSERT_EQUAL(50, score(1, 1, 0).value());
        CPPUNIT_ASSERT_EQUAL(-50, score(0, 1, 1).value());
        CPPUNIT_ASSERT_EQUAL(33, score(2, 0, 1).value());
        CPPUNIT_ASSERT_EQUAL(-33, score(1, 0, 2).value());
        // 66.67 and -66.67 round outwards.
        CPPUNIT_ASSERT_EQUAL(67, score(2, 1, 0).value());
        CPPUNIT_ASSERT_EQUAL(-67, score(0, 1, 2).value());
        // Exact halves: 12.5 → 13 and -12.5 → -13, 37.5 → 38 and -37.5 → -38.
        CPPUNIT_ASSERT_EQUAL(13, score(1, 7, 0).value());
        CPPUNIT_ASSERT_EQUAL(-13, score(0, 7, 1).value());
        CPPUNIT_ASSERT_EQUAL(38, score(3, 5, 0).value());
        CPPUNIT_ASSERT_EQUAL(-38, score(0, 5, 3).value());
        // 0.5 on a large count: 1 promoter over 200 answers.
        CPPUNIT_ASSERT_EQUAL(1, score(1, 199, 0).value());
        CPPUNIT_ASSERT_EQUAL(-1, score(0, 199, 1).value());
        // Just under a half stays: 1 over 201 answers is 0.4975.
        CPPUNIT_ASSERT_EQUAL(0, score(1, 200, 0).value());
        CPPUNIT_ASSERT_EQUAL(0, score(0, 200, 1).value());
    }

    void kindsChangeAtSixSevenEightNine()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("detractor"), scoreKind(0));
        CPPUNIT_ASSERT_EQUAL(std::string("detractor"), scoreKind(6));
        CPPUNIT_ASSERT_EQUAL(std::string("passive"), scoreKind(7));
        CPPUNIT_ASSERT_EQUAL(std::string("passive"), scoreKind(8));
        CPPUNIT_ASSERT_EQUAL(std::string("promoter"), scoreKind(9));
        CPPUNIT_ASSERT_EQUAL(std::string("promoter"), scoreKind(10));
        CPPUNIT_ASSERT(isDetractor(0));
        CPPUNIT_ASSERT(isDetractor(6));
        CPPUNIT_ASSERT(!isDetractor(7));
        CPPUNIT_ASSERT(!isDetractor(10));
    }

    void addingCountsEachKind()
    {
        NpsCounts c;
        for (int s = 0; s <= 10; ++s)
            c.add(s);
        CPPUNIT_ASSERT_EQUAL(2, c.promoters);
        CPPUNIT_ASSERT_EQUAL(2, c.passives);
        CPPUNIT_ASSERT_EQUAL(7, c.detractors);
        CPPUNIT_ASSERT_EQUAL(11, c.answers());
        // (2 − 7) × 100 / 11 = −45.45
        CPPUNIT_ASSERT_EQUAL(-45, netPromoterScore(c).value());

        const NpsCounts folded = countScore(countScore(NpsCounts{}, 9), 8);
        CPPUNIT_ASSERT_EQUAL(1, folded.promoters);
        CPPUNIT_ASSERT_EQUAL(1, folded.passives);
        CPPUNIT_ASSERT_EQUAL(0, folded.detractors);
    }

    void scoresOutsideZeroToTenAreRefused()
    {
        NpsCounts c;
        CPPUNIT_ASSERT_THROW(c.add(-1), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(c.add(11), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(0, c.answers());
        CPPUNIT_ASSERT_THROW(countScore(c, 11), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(scoreKind(-1), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(scoreKind(11), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(isDetractor(-1), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(isDetractor(11), std::invalid_argument);
    }

    void starAveragesLeaveOutUngivenRatings()
    {
        StarAverage none;
        none.add(0);
        none.add(0);
        CPPUNIT_ASSERT_EQUAL(0, none.count);
        CPPUNIT_ASSERT(!none.tenths().has_value());
        CPPUNIT_ASSERT_EQUAL(std::string(), none.text());

        StarAverage some;
        for (int stars : {5, 0, 4, 0, 4})
            some.add(stars);
        CPPUNIT_ASSERT_EQUAL(3, some.count);
        CPPUNIT_ASSERT_EQUAL(13LL, some.sum);
        CPPUNIT_ASSERT_EQUAL(43, some.tenths().value());
        CPPUNIT_ASSERT_EQUAL(std::string("4.3"), some.text());
    }

    void starAveragesRoundToOneDecimal()
    {
        StarAverage whole;
        whole.add(5);
        CPPUNIT_ASSERT_EQUAL(std::string("5.0"), whole.text());
        // 4.25 rounds up to 4.3; 4.75 to 4.8; 1.05 to 1.1.
        CPPUNIT_ASSERT_EQUAL(std::string("4.3"), (StarAverage{17, 4}).text());
        CPPUNIT_ASSERT_EQUAL(std::string("4.8"), (StarAverage{19, 4}).text());
        CPPUNIT_ASSERT_EQUAL(std::string("1.1"), (StarAverage{21, 20}).text());
        // 4.24 stays 4.2; 1.0 keeps its decimal.
        CPPUNIT_ASSERT_EQUAL(std::string("4.2"), (StarAverage{106, 25}).text());
        CPPUNIT_ASSERT_EQUAL(std::string("1.0"), (StarAverage{3, 3}).text());
    }

    void starRatingsOutsideZeroToFiveAreRefused()
    {
        StarAverage a;
        CPPUNIT_ASSERT_THROW(a.add(-1), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(a.add(6), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(0, a.count);
        CPPUNIT_ASSERT_EQUAL(0LL, a.sum);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NpsScoreTest);

// The reports over the plugin's tables, on SQLite and MariaDB: the window's NPS with no
// answers (none), all passives (0), one answer, and at the window's edge; star averages
// without the ratings not given; months in the lab's zone where they differ from UTC's;
// groups by product and by technician; published reviews redacted, newest first.
#include "NpsPortal.h"

#include "reports/FeedbackReports.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;
using molar::nps::FeedbackReports;

namespace {

struct Row
{
    int score = 8;
    std::int64_t at = 0;
    int fit = 0;
    std::string comment;
    bool consent = false;
    std::string author = "Karim Nasser";
    std::string product = "zirconia_crown";
    std::string productName = "Zirconia crown";
    std::int64_t technician = 0;
};

// Answers written straight to the table the reports read.
class Answers
{
public:
    explicit Answers(NpsPortal& portal) : _portal(portal) {}

    void add(const Row& row)
    {
        ++_next;
        const std::string number = "TR-260512-" + std::to_string(1000 + _next) + "A4F";
        _portal.db().execute(
            "INSERT INTO nps_answers (request_id, case_id, case_number, organization_id, author_user_id, "
            "author_name, score, fit_stars, aesthetics_stars, speed_stars, comment, consent, product, "
            "product_name, technician_id, answered_at, updated_at) VALUES (?, ?, ?, 1, 1, ?, ?, ?, 0, 0, ?, "
            "?, "
            "?, ?, ?, ?, ?)",
            {_next, 5000 + _next, number, row.author, row.score, row.fit, row.comment, row.consent ? 1 : 0,
             row.product, row.productName, row.technician, row.at, row.at});
    }
    void add(int score, std::int64_t at)
    {
        Row row;
        row.score = score;
        row.at = at;
        add(row);
    }

private:
    NpsPortal& _portal;
    std::int64_t _next = 0;
};

// 2026-04-30 22:30 UTC: 1 May 01:30 in Qatar, 30 April 18:30 in New York.
constexpr std::int64_t kLateApril = 1777588200000;

} // namespace

class FeedbackReportsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FeedbackReportsTest);
    CPPUNIT_TEST(windowWithoutAnswersHasNoScore);
    CPPUNIT_TEST(windowOfPassivesIsZero);
    CPPUNIT_TEST(windowOfOneAnswer);
    CPPUNIT_TEST(windowsEdge);
    CPPUNIT_TEST(starsLeaveOutRatingsNotGiven);
    CPPUNIT_TEST(monthsAreTheLabsZones);
    CPPUNIT_TEST(groupsByProductAndTechnician);
    CPPUNIT_TEST(reviewsAreRedactedNewestFirst);
    CPPUNIT_TEST_SUITE_END();

public:
    void windowWithoutAnswersHasNoScore()
    {
        NpsPortal portal;
        const auto summary = FeedbackReports::window(portal.db(), 90, portal.nowMs());
        CPPUNIT_ASSERT_EQUAL(0, summary.counts.answers());
        CPPUNIT_ASSERT(!summary.nps());
        CPPUNIT_ASSERT(!summary.fit.tenths());
    }

    void windowOfPassivesIsZero()
    {
        NpsPortal portal;
        Answers answers(portal);
        for (int score : {7, 8, 8, 7})
            answers.add(score, portal.nowMs() - NpsPortal::kDayMs);
        const auto summary = FeedbackReports::window(portal.db(), 90, portal.nowMs());
        CPPUNIT_ASSERT_EQUAL(4, summary.counts.passives);
        CPPUNIT_ASSERT_EQUAL(0, *summary.nps());
    }

    void windowOfOneAnswer()
    {
        NpsPortal portal;
        Answers answers(portal);
        const std::int64_t now = portal.nowMs();
        answers.add(10, now);
        answers.add(0, now - 200 * NpsPortal::kDayMs);
        CPPUNIT_ASSERT_EQUAL(100, *FeedbackReports::window(portal.db(), 90, now).nps());
        // Five months earlier the window held only the 0.
        const auto earlier = FeedbackReports::window(portal.db(), 90, now - 150 * NpsPortal::kDayMs);
        CPPUNIT_ASSERT_EQUAL(1, earlier.counts.answers());
        CPPUNIT_ASSERT_EQUAL(-100, *earlier.nps());
    }

    void windowsEdge()
    {
        NpsPortal portal;
        Answers answers(portal);
        const std::int64_t now = portal.nowMs();
        const std::int64_t start = now - 90 * NpsPortal::kDayMs;
        answers.add(10, start);    // exactly 90 days old: in
        answers.add(0, start - 1); // a millisecond older: out
        answers.add(0, now + 1);   // not given yet at `now`: out
        answers.add(7, now);       // now: in
        const auto summary = FeedbackReports::window(portal.db(), 90, now);
        CPPUNIT_ASSERT_EQUAL(2, summary.counts.answers());
        CPPUNIT_ASSERT_EQUAL(1, summary.counts.promoters);
        CPPUNIT_ASSERT_EQUAL(0, summary.counts.detractors);
        CPPUNIT_ASSERT_EQUAL(50, *summary.nps());
        // A day later the 10 has left the window and the later 0 is in it, with the 7.
        CPPUNIT_ASSERT_EQUAL(-50, *FeedbackReports::window(portal.db(), 90, now + NpsPortal::kDayMs).nps());
    }

    void starsLeaveOutRatingsNotGiven()
    {
        NpsPortal portal;
        Answers answers(portal);
        for (int fit : {5, 4, 0, 4}) {
            Row row;
            row.fit = fit;
            row.at = portal.nowMs();
            answers.add(row);
        }
        const auto summary = FeedbackReports::window(portal.db(), 90, portal.nowMs());
        CPPUNIT_ASSERT_EQUAL(3, summary.fit.count);
        CPPUNIT_ASSERT_EQUAL(std::string("4.3"), summary.fit.text());
        CPPUNIT_ASSERT(!summary.speed.tenths());
    }

    void monthsAreTheLabsZones()
    {
        NpsPortal portal;
        Answers answers(portal);
        answers.add(10, kLateApril);
        answers.add(0, kLateApril - 40LL * NpsPortal::kDayMs); // 21 March: before three months
        const std::int64_t now = portal.nowMs();               // 12 May
        const auto qatar = FeedbackReports::byMonth(portal.db(), 2, now, "Asia/Qatar");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), qatar.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-04"), qatar[0].key);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05"), qatar[1].key);
        CPPUNIT_ASSERT(!qatar[0].summary.nps());
        CPPUNIT_ASSERT_EQUAL(100, *qatar[1].summary.nps());
        const auto york = FeedbackReports::byMonth(portal.db(), 2, now, "America/New_York");
        CPPUNIT_ASSERT_EQUAL(100, *york[0].summary.nps());
        CPPUNIT_ASSERT(!york[1].summary.nps());
        // Three months reach March, with its detractor; oldest first.
        const auto three = FeedbackReports::byMonth(portal.db(), 3, now, "Asia/Qatar");
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03"), three[0].key);
        CPPUNIT_ASSERT_EQUAL(-100, *three[0].summary.nps());
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), FeedbackReports::byMonth(portal.db(), 12, now, "UTC").size());
        CPPUNIT_ASSERT_EQUAL(std::string("2025-06"),
                             FeedbackReports::byMonth(portal.db(), 12, now, "UTC").front().key);
    }

    void groupsByProductAndTechnician()
    {
        NpsPortal portal;
        Answers answers(portal);
        Row crown;
        crown.at = portal.nowMs();
        crown.technician = 7;
        Row veneer = crown;
        veneer.product = "emax_veneer";
        veneer.productName = "E.max veneer";
        veneer.technician = 0;
        for (int score : {10, 9, 3}) {
            crown.score = score;
            answers.add(crown);
        }
        veneer.score = 8;
        answers.add(veneer);
        const auto products = FeedbackReports::byProduct(portal.db());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), products.size());
        CPPUNIT_ASSERT_EQUAL(std::string("zirconia_crown"), products[0].key);
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), products[0].label);
        CPPUNIT_ASSERT_EQUAL(3, products[0].summary.counts.answers());
        CPPUNIT_ASSERT_EQUAL(33, *products[0].summary.nps());
        CPPUNIT_ASSERT_EQUAL(std::string("E.max veneer"), products[1].label);
        const auto technicians = FeedbackReports::byTechnician(portal.db());
        CPPUNIT_ASSERT_EQUAL(std::string("7"), technicians[0].key);
        CPPUNIT_ASSERT_EQUAL(std::string("0"), technicians[1].key);
        CPPUNIT_ASSERT_EQUAL(0, *technicians[1].summary.nps());
    }

    void reviewsAreRedactedNewestFirst()
    {
        NpsPortal portal;
        Answers answers(portal);
        Row row;
        row.at = portal.nowMs();
        row.score = 10;
        row.comment = "Perfect fit, thank you";
        row.consent = true;
        row.author = "Dr. Lina Haddad";
        answers.add(row); // 1
        row.comment = "Not for the public";
        row.consent = false;
        answers.add(row); // 2
        row.comment = "";
        row.consent = true;
        answers.add(row); // 3: nothing to publish
        row.comment = "Quick";
        row.author = "Karim Nasser";
        answers.add(row); // 4
        const auto reviews = FeedbackReports::reviews(portal.db(), 0, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), reviews.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Quick"), reviews[0].comment);
        CPPUNIT_ASSERT_EQUAL(std::string("K. N."), reviews[0].initials);
        CPPUNIT_ASSERT_EQUAL(std::string("\xE2\x80\xA6"
                                         "4A4F"),
                             reviews[0].caseTail);
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), reviews[1].initials);
        CPPUNIT_ASSERT_EQUAL(std::string("\xE2\x80\xA6"
                                         "1A4F"),
                             reviews[1].caseTail);
        // The next page starts below the last one shown.
        const auto older = FeedbackReports::reviews(portal.db(), reviews[0].answerId, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), older.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Perfect fit, thank you"), older[0].comment);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeedbackReportsTest);

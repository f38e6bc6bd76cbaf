// The activity download without a database: a byte order mark, a header row, RFC 4180
// quoting with CRLF line ends, signed decimal amounts, times in the viewer's zone, Arabic
// kept byte for byte, and typed text that a spreadsheet would run as a formula kept as text.
#include "web/ActivityCsv.h"
#include "web/ActivityFilter.h"
#include "web/LocalTime.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace molar::credits;

namespace {

// Tuesday 2026-05-12 06:00 UTC: 09:00 in Qatar.
constexpr std::int64_t tuesdayMorning = 1778565600000;

ActivityCsvWords englishWords()
{
    ActivityCsvWords words;
    words.header = {"Date and time", "Kind", "Amount (QAR)", "Balance after (QAR)", "Case number",
                    "Reason",        "By"};
    words.kinds = {{"topup", "Top-up"}, {"debit", "Case debit"}, {"adjustment", "Adjustment"}};
    words.system = "System";
    return words;
}

LedgerEntry entry(std::int64_t id, const std::string& kind, std::int64_t amount, std::int64_t balance)
{
    LedgerEntry e;
    e.id = id;
    e.kind = kind;
    e.amountMinor = amount;
    e.currency = "QAR";
    e.balanceAfterMinor = balance;
    e.createdAt = tuesdayMorning;
    return e;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (auto end = text.find("\r\n"); end != std::string::npos; end = text.find("\r\n", start)) {
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("every line ends in CRLF", text.size(), start);
    return out;
}

} // namespace

class ActivityCsvTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ActivityCsvTest);
    CPPUNIT_TEST(startsWithTheBomAndTheHeader);
    CPPUNIT_TEST(amountsAreSignedDecimalsWithoutGrouping);
    CPPUNIT_TEST(timesAreInTheViewersZone);
    CPPUNIT_TEST(fieldsAreQuotedByRfc4180);
    CPPUNIT_TEST(arabicTextIsKeptIntact);
    CPPUNIT_TEST(formulasStayText);
    CPPUNIT_TEST(anEntryNoPersonMadeIsBySystem);
    CPPUNIT_TEST(filtersReadDaysInTheViewersZone);
    CPPUNIT_TEST(filtersRefuseWhatIsNoDayOrKind);
    CPPUNIT_TEST_SUITE_END();

public:
    void startsWithTheBomAndTheHeader()
    {
        const std::string csv = activityCsv({}, englishWords(), "Asia/Qatar");
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBF"), csv.substr(0, 3));
        const auto rows = lines(csv.substr(3));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("Date and time,Kind,Amount (QAR),Balance after (QAR),Case number,Reason,By"),
            rows[0]);
    }

    void amountsAreSignedDecimalsWithoutGrouping()
    {
        LedgerEntry debit = entry(2, "debit", -125050, 874950);
        debit.caseNumber = "TR-260512-1A4F";
        debit.actorName = "Layla Haddad";
        debit.actorUserId = 7;
        const auto rows =
            lines(activityCsv({entry(1, "topup", 1000000, 1000000), debit}, englishWords(), "Asia/Qatar")
                      .substr(3));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 09:00,Top-up,10000.00,10000.00,,,System"), rows[1]);
        CPPUNIT_ASSERT_EQUAL(
            std::string("2026-05-12 09:00,Case debit,-1250.50,8749.50,TR-260512-1A4F,,Layla Haddad"),
            rows[2]);
    }

    void timesAreInTheViewersZone()
    {
        const LedgerEntry late = entry(1, "topup", 100, 100);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 09:00"),
                             LocalTime::dateTime(late.createdAt, "Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 11:30"),
                             LocalTime::dateTime(late.createdAt, "Asia/Kolkata"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-11 23:00"),
                             LocalTime::dateTime(late.createdAt, "America/Los_Angeles"));
        // An unknown zone reads as UTC.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 06:00"),
                             LocalTime::dateTime(late.createdAt, "Mars/Base"));
        const auto rows = lines(activityCsv({late}, englishWords(), "America/Los_Angeles").substr(3));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-11 23:00"), rows[1].substr(0, 16));
    }

    void fieldsAreQuotedByRfc4180()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("plain"), csvField("plain"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"a, b\""), csvField("a, b"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"say \"\"hi\"\"\""), csvField("say \"hi\""));
        CPPUNIT_ASSERT_EQUAL(std::string("\"two\r\nlines\""), csvField("two\r\nlines"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"line\nbreak\""), csvField("line\nbreak"));

        LedgerEntry adjustment = entry(3, "adjustment", 5000, 5000);
        adjustment.reason = "Goodwill, \"late\" delivery";
        adjustment.actorName = "Admin";
        adjustment.actorUserId = 1;
        const std::string csv = activityCsv({adjustment}, englishWords(), "Asia/Qatar");
        CPPUNIT_ASSERT(csv.find(",Adjustment,50.00,50.00,,\"Goodwill, \"\"late\"\" delivery\",Admin\r\n") !=
                       std::string::npos);
    }

    void arabicTextIsKeptIntact()
    {
        ActivityCsvWords words = englishWords();
        words.kinds["adjustment"] = "تسوية";
        LedgerEntry adjustment = entry(4, "adjustment", -2500, 0);
        adjustment.reason = "تعويض عن تأخير التسليم";
        adjustment.actorName = "ليلى حداد";
        adjustment.actorUserId = 1;
        const auto rows = lines(activityCsv({adjustment}, words, "Asia/Qatar").substr(3));
        CPPUNIT_ASSERT_EQUAL(
            std::string("2026-05-12 09:00,تسوية,-25.00,0.00,,تعويض عن تأخير التسليم,ليلى حداد"), rows[1]);
    }

    void formulasStayText()
    {
        LedgerEntry adjustment = entry(5, "adjustment", 100, 100);
        adjustment.reason = "=HYPERLINK(\"http://evil.example\")";
        adjustment.actorName = "@admin";
        adjustment.actorUserId = 1;
        const auto rows = lines(activityCsv({adjustment}, englishWords(), "Asia/Qatar").substr(3));
        CPPUNIT_ASSERT_EQUAL(
            std::string("2026-05-12 "
                        "09:00,Adjustment,1.00,1.00,,\"'=HYPERLINK(\"\"http://evil.example\"\")\",'@admin"),
            rows[1]);
    }

    void anEntryNoPersonMadeIsBySystem()
    {
        LedgerEntry kind = entry(6, "topup_refund", -100, 0);
        const auto rows = lines(activityCsv({kind}, englishWords(), "Asia/Qatar").substr(3));
        // A kind without words shows its code rather than nothing.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12 09:00,topup_refund,-1.00,0.00,,,System"), rows[1]);
    }

    void filtersReadDaysInTheViewersZone()
    {
        const ActivityFilter filter =
            ActivityFilter::read("debit", "2026-05-12", "2026-05-12", "", "Asia/Qatar");
        CPPUNIT_ASSERT(filter.errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("debit"), filter.ledger.kind);
        // Midnight in Qatar is 21:00 UTC the day before; the end is the next midnight.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1778533200000), filter.ledger.fromMs);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1778533200000 + 86400000), filter.ledger.toMs);
        CPPUNIT_ASSERT_EQUAL(std::string("kind=debit&from=2026-05-12&to=2026-05-12"), filter.query());
        CPPUNIT_ASSERT(filter.ledger.fromMs <= tuesdayMorning && tuesdayMorning < filter.ledger.toMs);
    }

    void filtersRefuseWhatIsNoDayOrKind()
    {
        const ActivityFilter bad =
            ActivityFilter::read("gift", "2026-02-30", "12/05/2026", "x1", "Asia/Qatar");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), bad.errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string(), bad.query());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bad.ledger.fromMs);
        const ActivityFilter reversed =
            ActivityFilter::read("", "2026-05-12", "2026-05-01", "", "Asia/Qatar");
        CPPUNIT_ASSERT_EQUAL(std::string("credits.activity.error.order"), reversed.errors.at("to"));
        CPPUNIT_ASSERT_EQUAL(std::string("from=2026-05-12"), reversed.query());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ActivityCsvTest);

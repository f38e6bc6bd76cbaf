// A statement line's values (dates, amounts in minor units without floating point,
// currencies), its event id, and which reference each line pays.
#include "Assertions.h"

#include "StatementMatch.h"
#include "TransferReference.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::paybank;

namespace {

StatementRow row(const std::string& date, const std::string& amount, const std::string& currency,
                 const std::string& description, const std::string& id, int line = 2)
{
    return StatementRow{line, date, amount, currency, description, id};
}

std::string refusal(const StatementRow& r)
{
    try {
        readStatementLine(r);
    } catch (const StatementError& e) {
        return std::to_string(e.line()) + " " + e.key() + " " + e.detail();
    }
    return "accepted";
}

} // namespace

class StatementLineTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatementLineTest);
    CPPUNIT_TEST(testDates);
    CPPUNIT_TEST(testAmountsInMinorUnits);
    CPPUNIT_TEST(testRefusalsNameTheLine);
    CPPUNIT_TEST(testEventId);
    CPPUNIT_TEST(testMatching);
    CPPUNIT_TEST(testSeveralReferences);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDates()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), isoDate("2026-05-12"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), isoDate("12/05/2026"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), isoDate("12.05.2026"));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"), isoDate("2024-02-29"));
        for (const char* bad : {"", "2026-02-29", "2026-13-01", "2026-5-12", "12/05.2026", "31/04/2026",
                                "2026-05-12T10:00", "yesterday"})
            CPPUNIT_ASSERT_MESSAGE(bad, isoDate(bad).empty());
    }

    void testAmountsInMinorUnits()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050),
                             readStatementLine(row("2026-05-12", "1,250.50", "qar", "", "")).amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-2000),
                             readStatementLine(row("2026-05-12", "-20.00", "QAR", "", "")).amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250),
                             readStatementLine(row("2026-05-12", "1,250", "JPY", "", "")).amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250),
                             readStatementLine(row("2026-05-12", "1.250", "KWD", "", "")).amountMinor);
        // 0.1 + 0.2 in floating point is 0.30000000000000004; here it is exactly 30 fils... of QAR.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30),
                             readStatementLine(row("2026-05-12", "0.30", "QAR", "", "")).amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"),
                             readStatementLine(row("2026-05-12", "1", "qar", "", "")).currency);
    }

    void testRefusalsNameTheLine()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.date 2026-02-30"),
                             refusal(row("2026-02-30", "5", "QAR", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.amount 1.234"),
                             refusal(row("2026-02-03", "1.234", "QAR", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.amount 5.0"),
                             refusal(row("2026-02-03", "5.0", "JPY", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.amount 1e3"),
                             refusal(row("2026-02-03", "1e3", "QAR", "", "", 7)));
        // More than any invoice asks for (the largest int64 of minor units among them).
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.amountTooLarge 92233720368547758.07"),
                             refusal(row("2026-02-03", "92233720368547758.07", "QAR", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.amountTooLarge -10000000000.01"),
                             refusal(row("2026-02-03", "-10000000000.01", "QAR", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"),
                             refusal(row("2026-02-03", "10000000000.00", "QAR", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("7 pay-bank.csv.currency riyal"),
                             refusal(row("2026-02-03", "5", "riyal", "", "", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("3 pay-bank.csv.amount abc"), [] {
            try {
                readStatement("2026-05-12,5,QAR,a,TX1\n2026-05-12,6,QAR,b,TX2\n2026-05-12,abc,QAR,c,TX3\n");
            } catch (const StatementError& e) {
                return std::to_string(e.line()) + " " + e.key() + " " + e.detail();
            }
            return std::string("accepted");
        }());
    }

    void testEventId()
    {
        const auto a = readStatementLine(row("2026-05-12", "1,250.50", "QAR", "Ref MB-0123-456Z", "TX1"));
        // The same line written differently (date and amount formats) is the same line.
        const auto same =
            readStatementLine(row("12/05/2026", "1250.50", "qar", "Ref MB-0123-456Z", "TX1", 9));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), a.eventId.size());
        CPPUNIT_ASSERT_EQUAL(a.eventId, same.eventId);
        for (const auto& other : {row("2026-05-13", "1250.50", "QAR", "Ref MB-0123-456Z", "TX1"),
                                  row("2026-05-12", "1250.51", "QAR", "Ref MB-0123-456Z", "TX1"),
                                  row("2026-05-12", "1250.50", "KWD", "Ref MB-0123-456Z", "TX1"),
                                  row("2026-05-12", "1250.50", "QAR", "Ref MB-0123-456Z.", "TX1"),
                                  row("2026-05-12", "1250.50", "QAR", "Ref MB-0123-456Z", "TX2")})
            CPPUNIT_ASSERT(readStatementLine(other).eventId != a.eventId);
    }

    void testMatching()
    {
        const auto lines = readStatement("date,amount,currency,description,id\n"
                                         "2026-05-12,100.00,QAR,Pearl mb0123456z May,TX1\n"
                                         "2026-05-12,-5.00,QAR,Fee MB-0123-456Z,TX2\n"
                                         "2026-05-12,100.00,QAR,Salary,TX3\n"
                                         "2026-05-12,100.00,QAR,MB-0123-4567 typo then MB-ZZZZ-ZZZ" +
                                         std::string(1, TransferReference::checkSymbol("ZZZZZZZ")) +
                                         ",TX4\n"
                                         "2026-05-12,100.000,KWD,MB-0123-456Z,TX5\n"
                                         "2026-05-12,100.00,QAR,Pearl mb0123456z May,TX1\n");
        KnownReference known;
        known.id = 1;
        known.reference = "MB-0123-456Z";
        known.attemptId = "att-1";
        known.amountMinor = 30000;
        known.currency = "QAR";
        const auto matches = matchStatement(lines, [&](const std::string& reference) {
            return reference == known.reference ? std::optional<KnownReference>(known) : std::nullopt;
        });
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), matches.size());
        CPPUNIT_ASSERT_EQUAL(std::string("matched"), outcomeName(matches[0].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("att-1"), matches[0].reference->attemptId);
        CPPUNIT_ASSERT_EQUAL(std::string("notCredit"), outcomeName(matches[1].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("noReference"), outcomeName(matches[2].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("unknownReference"), outcomeName(matches[3].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("MB-ZZZZ-ZZZ"), matches[3].detail.substr(0, 11));
        CPPUNIT_ASSERT_EQUAL(std::string("currencyDiffers"), outcomeName(matches[4].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), matches[4].detail);
        CPPUNIT_ASSERT_EQUAL(std::string("repeatedLine"), outcomeName(matches[5].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), matches[5].detail);
    }

    // One transfer for two invoices: how it splits is the clerk's to say, so it pays neither;
    // a known reference beside one the portal never gave out pays the known one.
    void testSeveralReferences()
    {
        const std::string other = "MB-ZZZZ-ZZZ" + std::string(1, TransferReference::checkSymbol("ZZZZZZZ"));
        const std::string unknown = TransferReference::generate();
        const auto lines = readStatement("2026-05-12,400.00,QAR,Invoices MB-0123-456Z and " + other +
                                         ",TX1\n"
                                         "2026-05-12,100.00,QAR,MB-0123-456Z " +
                                         unknown + ",TX2\n");
        const auto matches = matchStatement(lines, [&](const std::string& reference) {
            std::optional<KnownReference> found;
            if (reference == "MB-0123-456Z" || reference == other) {
                found = KnownReference();
                found->reference = reference;
                found->currency = "QAR";
            }
            return found;
        });
        CPPUNIT_ASSERT_EQUAL(std::string("severalReferences"), outcomeName(matches[0].outcome));
        CPPUNIT_ASSERT_EQUAL("MB-0123-456Z, " + other, matches[0].detail);
        CPPUNIT_ASSERT(!matches[0].reference);
        CPPUNIT_ASSERT_EQUAL(std::string("matched"), outcomeName(matches[1].outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("MB-0123-456Z"), matches[1].reference->reference);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementLineTest);

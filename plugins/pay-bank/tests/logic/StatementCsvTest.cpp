// Reading a bank statement's CSV: with and without a header, columns in any order
// under a header, quoting, semicolons, and a clear refusal naming the line.
#include "Assertions.h"

#include "StatementCsv.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::paybank::StatementCsv;
using molar::paybank::StatementError;
using molar::paybank::StatementRow;

namespace {

// The refusal `text` gets: "<line> <key> <detail>".
std::string refusal(const std::string& text)
{
    try {
        StatementCsv::parse(text);
    } catch (const StatementError& e) {
        return std::to_string(e.line()) + " " + e.key() + (e.detail().empty() ? "" : " " + e.detail());
    }
    return "accepted";
}

} // namespace

class StatementCsvTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatementCsvTest);
    CPPUNIT_TEST(testWithoutHeader);
    CPPUNIT_TEST(testHeaderInAnyOrder);
    CPPUNIT_TEST(testQuotedFields);
    CPPUNIT_TEST(testSemicolons);
    CPPUNIT_TEST(testBlankLinesAndByteOrderMark);
    CPPUNIT_TEST(testRefusalsNameTheLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWithoutHeader()
    {
        const auto rows = StatementCsv::parse("2026-05-12,1250.50,QAR,MB-0123-456Z,TX1\r\n"
                                              "2026-05-13,-20.00,QAR,Bank fee,TX2\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
        CPPUNIT_ASSERT_EQUAL(1, rows[0].line);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), rows[0].date);
        CPPUNIT_ASSERT_EQUAL(std::string("1250.50"), rows[0].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), rows[0].currency);
        CPPUNIT_ASSERT_EQUAL(std::string("MB-0123-456Z"), rows[0].description);
        CPPUNIT_ASSERT_EQUAL(std::string("TX1"), rows[0].transactionId);
        CPPUNIT_ASSERT_EQUAL(2, rows[1].line);
        CPPUNIT_ASSERT_EQUAL(std::string("-20.00"), rows[1].amount);
    }

    void testHeaderInAnyOrder()
    {
        const auto rows = StatementCsv::parse("Transaction ID,Value date,Narrative,Balance,Currency,Amount\n"
                                              "TX9,2026-05-12,Payment MB01234 56Z,9000.00,KWD,1.250\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(2, rows[0].line);
        CPPUNIT_ASSERT_EQUAL(std::string("TX9"), rows[0].transactionId);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), rows[0].date);
        CPPUNIT_ASSERT_EQUAL(std::string("Payment MB01234 56Z"), rows[0].description);
        CPPUNIT_ASSERT_EQUAL(std::string("KWD"), rows[0].currency);
        CPPUNIT_ASSERT_EQUAL(std::string("1.250"), rows[0].amount);
    }

    void testQuotedFields()
    {
        const auto rows =
            StatementCsv::parse("date,amount,currency,reference/description,bank transaction id\n"
                                "2026-05-12,\"1,250.50\",QAR,\"Pearl Dental, \"\"May\"\"\n"
                                "MB-0123-456Z\",TX1\n"
                                "2026-05-14,10,QAR,x,TX3\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1,250.50"), rows[0].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("Pearl Dental, \"May\"\nMB-0123-456Z"), rows[0].description);
        CPPUNIT_ASSERT_EQUAL(2, rows[0].line);
        // The quoted line break counts: the next record starts on line 4.
        CPPUNIT_ASSERT_EQUAL(4, rows[1].line);
    }

    void testSemicolons()
    {
        const auto rows = StatementCsv::parse("Date;Amount;Currency;Description;Transaction id\n"
                                              "12/05/2026;1,250.50;QAR;MB-0123-456Z;TX1\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1,250.50"), rows[0].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("12/05/2026"), rows[0].date);
    }

    void testBlankLinesAndByteOrderMark()
    {
        const auto rows = StatementCsv::parse("\xEF\xBB\xBF"
                                              "date,amount,currency,description,id\n\n"
                                              "2026-05-12,5,QAR,a,TX1\n,,,,\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(3, rows[0].line);
    }

    void testRefusalsNameTheLine()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("1 pay-bank.csv.empty"), refusal(" \n"));
        CPPUNIT_ASSERT_EQUAL(std::string("1 pay-bank.csv.noLines"),
                             refusal("date,amount,currency,description,id\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("3 pay-bank.csv.columns 3"),
                             refusal("2026-05-12,5,QAR,a,TX1\n2026-05-12,5,QAR,a,TX2\n2026-05-12,5,QAR\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("1 pay-bank.csv.missingColumn currency"),
                             refusal("date,amount,description,id,other\n2026-05-12,5,a,TX1,x\n"));
        // Windows-1252 (É as one byte) is no UTF-8; the line says where.
        CPPUNIT_ASSERT_EQUAL(std::string("2 pay-bank.csv.notUtf8"),
                             refusal("2026-05-12,5,QAR,a,TX1\n2026-05-12,5,QAR,Dentaire \xC9lan,TX2\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal("2026-05-12,5,QAR,Dentaire \xC3\x89lan,TX2\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("2 pay-bank.csv.openQuote"),
                             refusal("2026-05-12,5,QAR,a,TX1\n2026-05-12,5,QAR,\"open,TX2\n"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementCsvTest);

// A bank statement imported by the clerk: lines quoting a reference (inside a longer
// description, any case, with or without dashes) are applied once; importing the same
// file again changes nothing; lines it cannot match are listed with the reason; a file
// it cannot read is refused naming the line.
#include "BankPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

namespace {

std::string bare(const std::string& reference)
{
    std::string out = "mb" + reference.substr(3, 4) + reference.substr(8, 4);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Answer importFile(HttpBrowser& browser, const std::string& csv)
{
    return browser.postFile("/lab/payments/bank/imports", {}, "statement", "statement-may.csv", csv);
}

} // namespace

class StatementImportTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatementImportTest);
    CPPUNIT_TEST(testSameStatementTwice);
    CPPUNIT_TEST(testUnreadableFilesNameTheLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSameStatementTwice()
    {
        BankPortal bank;
        BankInvoice first = bank.issuedInvoice("INV-2026-000201", 125050);
        BankInvoice second = bank.issuedInvoice("INV-2026-000202", 30000);
        auto clerk = bank.clerk();
        const std::string csv = "Value date,Amount,Currency,Description,Transaction ID\r\n"
                                "2026-05-10,\"1,250.50\",QAR,TRF PEARL DENTAL GROUP REF " +
                                first.reference +
                                " INV,FT001\r\n"
                                "11/05/2026,100.00,QAR,Payment " +
                                bare(second.reference) +
                                " part 1,FT002\r\n"
                                "2026-05-11,50.00,QAR,Salary advance,FT003\r\n"
                                "2026-05-11,75.00,QAR,REF MB-0123-456Z,FT004\r\n"
                                "2026-05-11,75.000,KWD,Payment " +
                                second.reference +
                                ",FT005\r\n"
                                "2026-05-11,-12.50,QAR,Bank charges " +
                                second.reference + ",FT006\r\n";

        Answer imported = importFile(*clerk, csv);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(imported.body, 303, imported.status);
        const std::string result = imported.header("Location");
        CPPUNIT_ASSERT_EQUAL(std::string("/lab/payments/bank/imports/"), result.substr(0, 27));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), bank.invoiceState(first.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), bank.invoicePaid(first.id));
        CPPUNIT_ASSERT_EQUAL(std::string("partly_paid"), bank.invoiceState(second.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(second.id));

        Answer page = clerk->get(result);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("6 lines", page.body);
        MOLAR_ASSERT_CONTAINS("2 applied", page.body);
        MOLAR_ASSERT_CONTAINS("4 not matched", page.body);
        MOLAR_ASSERT_CONTAINS(first.reference, page.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a01,250.50", page.body);
        MOLAR_ASSERT_CONTAINS("No transfer reference in the description.", page.body);
        MOLAR_ASSERT_CONTAINS("Unknown reference MB-0123-456Z.", page.body);
        MOLAR_ASSERT_CONTAINS("Currency differs: the reference asks for QAR.", page.body);
        MOLAR_ASSERT_CONTAINS("Not money received", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Already applied", page.body);
        // The bank transfers page leads back to it.
        MOLAR_ASSERT_CONTAINS("href=\"" + result + "\"><span translate=\"no\">statement-may.csv</span>",
                              clerk->get("/lab/payments/bank").body);

        const auto events = bank.count("SELECT COUNT(*) AS n FROM molar_payment_events");
        const auto receipts = bank.count("SELECT COUNT(*) AS n FROM molar_payment_receipts");
        const auto references = bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), references);

        // The same file again, its date and amount columns written another way: nothing new.
        std::string again = csv;
        again.replace(again.find("11/05/2026"), 10, "2026-05-11");
        Answer twice = importFile(*clerk, again);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(twice.body, 303, twice.status);
        CPPUNIT_ASSERT(twice.header("Location") != result);
        Answer secondPage = clerk->get(twice.header("Location"));
        MOLAR_ASSERT_CONTAINS("0 applied", secondPage.body);
        MOLAR_ASSERT_CONTAINS("2 already applied before", secondPage.body);
        MOLAR_ASSERT_CONTAINS("Already applied", secondPage.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), bank.invoicePaid(first.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(second.id));
        CPPUNIT_ASSERT_EQUAL(events, bank.count("SELECT COUNT(*) AS n FROM molar_payment_events"));
        CPPUNIT_ASSERT_EQUAL(receipts, bank.count("SELECT COUNT(*) AS n FROM molar_payment_receipts"));
        CPPUNIT_ASSERT_EQUAL(references, bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));

        // The rest of the second invoice in a later statement.
        Answer rest =
            importFile(*clerk, "2026-05-12,200.00,QAR,Payment " + second.reference + " part 2,FT010\n");
        CPPUNIT_ASSERT_EQUAL(303, rest.status);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), bank.invoiceState(second.id));

        // Every import and every applied line is audited.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3),
                             bank.count("SELECT COUNT(*) AS n FROM molar_audit WHERE action = "
                                        "'bank_statement.imported'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3),
                             bank.count("SELECT COUNT(*) AS n FROM molar_audit WHERE action = "
                                        "'bank_transfer.recorded'"));
    }

    void testUnreadableFilesNameTheLine()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000203", 30000);
        auto clerk = bank.clerk();
        const std::string good = "2026-05-10,10.00,QAR," + invoice.reference + ",FT1\n";
        struct Case
        {
            std::string csv;
            std::string message;
        };
        const Case cases[] = {
            {good + "2026-05-10,abc,QAR,x,FT2\n", "Line 2 of the statement: the amount &quot;abc&quot;"},
            {good + good + "2026-05-32,1.00,QAR,x,FT3\n",
             "Line 3 of the statement: the date &quot;2026-05-32&quot;"},
            {good + "2026-05-10,1.00,QAR\n", "Line 2 of the statement: it has 3 columns"},
            {good + "2026-05-10,1.00,RIYAL,x,FT4\n",
             "Line 2 of the statement: &quot;RIYAL&quot; is not a currency"},
            {"date,amount,reference\n" + good,
             "Line 1 of the statement: the header names no &quot;currency&quot;"},
            {good + "2026-05-10,1.00,QAR,\"open,FT5\n",
             "Line 2 of the statement: a quoted field is never closed"},
        };
        for (const auto& c : cases) {
            Answer refused = importFile(*clerk, c.csv);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 422, refused.status);
            MOLAR_ASSERT_CONTAINS(c.message, refused.body);
        }
        // Nothing of a refused file is applied, not even its good lines.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), bank.invoiceState(invoice.id));
        Answer empty = importFile(*clerk, "");
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        MOLAR_ASSERT_CONTAINS("Choose the statement", empty.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementImportTest);

// What a tired clerk, a double click or an odd bank file must not do to the money:
// the same bank transaction recorded twice (by hand, or by hand and then from the
// statement) counts once; an amount no invoice could ask for is refused beside the
// field or naming the statement's line; a statement not in UTF-8 is refused with
// what to do, leaving nothing half-imported; a note is kept whole in any script; two
// imports of one file at once count each line once. Both databases.
#include "BankPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

Answer importFile(HttpBrowser& browser, const std::string& csv)
{
    return browser.postFile("/lab/payments/bank/imports", {}, "statement", "statement.csv", csv);
}

Form transfer(const std::string& amount, const std::string& bankId, const std::string& note = "")
{
    return {{"amount", amount}, {"valueDate", "2026-05-11"}, {"bankTransactionId", bankId}, {"note", note}};
}

} // namespace

class TransferSafetyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TransferSafetyTest);
    CPPUNIT_TEST(testTheSameBankTransactionTwiceCountsOnce);
    CPPUNIT_TEST(testAStatementLineTheClerkRecordedCountsOnce);
    CPPUNIT_TEST(testAnAmountNoInvoiceCouldAskForIsRefused);
    CPPUNIT_TEST(testAStatementAmountNoInvoiceCouldAskForIsRefused);
    CPPUNIT_TEST(testAStatementNotInUtf8IsRefusedWhole);
    CPPUNIT_TEST(testANoteInArabicIsKeptWhole);
    CPPUNIT_TEST(testTwoImportsOfOneFileAtOnceCountEachLineOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheSameBankTransactionTwiceCountsOnce()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000301", 30000);
        auto clerk = bank.clerk();
        auto admin = bank.labAdmin();
        const std::string receipts = BankPortal::referencePath(invoice.reference) + "/receipts";
        CPPUNIT_ASSERT_EQUAL(303, clerk->post(receipts, transfer("100", "FT26131XK01")).status);
        // The form sent again (a double click), and another clerk typing the same transfer.
        for (HttpBrowser* browser : {clerk.get(), admin.get()}) {
            const Answer again = browser->post(receipts, transfer("100", " FT26131XK01 "));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(again.body, 409, again.status);
            MOLAR_ASSERT_CONTAINS("already recorded", again.body);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        // Another transaction of the same amount is another transfer.
        CPPUNIT_ASSERT_EQUAL(303, clerk->post(receipts, transfer("100", "FT26131XK02")).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20000), bank.invoicePaid(invoice.id));
    }

    void testAStatementLineTheClerkRecordedCountsOnce()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000302", 30000);
        auto clerk = bank.clerk();
        CPPUNIT_ASSERT_EQUAL(
            303,
            clerk->post(BankPortal::referencePath(invoice.reference) + "/receipts", transfer("100", "FT77"))
                .status);
        const Answer imported =
            importFile(*clerk, "2026-05-11,100.00,QAR,Payment " + invoice.reference + ",FT77\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(imported.body, 303, imported.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(invoice.id));
        MOLAR_ASSERT_CONTAINS("1 already applied", clerk->get(imported.header("Location")).body);
    }

    void testAnAmountNoInvoiceCouldAskForIsRefused()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000303", 30000);
        auto clerk = bank.clerk();
        const std::string receipts = BankPortal::referencePath(invoice.reference) + "/receipts";
        for (const std::string& amount :
             {std::string("92,233,720,368,547,758.07"), std::string("10000000000000.01")}) {
            const Answer refused = clerk->post(receipts, transfer(amount, "FT-BIG"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(amount, 422, refused.status);
            MOLAR_ASSERT_CONTAINS(amount, refused.body); // kept in the field
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(200, clerk->get(BankPortal::referencePath(invoice.reference)).status);
    }

    void testAStatementAmountNoInvoiceCouldAskForIsRefused()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000304", 30000);
        auto clerk = bank.clerk();
        const Answer refused = importFile(*clerk, "2026-05-11,100.00,QAR,Payment " + invoice.reference +
                                                      ",FT1\n2026-05-11,92233720368547758.07,QAR,Payment " +
                                                      invoice.reference + ",FT2\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 422, refused.status);
        MOLAR_ASSERT_CONTAINS("Line 2", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_imports"));
        CPPUNIT_ASSERT_EQUAL(200, clerk->get("/lab/payments/bank").status);
    }

    void testAStatementNotInUtf8IsRefusedWhole()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000305", 30000);
        auto clerk = bank.clerk();
        // Windows-1252, as some banks export: "Clinique Dentaire Élan" with É as one byte.
        const std::string csv =
            "2026-05-11,100.00,QAR,Clinique Dentaire \xC9lan " + invoice.reference + ",FT1\n";
        const Answer refused = importFile(*clerk, csv);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 422, refused.status);
        MOLAR_ASSERT_CONTAINS("Line 1", refused.body);
        MOLAR_ASSERT_CONTAINS("UTF-8", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_imports"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.invoicePaid(invoice.id));
        // Saved as UTF-8 (with the BOM spreadsheet programs write), it is imported.
        const Answer imported = importFile(*clerk, "\xEF\xBB\xBF"
                                                   "2026-05-11,100.00,QAR,Clinique Dentaire \xC3\x89lan " +
                                                       invoice.reference + ",FT1\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(imported.body, 303, imported.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(invoice.id));
    }

    void testANoteInArabicIsKeptWhole()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000306", 30000);
        auto clerk = bank.clerk();
        std::string note;
        for (int i = 0; i < 100; ++i)
            note +=
                "\xD8\xAA\xD8\xAD\xD9\x88"; // 300 characters, 600 bytes: within the 500 characters allowed
        const Answer recorded = clerk->post(BankPortal::referencePath(invoice.reference) + "/receipts",
                                            transfer("100", "", note));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(recorded.body, 303, recorded.status);
        CPPUNIT_ASSERT_EQUAL(note,
                             bank.db().query("SELECT note FROM pay_bank_receipts").get(0, "note").toString());
    }

    void testTwoImportsOfOneFileAtOnceCountEachLineOnce()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000307", 300000);
        std::string csv;
        for (int i = 1; i <= 20; ++i)
            csv += "2026-05-11,10.00,QAR,Payment " + invoice.reference + " part " + std::to_string(i) +
                   ",FT" + std::to_string(i) + "\n";
        auto first = bank.clerk();
        auto second = bank.labAdmin();
        Answer a, b;
        std::thread one([&] { a = importFile(*first, csv); });
        std::thread two([&] { b = importFile(*second, csv); });
        one.join();
        two.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a.body, 303, a.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(b.body, 303, b.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20000), bank.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20),
                             bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 1"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20),
                             bank.count("SELECT COUNT(*) AS n FROM billing_invoice_payments"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TransferSafetyTest);

// The clerk records bank transfers by hand: a reference found by its invoice number,
// part of the amount and then the rest, each applied once to the invoice through the
// host's payment service, audited; bad entries answered beside the field; and only the
// lab's admins and billing staff reach the pages.
#include "BankPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

class TransferTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TransferTest);
    CPPUNIT_TEST(testCheckoutGivesTheSameReferenceOnEveryRetry);
    CPPUNIT_TEST(testPartialThenTheRest);
    CPPUNIT_TEST(testBadEntriesAreRefusedBesideTheField);
    CPPUNIT_TEST(testOnlyAdminsAndBillingStaff);
    CPPUNIT_TEST(testOneBankTransactionCountsOnce);
    CPPUNIT_TEST(testUnknownReference);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCheckoutGivesTheSameReferenceOnEveryRetry()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000101", 125050);
        CPPUNIT_ASSERT(invoice.checkout.state == sdk::PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), invoice.reference.size());
        CPPUNIT_ASSERT_EQUAL(std::string("MB-"), invoice.reference.substr(0, 3));
        MOLAR_ASSERT_CONTAINS("QAR 1,250.50", invoice.checkout.instructions);
        MOLAR_ASSERT_CONTAINS("QA58 DOHB 0000 1234 5678 90AB CDEF G", invoice.checkout.instructions);
        MOLAR_ASSERT_CONTAINS(invoice.reference, invoice.checkout.instructions);
        // The host keeps the reference on the attempt; a second checkout gives the same one.
        CPPUNIT_ASSERT_EQUAL(invoice.reference,
                             bank.portal().payments().attempt(invoice.attemptId)->payerReference);
        const auto again = bank.portal().payments().checkout(invoice.attemptId, "", "");
        CPPUNIT_ASSERT_EQUAL(invoice.reference, again.payerReference);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), bank.count("SELECT COUNT(*) AS n FROM pay_bank_references"));
        auto row =
            bank.db().query("SELECT attempt_id, purpose_kind, purpose_id, purpose_reference, amount_minor, "
                            "currency, organization_id FROM pay_bank_references WHERE reference = ?",
                            {invoice.reference});
        CPPUNIT_ASSERT_EQUAL(invoice.attemptId, row.get(0, "attempt_id").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("invoice"), row.get(0, "purpose_kind").toString());
        CPPUNIT_ASSERT_EQUAL(std::to_string(invoice.id), row.get(0, "purpose_id").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000101"), row.get(0, "purpose_reference").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), row.get(0, "amount_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(bank.pearl(), row.get(0, "organization_id").asInt());
        // Another invoice, another reference.
        CPPUNIT_ASSERT(bank.issuedInvoice("INV-2026-000102", 100).reference != invoice.reference);
    }

    void testPartialThenTheRest()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000042", 30000);
        auto clerk = bank.clerk();
        const std::string page = BankPortal::referencePath(invoice.reference);

        // Found by the invoice number: one match goes straight to its page.
        Answer found = clerk->get("/lab/payments/bank?q=inv-2026-000042");
        CPPUNIT_ASSERT_EQUAL(303, found.status);
        CPPUNIT_ASSERT_EQUAL(page, found.header("Location"));
        // ... and by the reference typed without its dashes, in lower case.
        std::string typed = "mb" + invoice.reference.substr(3, 4) + invoice.reference.substr(8, 4);
        for (char& c : typed)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CPPUNIT_ASSERT_EQUAL(page, clerk->get("/lab/payments/bank?q=" + typed).header("Location"));

        Answer before = clerk->get(page);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(before.body, 200, before.status);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0300.00", before.body);
        MOLAR_ASSERT_CONTAINS("INV-2026-000042", before.body);
        MOLAR_ASSERT_CONTAINS("QA58 DOHB 0000 1234 5678 90AB CDEF G", before.body);
        // The lab's list of references awaiting payment names it.
        MOLAR_ASSERT_CONTAINS(invoice.reference, clerk->get("/lab/payments/bank").body);

        Answer part = clerk->post(page + "/receipts", {{"amount", "100"},
                                                       {"valueDate", "2026-05-11"},
                                                       {"bankTransactionId", "FT26131XK01"},
                                                       {"note", ""}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(part.body, 303, part.status);
        CPPUNIT_ASSERT_EQUAL(page + "?recorded=1", part.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::string("partly_paid"), bank.invoiceState(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(invoice.id));
        auto attempt = bank.portal().payments().attempt(invoice.attemptId);
        CPPUNIT_ASSERT(attempt->state == sdk::PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), attempt->capturedMinor);
        Answer after = clerk->get(page + "?recorded=1");
        MOLAR_ASSERT_CONTAINS("The transfer is recorded", after.body);
        MOLAR_ASSERT_CONTAINS("FT26131XK01", after.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0100.00", after.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0200.00", after.body); // still to pay

        Answer rest = clerk->post(page + "/receipts", {{"amount", "200.00"},
                                                       {"valueDate", "2026-05-12"},
                                                       {"bankTransactionId", ""},
                                                       {"note", "Cash deposit at the branch, slip 4471"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(rest.body, 303, rest.status);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), bank.invoiceState(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), bank.invoicePaid(invoice.id));
        attempt = bank.portal().payments().attempt(invoice.attemptId);
        CPPUNIT_ASSERT(attempt->state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), attempt->capturedMinor);
        MOLAR_ASSERT_CONTAINS("This reference is paid in full.", clerk->get(page).body);
        MOLAR_ASSERT_NOT_CONTAINS(invoice.reference, clerk->get("/lab/payments/bank").body);

        // Each transfer is one event of the host's inbox, one receipt, one audit entry.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            bank.count("SELECT COUNT(*) AS n FROM molar_payment_events WHERE provider = 'bank'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             bank.count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                        "provider = 'bank' AND attempt_id = ?",
                                        {invoice.attemptId}));
        auto audit = bank.db().query("SELECT object_id, detail FROM molar_audit WHERE action = "
                                     "'bank_transfer.recorded' ORDER BY id");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), audit.size());
        CPPUNIT_ASSERT_EQUAL(invoice.reference, audit.get(0, "object_id").toString());
        MOLAR_ASSERT_CONTAINS("QAR 100.00", audit.get(0, "detail").toString());
        MOLAR_ASSERT_CONTAINS("INV-2026-000042", audit.get(1, "detail").toString());

        // The provider says what came in: paid in full, by the last receipt's payment id.
        auto provider = bank.portal().paymentProviders().find("bank");
        sdk::PaymentRequest request;
        request.idempotencyKey = invoice.attemptId;
        const auto fetched = provider->fetchPayment(request, invoice.reference);
        CPPUNIT_ASSERT(fetched.state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), fetched.capturedMinor);
        // Applying that answer, as a re-sync would, counts nothing twice.
        bank.portal().payments().apply(invoice.attemptId, fetched);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000),
                             bank.portal().payments().attempt(invoice.attemptId)->capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), bank.invoicePaid(invoice.id));
    }

    void testBadEntriesAreRefusedBesideTheField()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000043", 30000);
        auto clerk = bank.clerk();
        const std::string receipts = BankPortal::referencePath(invoice.reference) + "/receipts";
        struct Case
        {
            Form form;
            std::string message;
        };
        const Case cases[] = {
            {{{"amount", "1.234"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", "X1"}}, "in QAR"},
            {{{"amount", "0"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", "X1"}}, "above zero"},
            {{{"amount", "-5"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", "X1"}}, "above zero"},
            {{{"amount", "1e2"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", "X1"}}, "above zero"},
            {{{"amount", "10"}, {"valueDate", "12 May"}, {"bankTransactionId", "X1"}},
             "value date as the bank"},
            {{{"amount", "10"}, {"valueDate", "2026-06-30"}, {"bankTransactionId", "X1"}}, "in the future"},
            {{{"amount", "10"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", ""}, {"note", " "}},
             "transaction id, or a note"},
        };
        for (const auto& c : cases) {
            Answer refused = clerk->post(receipts, c.form);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.message, 422, refused.status);
            MOLAR_ASSERT_CONTAINS(c.message, refused.body);
            MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\"", refused.body);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), bank.invoiceState(invoice.id));
        // Without the form's token nothing is recorded either.
        Answer forged =
            clerk->postRaw(receipts, {{"amount", "10"}, {"valueDate", "2026-05-12"}, {"note", "x"}});
        CPPUNIT_ASSERT_EQUAL(403, forged.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
    }

    void testOnlyAdminsAndBillingStaff()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000044", 30000);
        const std::string page = BankPortal::referencePath(invoice.reference);
        const Form transfer{{"amount", "10"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", "X1"}};
        for (auto* browser :
             {bank.pearlOwner().release(), bank.pearlDentist().release(), bank.technician().release()}) {
            std::unique_ptr<HttpBrowser> owned(browser);
            CPPUNIT_ASSERT_EQUAL(403, browser->get("/lab/payments/bank").status);
            CPPUNIT_ASSERT_EQUAL(403, browser->get(page).status);
            CPPUNIT_ASSERT_EQUAL(403, browser->post(page + "/receipts", transfer).status);
            CPPUNIT_ASSERT_EQUAL(403, browser
                                          ->postFile("/lab/payments/bank/imports", {}, "statement", "s.csv",
                                                     "2026-05-12,10,QAR," + invoice.reference + ",T1\n")
                                          .status);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        // Signed out: sent to sign in, nothing shown.
        HttpBrowser visitor(bank.portal());
        MOLAR_ASSERT_NOT_CONTAINS(invoice.reference, visitor.get(page).body);
        // The lab's admin may.
        auto admin = bank.labAdmin();
        CPPUNIT_ASSERT_EQUAL(200, admin->get(page).status);
        CPPUNIT_ASSERT_EQUAL(303, admin->post(page + "/receipts", transfer).status);
    }

    // A double click, a second clerk, or the statement after the clerk: one bank transaction
    // is recorded once; the refusal keeps what was typed. A note in Arabic is kept whole.
    void testOneBankTransactionCountsOnce()
    {
        BankPortal bank;
        BankInvoice invoice = bank.issuedInvoice("INV-2026-000045", 30000);
        auto clerk = bank.clerk();
        const std::string receipts = BankPortal::referencePath(invoice.reference) + "/receipts";
        std::string note;
        for (int i = 0; i < 100; ++i)
            note += "\xD8\xAA\xD8\xAD\xD9\x88"; // 300 characters in 600 bytes
        const Form first{
            {"amount", "100"}, {"valueDate", "2026-05-11"}, {"bankTransactionId", "FT77"}, {"note", note}};
        CPPUNIT_ASSERT_EQUAL(303, clerk->post(receipts, first).status);
        CPPUNIT_ASSERT_EQUAL(note,
                             bank.db().query("SELECT note FROM pay_bank_receipts").get(0, "note").toString());
        Answer again = bank.labAdmin()->post(
            receipts, {{"amount", "100"}, {"valueDate", "2026-05-11"}, {"bankTransactionId", " ft77 "}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(again.body, 409, again.status);
        MOLAR_ASSERT_CONTAINS("The bank transaction ft77 is already recorded", again.body);
        MOLAR_ASSERT_CONTAINS("value=\"ft77\"", again.body);
        Answer imported = clerk->postFile("/lab/payments/bank/imports", {}, "statement", "s.csv",
                                          "2026-05-11,100.00,QAR,Payment " + invoice.reference + ",FT77\n");
        CPPUNIT_ASSERT_EQUAL(303, imported.status);
        MOLAR_ASSERT_CONTAINS("1 already applied before", clerk->get(imported.header("Location")).body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), bank.invoicePaid(invoice.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), bank.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        // Amounts no invoice asks for are refused beside the field.
        Answer huge = clerk->post(receipts, {{"amount", "92,233,720,368,547,758.07"},
                                             {"valueDate", "2026-05-11"},
                                             {"bankTransactionId", "FT78"}});
        CPPUNIT_ASSERT_EQUAL(422, huge.status);
        MOLAR_ASSERT_CONTAINS("larger than any invoice asks for", huge.body);
    }

    void testUnknownReference()
    {
        BankPortal bank;
        auto clerk = bank.clerk();
        CPPUNIT_ASSERT_EQUAL(404, clerk->get(BankPortal::referencePath("MB-0123-456Z")).status);
        CPPUNIT_ASSERT_EQUAL(404, clerk->get(BankPortal::referencePath("nothing")).status);
        Answer none = clerk->get("/lab/payments/bank?q=INV-2026-999999");
        CPPUNIT_ASSERT_EQUAL(200, none.status);
        MOLAR_ASSERT_CONTAINS("No transfer reference or invoice number matches", none.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TransferTest);

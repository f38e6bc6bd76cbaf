// Billing's entries on a case's timeline in the reader's language, on SQLite and on
// MariaDB: billing publishes a catalog key and its fields (case.activity summaryKey,
// summaryFields), the cases plugin stores them and words them for each reader. A clinic
// reading Arabic sees the invoice, the payment and the refund in Arabic with the invoice's
// number and amounts; one reading English sees English; entries without a key keep their
// text; a payload the cases plugin cannot word is refused naming the field. A declined
// quote's cancellation (case.move reasonKey) reads in the reader's language too.
#include "InvoicePortal.h"

using namespace molar;
using namespace molar::test;

namespace {

// Publishes a payment event as the host's payment service does, in its own transaction.
void publishPayment(InvoicePortal& portal, const std::string& event, std::int64_t invoiceId,
                    const std::string& providerPayment, std::int64_t amountMinor,
                    std::int64_t refundMinor = 0)
{
    sdk::Value payload = sdk::Value::object({{"attemptId", "att-" + providerPayment},
                                             {"provider", "bank"},
                                             {"purposeKind", "invoice"},
                                             {"purposeId", std::to_string(invoiceId)},
                                             {"organizationId", portal.pearl()},
                                             {"amountMinor", amountMinor},
                                             {"currency", "QAR"},
                                             {"providerPaymentId", providerPayment}});
    if (refundMinor != 0)
        payload.set("refundMinor", refundMinor);
    portal.db().transaction(
        [&](sdk::Transaction& tx) { portal.portal().events().publish(tx, event, payload); });
}

void setLanguage(InvoicePortal& portal, const std::string& email, const std::string& language)
{
    portal.db().execute("UPDATE molar_users SET language = ? WHERE email = ?", {language, email});
}

void publishActivity(InvoicePortal& portal, const sdk::Value& payload)
{
    portal.db().transaction(
        [&](sdk::Transaction& tx) { portal.portal().events().publish(tx, "case.activity", payload); });
}

} // namespace

class TimelineWordsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TimelineWordsTest);
    CPPUNIT_TEST(theInvoiceAndItsPaymentsReadInTheClinicsLanguage);
    CPPUNIT_TEST(fieldsAreEscapedOnceByThePage);
    CPPUNIT_TEST(entriesWithoutAKeyKeepTheirText);
    CPPUNIT_TEST(aPayloadTheTimelineCannotWordIsRefused);
    CPPUNIT_TEST(aDeclinedQuoteCancelsTheCaseInTheReadersWords);
    CPPUNIT_TEST_SUITE_END();

public:
    void theInvoiceAndItsPaymentsReadInTheClinicsLanguage()
    {
        InvoicePortal portal;
        auto dentist = portal.pearlDentist();
        const std::int64_t caseId = portal.completeCrownDraft(*dentist, "P-720");
        portal.submit(*dentist, caseId);
        const std::int64_t id = portal.draftWith(portal.pearl(), 125050, caseId);
        const std::string number = portal.invoices().issue(InvoicePortal::clerk(), id, 0).number;
        publishPayment(portal, "payment.succeeded", id, "bank-1", 40000);
        publishPayment(portal, "payment.refunded", id, "bank-1", 40000, 10000);

        // Stored as the key and its fields, no words.
        auto stored = portal.db().query(
            "SELECT summary, summary_key FROM cases_activity WHERE case_id = ? AND kind IN ('invoice', "
            "'payment') ORDER BY id",
            {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), stored.size());
        CPPUNIT_ASSERT_EQUAL(std::string("billing.invoice.activity.issued"),
                             stored.get(0, "summary_key").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("billing.invoice.activity.payment"),
                             stored.get(1, "summary_key").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("billing.invoice.activity.refund"),
                             stored.get(2, "summary_key").toString());
        CPPUNIT_ASSERT_EQUAL(std::string(), stored.get(0, "summary").toString());

        const std::string casePath = "/cases/" + std::to_string(caseId);
        // Amounts in the reader's form, written when the page is read (Arabic digits).
        const auto arabicAmount = [&](std::int64_t minor) {
            return portal.portal().locales().money({minor, "QAR"}, "ar");
        };
        CPPUNIT_ASSERT(arabicAmount(40000).find("\xD9\xA4") != std::string::npos); // "٤"
        setLanguage(portal, "dentist@pearl.example", "ar");
        const std::string arabic = dentist->get(casePath).body + dentist->get("/cases/dashboard").body;
        for (const std::string& words :
             {"<strong>فاتورة</strong> · <span>صدرت الفاتورة " + number + ": " + arabicAmount(125050),
              "<strong>دفعة</strong> · <span>استُلمت دفعة بمبلغ " + arabicAmount(40000) + " عن الفاتورة " +
                  number,
              "رُدّ مبلغ " + arabicAmount(10000) + " من الفاتورة " + number})
            MOLAR_ASSERT_CONTAINS(words, arabic);
        for (const char* english :
             {"Invoice", "Payment", "received for", "Refund of", "billing.invoice", "QAR 400.00", "1,250.50"})
            MOLAR_ASSERT_NOT_CONTAINS(english, arabic);
        // The dashboard's recent activity words them the same way.
        MOLAR_ASSERT_CONTAINS("رُدّ مبلغ " + arabicAmount(10000) + " من الفاتورة " + number,
                              dentist->get("/cases/dashboard").body);

        setLanguage(portal, "dentist@pearl.example", "en");
        const std::string english = dentist->get(casePath).body;
        for (const std::string& words :
             {"<strong>Invoice</strong> · <span>Invoice " + number + " issued: QAR\u00a01,250.50",
              "<strong>Payment</strong> · <span>Payment of QAR\u00a0400.00 received for invoice " + number,
              "Refund of QAR\u00a0100.00 on invoice " + number})
            MOLAR_ASSERT_CONTAINS(words, english);
        MOLAR_ASSERT_NOT_CONTAINS("صدرت", english);
    }

    void fieldsAreEscapedOnceByThePage()
    {
        InvoicePortal portal;
        auto dentist = portal.pearlDentist();
        const std::int64_t caseId = portal.completeCrownDraft(*dentist, "P-721");
        portal.submit(*dentist, caseId);
        const std::int64_t id = portal.draftWith(portal.pearl(), 5000, caseId);
        const std::string number = portal.invoices().issue(InvoicePortal::clerk(), id, 0).number;
        portal.invoices().voidInvoice(InvoicePortal::clerk(), id, "Sent to <Smile> & not {{number}}");
        setLanguage(portal, "dentist@pearl.example", "fr");
        const std::string page = dentist->get("/cases/" + std::to_string(caseId)).body;
        // The reason is the clerk's words, put in as written: escaped once, never read as a field.
        MOLAR_ASSERT_CONTAINS("Facture " + number + " annulée : Sent to &lt;Smile&gt; &amp; not {{number}}",
                              page);
        MOLAR_ASSERT_NOT_CONTAINS("&amp;lt;", page);
    }

    void entriesWithoutAKeyKeepTheirText()
    {
        InvoicePortal portal;
        auto dentist = portal.pearlDentist();
        const std::int64_t caseId = portal.completeCrownDraft(*dentist, "P-722");
        portal.submit(*dentist, caseId);
        // A row from before summary keys, and an entry published with a text only.
        portal.db().execute(
            "INSERT INTO cases_activity (case_id, kind, at, actor_label, summary, link) VALUES "
            "(?, 'invoice', ?, 'billing', 'Invoice INV-2025-000007 issued: QAR 80.00', "
            "'/billing/invoices/7')",
            {caseId, std::int64_t(1778565600)}); // seconds, as the activity keeps them
        publishActivity(portal, sdk::Value::object({{"caseId", caseId},
                                                    {"kind", "payment"},
                                                    {"summary", "Cash at the counter"},
                                                    {"actor", "billing"}}));
        // A key no catalog knows (its plugin gone) falls back on the text it came with.
        publishActivity(portal, sdk::Value::object({{"caseId", caseId},
                                                    {"kind", "payment"},
                                                    {"summary", "Paid in kind"},
                                                    {"summaryKey", "gone.plugin.activity"},
                                                    {"summaryFields", sdk::Value::object({{"x", "1"}})}}));
        setLanguage(portal, "dentist@pearl.example", "ar");
        const std::string page = dentist->get("/cases/" + std::to_string(caseId)).body;
        MOLAR_ASSERT_CONTAINS(
            "<strong>فاتورة</strong> · <span translate=\"no\">Invoice INV-2025-000007 issued: QAR 80.00",
            page);
        MOLAR_ASSERT_CONTAINS("<strong>دفعة</strong> · <span translate=\"no\">Cash at the counter", page);
        MOLAR_ASSERT_CONTAINS("<strong>دفعة</strong> · <span>Paid in kind", page);
        MOLAR_ASSERT_NOT_CONTAINS("gone.plugin.activity", page);
    }

    void aPayloadTheTimelineCannotWordIsRefused()
    {
        InvoicePortal portal;
        auto dentist = portal.pearlDentist();
        const std::int64_t caseId = portal.completeCrownDraft(*dentist, "P-723");
        portal.submit(*dentist, caseId);
        const auto refusal = [&](const sdk::Value& payload) -> std::string {
            try {
                publishActivity(portal, payload);
            } catch (const std::exception& e) {
                return e.what();
            }
            return "accepted";
        };
        sdk::Value payload = sdk::Value::object({{"caseId", caseId},
                                                 {"kind", "invoice"},
                                                 {"summaryKey", "billing.invoice.activity.issued"},
                                                 {"summaryFields", sdk::Value::object({{"total", 125050}})}});
        MOLAR_ASSERT_CONTAINS("summaryFields.total must be a string", refusal(payload));
        payload.set("summaryFields",
                    sdk::Value::object({{"total", sdk::Value::object({{"minor", "125050"}})}}));
        MOLAR_ASSERT_CONTAINS("summaryFields.total must be a string, an amount", refusal(payload));
        payload.set(
            "summaryFields",
            sdk::Value::object({{"total", sdk::Value::object({{"minor", 125050}, {"currency", "qar"}})}}));
        MOLAR_ASSERT_CONTAINS("summaryFields.total must be a string, an amount", refusal(payload));
        payload.set("summaryFields", "INV-1");
        MOLAR_ASSERT_CONTAINS("summaryFields must be an object", refusal(payload));
        payload.set("summaryFields", sdk::Value::object({{"number", "INV-1"}}));
        payload.set("summaryKey", "Invoice {{number}} issued");
        MOLAR_ASSERT_CONTAINS("is not a catalog key", refusal(payload));
        // Nothing of the refused entries was kept.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.db()
                .query("SELECT COUNT(*) AS n FROM cases_activity WHERE case_id = ? AND kind = "
                       "'invoice'",
                       {caseId})
                .get(0, "n")
                .asInt());
    }

    void aDeclinedQuoteCancelsTheCaseInTheReadersWords()
    {
        InvoicePortal portal;
        auto dentist = portal.pearlDentist();
        auto admin = portal.labAdmin();
        const auto declinedCase = [&](const std::string& patient, const std::string& reason) {
            const std::int64_t caseId = portal.completeCrownDraft(*dentist, patient);
            portal.submit(*dentist, caseId);
            CasesPortal::expectRedirect(
                admin->post("/cases/" + std::to_string(caseId) + "/actions/quote", {}),
                "/cases/" + std::to_string(caseId));
            const std::string quote = portal.db()
                                          .query("SELECT id FROM billing_quotes WHERE case_id = ?", {caseId})
                                          .get(0, "id")
                                          .toString();
            CasesPortal::expectRedirect(admin->post("/lab/billing/quotes/" + quote, {{"price", "300"}}),
                                        "/lab/billing/quotes?sent=" + quote);
            CPPUNIT_ASSERT_EQUAL(303, dentist
                                          ->post("/billing/quotes/" + quote + "/decline",
                                                 {{"reason", reason}, {"confirm", "yes"}})
                                          .status);
            CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), portal.status(caseId));
            return "/cases/" + std::to_string(caseId);
        };
        const std::string withReason = declinedCase("P-724", "غالٍ على هذا المريض");
        const std::string withoutReason = declinedCase("P-725", "");

        setLanguage(portal, "dentist@pearl.example", "ar");
        const std::string arabic = dentist->get(withReason).body + dentist->get(withoutReason).body;
        MOLAR_ASSERT_CONTAINS("رُفض عرض السعر: غالٍ على هذا المريض", arabic);
        MOLAR_ASSERT_NOT_CONTAINS("Quote declined", arabic);
        setLanguage(portal, "dentist@pearl.example", "fr");
        MOLAR_ASSERT_CONTAINS("Devis refusé : غالٍ على هذا المريض", dentist->get(withReason).body);
        MOLAR_ASSERT_NOT_CONTAINS("Quote declined", dentist->get(withoutReason).body);
        // The audit keeps the lab's one language.
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(1),
            portal.db()
                .query("SELECT detail FROM molar_audit WHERE action = 'case.status_changed' AND "
                       "detail = ?",
                       {std::string("invoicing -> cancelled: Quote declined: غالٍ على هذا المريض")})
                .size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TimelineWordsTest);

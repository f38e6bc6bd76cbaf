// A credits draft (a case of an organization in billing mode credits, waiting for its
// debit) is read-only to the lab: adding an adjustment, removing a line, issuing it by
// hand and voiding it are refused with 409 and the clerk's sentence, through the routes
// and the service, and leave the draft as it was; its case's cancellation still voids
// it. A draft the lab made by hand stays editable. A case priced at 0 is issued paid,
// settled by credits, and the clinic is not asked to pay it.
#include "InvoicePortal.h"

#include "modes/CreditsInvoicing.h"

#include <chrono>
#include <mutex>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

const std::string kList = "/lab/billing/invoices";
// The sentence, without its apostrophe (escaped in HTML).
const std::string kSentence =
    "credits when its case is received; change the amount through the credits ledger";

std::int64_t count(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    return cases.db().query(sql, params).row(0).at(0).asInt();
}

std::string text(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    auto rows = cases.db().query(sql, params);
    return rows.empty() ? std::string() : rows.row(0).at(0).toString();
}

std::string path(std::int64_t id, const std::string& tail = "")
{
    return kList + "/" + std::to_string(id) + tail;
}

// Everything the lab could change on a draft: its row and its lines.
std::string snapshot(CasesPortal& cases, std::int64_t invoiceId)
{
    auto invoice = cases.db().query("SELECT state, number, subtotal_minor, total_minor, paid_minor, "
                                    "updated_at, void_reason FROM billing_invoices WHERE id = ?",
                                    {invoiceId});
    std::string out;
    for (const char* column :
         {"state", "number", "subtotal_minor", "total_minor", "paid_minor", "updated_at", "void_reason"})
        out += std::string(column) + "=" + invoice.get(0, column).toString() + ";";
    auto lines = cases.db().query(
        "SELECT id, kind, amount_minor FROM billing_invoice_lines WHERE invoice_id = ? ORDER BY id",
        {invoiceId});
    for (std::size_t r = 0; r < lines.size(); ++r)
        out += "line " + lines.get(r, "id").toString() + " " + lines.get(r, "kind").toString() + " " +
               lines.get(r, "amount_minor").toString() + ";";
    return out;
}

// Waits until the outbox has no job it could run now (the notifications).
void settle(CasesPortal& cases)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        const std::int64_t now = host::millisSinceEpoch(cases.clock.now());
        if (count(cases,
                  "SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND run_at "
                  "<= ?)",
                  {now}) == 0)
            return;
        CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                               std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

} // namespace

class CreditsDraftTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CreditsDraftTest);
    CPPUNIT_TEST(aCreditsDraftIsReadOnlyToTheLab);
    CPPUNIT_TEST(aDraftTheLabMadeStaysEditable);
    CPPUNIT_TEST(aZeroPricedCreditsCaseIsSettledWithoutAskingTheClinic);
    CPPUNIT_TEST_SUITE_END();

    static void setMode(CasesPortal& cases, std::int64_t organizationId, const std::string& mode)
    {
        const Answer answer =
            cases.labAdmin()->post("/lab/billing/accounts/" + std::to_string(organizationId),
                                   {{"mode", mode}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }
    static std::int64_t firstLine(CasesPortal& cases, std::int64_t invoiceId)
    {
        return count(cases, "SELECT MIN(id) FROM billing_invoice_lines WHERE invoice_id = ?", {invoiceId});
    }
    static void expectRefused(const Answer& answer, const std::string& what)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + answer.body, 409, answer.status);
        MOLAR_ASSERT_CONTAINS(kSentence, answer.body);
    }
    template <typename Call> static void expectServiceRefuses(Call call, const std::string& what)
    {
        try {
            call();
        } catch (const billing::InvoiceRefusal& e) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 409, e.status());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("billing.invoice.error.creditsDraft"), e.key());
            return;
        }
        CPPUNIT_FAIL(what + ": not refused");
    }

public:
    void aCreditsDraftIsReadOnlyToTheLab()
    {
        InvoicePortal cases;
        const std::int64_t pearl = cases.pearl();
        setMode(cases, pearl, "credits");
        // No credits plugin answers invoice.credits_due: the case waits for credit.
        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = cases.completeCrownDraft(*dentist, "P-1600");
        cases.submit(*dentist, caseId);
        const std::int64_t invoiceId =
            count(cases, "SELECT id FROM billing_invoices WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT(invoiceId > 0);
        CPPUNIT_ASSERT_EQUAL(
            std::string("due"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        const std::string before = snapshot(cases, invoiceId);
        MOLAR_ASSERT_CONTAINS("state=draft;", before);
        MOLAR_ASSERT_CONTAINS("total_minor=45000;", before);
        const std::int64_t line = firstLine(cases, invoiceId);
        auto lab = cases.labAdmin();
        const std::int64_t audits = count(cases, "SELECT COUNT(*) FROM molar_audit");

        // The pages say why, with no form to change it.
        const Answer draftPage = lab->get(path(invoiceId, "/draft"));
        CPPUNIT_ASSERT_EQUAL(200, draftPage.status);
        MOLAR_ASSERT_CONTAINS(kSentence, draftPage.body);
        CPPUNIT_ASSERT(draftPage.body.find(path(invoiceId, "/draft/adjustments")) == std::string::npos);
        CPPUNIT_ASSERT(draftPage.body.find(path(invoiceId, "/draft/issue")) == std::string::npos);
        CPPUNIT_ASSERT(draftPage.body.find("/remove") == std::string::npos);
        const Answer page = lab->get(path(invoiceId));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS(kSentence, page.body);
        CPPUNIT_ASSERT(page.body.find(path(invoiceId, "/void")) == std::string::npos);
        CPPUNIT_ASSERT(page.body.find(path(invoiceId, "/draft")) == std::string::npos);

        // Each action, typed well or not, is refused and changes nothing.
        expectRefused(lab->post(path(invoiceId, "/draft/adjustments"),
                                {{"kind", "expedite_fee"}, {"amount", "100"}, {"reason", "Rush"}}),
                      "expedite fee");
        expectRefused(lab->post(path(invoiceId, "/draft/adjustments"),
                                {{"kind", "manual_credit"}, {"amount", "450"}, {"reason", "Goodwill"}}),
                      "manual credit");
        expectRefused(lab->post(path(invoiceId, "/draft/adjustments"), {{"kind", "remake_credit"}}),
                      "adjustment without amount");
        expectRefused(lab->post(path(invoiceId, "/draft/lines/" + std::to_string(line) + "/remove"), {}),
                      "remove line");
        expectRefused(lab->post(path(invoiceId, "/draft/issue"), {}), "issue");
        expectRefused(lab->post(path(invoiceId, "/void"), {{"reason", "Billed twice"}}), "void");
        CPPUNIT_ASSERT_EQUAL(before, snapshot(cases, invoiceId));

        // The service refuses its users too.
        auto& invoices = cases.invoices();
        const auto clerk = InvoicePortal::clerk();
        billing::AdjustmentRequest fee;
        fee.kind = billing::LineKind::ExpediteFee;
        fee.amountMinor = 10000;
        fee.reason = "Rush";
        expectServiceRefuses([&] { invoices.addAdjustment(clerk, invoiceId, fee); }, "service adjustment");
        billing::ItemRequest item;
        item.itemCode = "zirconia_crown";
        item.price = billing::ItemPrice{45000, "QAR", "Zirconia crown"};
        expectServiceRefuses([&] { invoices.addItem(clerk, invoiceId, item); }, "service item");
        expectServiceRefuses([&] { invoices.removeLine(clerk, invoiceId, line); }, "service remove");
        expectServiceRefuses([&] { invoices.issue(clerk, invoiceId, 0); }, "service issue");
        expectServiceRefuses([&] { invoices.voidInvoice(clerk, invoiceId, "Billed twice"); }, "service void");
        CPPUNIT_ASSERT_EQUAL(before, snapshot(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            std::string("due"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(audits, count(cases, "SELECT COUNT(*) FROM molar_audit"));

        // Its case's cancellation voids it, as before.
        const Answer cancelled =
            lab->post("/cases/" + std::to_string(caseId) + "/actions/cancel", {{"reason", "Patient moved"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(cancelled.body, 303, cancelled.status);
        CPPUNIT_ASSERT_EQUAL(std::string("void"),
                             text(cases, "SELECT state FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("voided"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT(lab->get(path(invoiceId)).body.find(kSentence) == std::string::npos);
    }

    void aDraftTheLabMadeStaysEditable()
    {
        InvoicePortal cases;
        const std::int64_t pearl = cases.pearl();
        setMode(cases, pearl, "credits"); // the organization's mode does not make a hand-made draft read-only
        auto lab = cases.labAdmin();
        const Answer made = lab->post(kList + "/new", {{"organization", std::to_string(pearl)}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(made.body, 303, made.status);
        const std::int64_t id = count(cases, "SELECT MAX(id) FROM billing_invoices");
        const Answer draftPage = lab->get(path(id, "/draft"));
        CPPUNIT_ASSERT_EQUAL(200, draftPage.status);
        CPPUNIT_ASSERT(draftPage.body.find(kSentence) == std::string::npos);
        MOLAR_ASSERT_CONTAINS(path(id, "/draft/adjustments"), draftPage.body);

        const std::string adjust = path(id, "/draft/adjustments");
        CPPUNIT_ASSERT_EQUAL(
            303, lab->post(adjust, {{"kind", "expedite_fee"}, {"amount", "100"}, {"reason", "Rush"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            303,
            lab->post(adjust, {{"kind", "expedite_fee"}, {"amount", "20"}, {"reason", "Courier"}}).status);
        const std::int64_t line = firstLine(cases, id);
        CPPUNIT_ASSERT_EQUAL(
            303, lab->post(path(id, "/draft/lines/" + std::to_string(line) + "/remove"), {}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000),
                             count(cases, "SELECT total_minor FROM billing_invoices WHERE id = ?", {id}));
        CPPUNIT_ASSERT_EQUAL(303, lab->post(path(id, "/draft/issue"), {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("issued"),
                             text(cases, "SELECT state FROM billing_invoices WHERE id = ?", {id}));
    }

    void aZeroPricedCreditsCaseIsSettledWithoutAskingTheClinic()
    {
        InvoicePortal cases(DemoPortal::Settings{{"notifications.logChannels", "email"}});
        const std::int64_t pearl = cases.pearl();
        std::mutex mutex;
        std::vector<sdk::Value> issued;
        int dues = 0;
        cases.portal().events().on("credits-test", "invoice.issued",
                                   [&](sdk::Transaction&, const sdk::Event& event) {
                                       std::lock_guard<std::mutex> lock(mutex);
                                       issued.push_back(event.payload);
                                   });
        cases.portal().events().on("credits-test", "invoice.credits_due",
                                   [&](sdk::Transaction&, const sdk::Event&) {
                                       std::lock_guard<std::mutex> lock(mutex);
                                       ++dues;
                                   });
        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = cases.completeCrownDraft(*dentist, "P-1610");
        cases.submit(*dentist, caseId); // on net terms: not taken at submission
        setMode(cases, pearl, "credits");

        // The credits mode's submission handler over prices that make the crown free.
        InvoiceTestHost host(cases.portal(), cases.clock);
        const billing::BillingAccounts accounts(30);
        const billing::PriceLookup freeCrown = [](sdk::SqlRunner&, std::int64_t, const std::string&) {
            return std::optional<billing::ItemPrice>(billing::ItemPrice{0, "QAR", "Zirconia crown"});
        };
        billing::InvoiceService invoices(host, billing::InvoiceSettings{}, freeCrown);
        billing::DeliveryInvoicer free(invoices, freeCrown);
        billing::CreditsInvoicing credits(host, invoices, free, accounts);
        auto row = cases.db().query(
            "SELECT number, clinic_id, product, owner_user_id FROM cases_cases WHERE id = ?", {caseId});
        const sdk::Value submission =
            sdk::Value::object({{"caseId", caseId},
                                {"number", row.get(0, "number").toString()},
                                {"organizationId", pearl},
                                {"clinicId", row.get(0, "clinic_id").asInt()},
                                {"ownerUserId", row.get(0, "owner_user_id").asInt()},
                                {"product", row.get(0, "product").toString()},
                                {"productName", "Zirconia crown"},
                                {"actorUserId", row.get(0, "owner_user_id").asInt()}});
        cases.db().transaction([&](sdk::Transaction& tx) { credits.onCaseSubmitted(tx, submission); });

        const std::int64_t invoiceId =
            count(cases, "SELECT id FROM billing_invoices WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(
            std::string("paid 0"),
            text(cases, "SELECT state FROM billing_invoices WHERE id = ?", {invoiceId}) + " " +
                text(cases, "SELECT total_minor FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("settled"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        {
            std::lock_guard<std::mutex> lock(mutex);
            CPPUNIT_ASSERT_EQUAL(0, dues); // nothing to take from the balance
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), issued.size());
            CPPUNIT_ASSERT_EQUAL(invoiceId, issued[0].getInt("invoiceId"));
            CPPUNIT_ASSERT_EQUAL(std::string("credits"), issued[0].getString("settledBy"));
        }
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            count(cases, "SELECT COUNT(*) FROM molar_notifications WHERE rule = 'invoice_issued'"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreditsDraftTest);

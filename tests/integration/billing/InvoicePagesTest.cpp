// The invoice pages and PDFs with the real host: a clinic sees its organization's issued
// invoices and no other (404 for the page, the PDF and paying), the lab's billing clerk
// sees every one and the dashboard, a technician is refused, and the PDF is a PDF that
// names the invoice, in Arabic too.
#include "../cases/CasesPortal.h"

#include "TestDatabase.h"

#include "molar/sdk/Payments.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>

using namespace molar;
using namespace molar::test;

namespace {

std::int64_t organizationOf(CasesPortal& cases, const std::string& email)
{
    return cases.db()
        .query("SELECT organization_id FROM molar_users WHERE email = ?", {std::string(email)})
        .row(0)
        .at(0)
        .asInt();
}

struct Made
{
    std::int64_t id = 0;
    std::string number;
};

// An invoice as the invoicing code leaves it: one line of a crown, 5 % tax.
Made invoice(CasesPortal& cases, std::int64_t organizationId, const std::string& number,
             const std::string& state, std::int64_t dueAt = 1781000000000)
{
    const std::int64_t now = 1778565600000;
    Made made;
    made.number = number;
    made.id = cases.db().insert(
        "INSERT INTO billing_invoices (number, organization_id, clinic_id, case_id, period, currency, state, "
        "subtotal_minor, tax_rate_bp, tax_minor, total_minor, paid_minor, refunded_minor, "
        "transfer_reference, "
        "created_at, updated_at, issued_at, due_at, created_by, version) "
        "VALUES (?, ?, 0, 0, '', 'QAR', ?, 125050, 500, 6253, 131303, 0, 0, '', ?, ?, ?, ?, 0, 1)",
        {number.empty() ? sdk::Value() : sdk::Value(number), organizationId, state, now, now,
         state == "draft" ? std::int64_t(0) : now, dueAt});
    cases.db().execute(
        "INSERT INTO billing_invoice_lines (invoice_id, position, kind, case_id, case_number, "
        "item_code, description, quantity, unit_minor, amount_minor, reason, created_by, created_at) "
        "VALUES (?, 1, 'item', 0, 'TR-260512-1A4F', 'zirconia_crown', 'Zirconia crown', 1, 125050, "
        "125050, '', 0, ?)",
        {made.id, now});
    return made;
}

std::string pdfText(const std::string& bytes)
{
    TempDir dir;
    const std::string path = dir.file("invoice.pdf");
    std::ofstream(path, std::ios::binary) << bytes;
    std::string text;
    FILE* pipe = popen(("pdftotext -q -enc UTF-8 " + path + " -").c_str(), "r");
    CPPUNIT_ASSERT(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        text.append(buffer, n);
    const int status = pclose(pipe);
    CPPUNIT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return text;
}

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class InvoicePagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InvoicePagesTest);
    CPPUNIT_TEST(aClinicSeesOnlyItsOrganizationsIssuedInvoices);
    CPPUNIT_TEST(theBillingClerkSeesEveryInvoiceAndTheDashboard);
    CPPUNIT_TEST(otherLabRolesAndClinicsAreRefusedTheLabsPages);
    CPPUNIT_TEST(thePdfIsAnAttachmentNamingTheInvoice);
    CPPUNIT_TEST(thePdfSpeaksTheViewersLanguage);
    CPPUNIT_TEST(aLanguageThePdfsFontCannotDrawGetsItInEnglish);
    CPPUNIT_TEST(badFiltersAndUnknownProvidersAreRefusedWithAMessage);
    CPPUNIT_TEST(payingByBankTransferGivesOneReferenceAndTheLabsBank);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<CasesPortal> _cases;
    Made _pearl, _pearlPaid, _pearlDraft, _smile;

public:
    void setUp() override
    {
        _cases = std::make_unique<CasesPortal>(DemoPortal::Settings{
            {"plugins.enabled", "cases, billing"},
            {"billing.lab.name", "Molar Test Lab W.L.L."},
            {"billing.lab.address", "Building 12\\nDoha"},
        });
        const std::int64_t pearl = organizationOf(*_cases, "owner@pearl.example");
        const std::int64_t smile = organizationOf(*_cases, "owner@smile.example");
        _pearl = invoice(*_cases, pearl, "INV-2026-000101", "issued");
        _pearlPaid = invoice(*_cases, pearl, "INV-2026-000102", "paid");
        _pearlDraft = invoice(*_cases, pearl, "", "draft");
        _smile = invoice(*_cases, smile, "INV-2026-000103", "overdue", 1778000000000);
    }

    void tearDown() override { _cases.reset(); }

    void aClinicSeesOnlyItsOrganizationsIssuedInvoices()
    {
        auto dentist = _cases->pearlDentist();
        const Answer list = dentist->get("/billing/invoices");
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        CPPUNIT_ASSERT(has(list.body, _pearl.number));
        CPPUNIT_ASSERT(has(list.body, _pearlPaid.number));
        CPPUNIT_ASSERT(!has(list.body, _smile.number));
        CPPUNIT_ASSERT(!has(list.body, "/billing/invoices/" + std::to_string(_pearlDraft.id) + "\""));
        // Newest first.
        CPPUNIT_ASSERT(list.body.find(_pearlPaid.number) < list.body.find(_pearl.number));

        const Answer paidOnly = dentist->get("/billing/invoices?state=paid");
        CPPUNIT_ASSERT_EQUAL(200, paidOnly.status);
        CPPUNIT_ASSERT(has(paidOnly.body, _pearlPaid.number));
        CPPUNIT_ASSERT(!has(paidOnly.body, _pearl.number));

        const Answer page = dentist->get("/billing/invoices/" + std::to_string(_pearl.id));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(has(page.body, _pearl.number));
        CPPUNIT_ASSERT(has(page.body, "TR-260512-1A4F"));
        CPPUNIT_ASSERT(has(page.body, "QAR\u00a01,313.03")); // total, with the currency's two digits
        CPPUNIT_ASSERT(has(page.body, "Tax (5%)"));
        CPPUNIT_ASSERT(has(page.body, "Molar Test Lab W.L.L."));
        CPPUNIT_ASSERT(has(page.body, "Pay invoice"));

        // Another organization's invoice and a draft do not exist for this clinic.
        const std::string smile = "/billing/invoices/" + std::to_string(_smile.id);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get(smile).status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get(smile + ".pdf").status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->post(smile + "/pay", {{"provider", "bank"}}).status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get("/billing/invoices/" + std::to_string(_pearlDraft.id)).status);
        CPPUNIT_ASSERT_EQUAL(
            404, dentist->get("/billing/invoices/" + std::to_string(_pearlDraft.id) + ".pdf").status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get("/billing/invoices/999999").status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get("/billing/invoices/abc").status);

        auto smileDentist = _cases->smileDentist();
        CPPUNIT_ASSERT_EQUAL(404, smileDentist->get("/billing/invoices/" + std::to_string(_pearl.id)).status);
        CPPUNIT_ASSERT_EQUAL(200, smileDentist->get(smile).status);
    }

    void theBillingClerkSeesEveryInvoiceAndTheDashboard()
    {
        auto clerk = _cases->signIn("billing@lab.example", "demo billing clerk");
        const Answer all = clerk->get("/lab/billing/invoices");
        CPPUNIT_ASSERT_EQUAL(200, all.status);
        for (const Made* made : {&_pearl, &_pearlPaid, &_smile})
            CPPUNIT_ASSERT(has(all.body, made->number));
        CPPUNIT_ASSERT(has(all.body, "/lab/billing/invoices/" + std::to_string(_pearlDraft.id) + "\""));

        const std::int64_t smile = organizationOf(*_cases, "owner@smile.example");
        const Answer smiles = clerk->get("/lab/billing/invoices?organization=" + std::to_string(smile));
        CPPUNIT_ASSERT_EQUAL(200, smiles.status);
        CPPUNIT_ASSERT(has(smiles.body, _smile.number));
        CPPUNIT_ASSERT(!has(smiles.body, _pearl.number));

        CPPUNIT_ASSERT_EQUAL(200, clerk->get("/lab/billing/invoices/" + std::to_string(_smile.id)).status);
        CPPUNIT_ASSERT_EQUAL(200,
                             clerk->get("/lab/billing/invoices/" + std::to_string(_pearlDraft.id)).status);
        const Answer pdf = clerk->get("/lab/billing/invoices/" + std::to_string(_smile.id) + ".pdf");
        CPPUNIT_ASSERT_EQUAL(200, pdf.status);
        CPPUNIT_ASSERT(has(pdfText(pdf.body), _smile.number));

        // Open: issued and overdue, 2 x 1,313.03 owed; overdue: Smile's.
        const Answer dashboard = clerk->get("/lab/billing");
        CPPUNIT_ASSERT_EQUAL(200, dashboard.status);
        CPPUNIT_ASSERT_MESSAGE(dashboard.body, has(dashboard.body, "QAR\u00a02,626.06"));
        CPPUNIT_ASSERT(has(dashboard.body, "QAR\u00a01,313.03"));
        CPPUNIT_ASSERT(has(dashboard.body, "/lab/billing/invoices?state=overdue"));

        auto admin = _cases->labAdmin();
        CPPUNIT_ASSERT_EQUAL(200, admin->get("/lab/billing").status);
    }

    void otherLabRolesAndClinicsAreRefusedTheLabsPages()
    {
        auto technician = _cases->technician();
        for (const std::string& path : {std::string("/lab/billing"), std::string("/lab/billing/invoices"),
                                        "/lab/billing/invoices/" + std::to_string(_pearl.id),
                                        "/lab/billing/invoices/" + std::to_string(_pearl.id) + ".pdf"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 403, technician->get(path).status);
        // The Billing link is for the lab's admins and billing clerks; clinics have Invoices.
        const std::string billingLink = "href=\"/lab/billing\"";
        CPPUNIT_ASSERT(!has(technician->get("/account/profile").body, billingLink));
        auto owner = _cases->pearlOwner();
        const std::string ownerPage = owner->get("/account/profile").body;
        CPPUNIT_ASSERT(!has(ownerPage, billingLink));
        CPPUNIT_ASSERT(has(ownerPage, "href=\"/billing/invoices\""));
        CPPUNIT_ASSERT(
            has(_cases->signIn("billing@lab.example", "demo billing clerk")->get("/account/profile").body,
                billingLink));
        CPPUNIT_ASSERT(has(_cases->labAdmin()->get("/account/profile").body, billingLink));
        CPPUNIT_ASSERT_EQUAL(403, owner->get("/lab/billing/invoices/" + std::to_string(_pearl.id)).status);
        CPPUNIT_ASSERT_EQUAL(403, owner->get("/lab/billing").status);
        // The clinic's list is not the lab's; an invoice's address (the timeline's link) leads
        // the lab's staff to the lab's page, where their role decides.
        auto clerk = _cases->signIn("billing@lab.example", "demo billing clerk");
        CPPUNIT_ASSERT_EQUAL(403, clerk->get("/billing/invoices").status);
        const Answer followed = clerk->get("/billing/invoices/" + std::to_string(_pearl.id) + ".pdf");
        CPPUNIT_ASSERT_EQUAL(303, followed.status);
        CPPUNIT_ASSERT_EQUAL("/lab/billing/invoices/" + std::to_string(_pearl.id) + ".pdf",
                             followed.header("Location"));
        CPPUNIT_ASSERT_EQUAL(303, technician->get("/billing/invoices/" + std::to_string(_pearl.id)).status);
    }

    void thePdfIsAnAttachmentNamingTheInvoice()
    {
        auto owner = _cases->pearlOwner();
        const Answer pdf = owner->get("/billing/invoices/" + std::to_string(_pearl.id) + ".pdf");
        CPPUNIT_ASSERT_EQUAL(200, pdf.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), pdf.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("attachment; filename=\"INV-2026-000101.pdf\""),
                             pdf.header("Content-Disposition"));
        CPPUNIT_ASSERT_EQUAL(std::string("%PDF-"), pdf.body.substr(0, 5));
        const std::string text = pdfText(pdf.body);
        CPPUNIT_ASSERT_MESSAGE(text, has(text, "INV-2026-000101"));
        CPPUNIT_ASSERT(has(text, "QAR 1,313.03"));
        CPPUNIT_ASSERT(has(text, "Molar Test Lab W.L.L."));
        CPPUNIT_ASSERT(has(text, "TR-260512-1A4F"));
    }

    void thePdfSpeaksTheViewersLanguage()
    {
        auto owner = _cases->pearlOwner();
        _cases->db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'owner@pearl.example'");
        const Answer page = owner->get("/billing/invoices/" + std::to_string(_pearl.id));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(has(page.body, "دفع الفاتورة"));
        const Answer pdf = owner->get("/billing/invoices/" + std::to_string(_pearl.id) + ".pdf");
        CPPUNIT_ASSERT_EQUAL(200, pdf.status);
        const std::string text = pdfText(pdf.body);
        CPPUNIT_ASSERT(has(text, "INV-2026-000101"));
        // The total in Arabic's digits and separators, with the riyal's two decimals.
        CPPUNIT_ASSERT_MESSAGE(text, has(text, "\u0661\u066c\u0663\u0661\u0663\u066b\u0660\u0663"));
        CPPUNIT_ASSERT(!has(text, "1,313.03"));
        // Arabic comes back shaped (presentation forms): no bare letters of the label...
        CPPUNIT_ASSERT(!has(text, "الإجمالي"));
        // ...and no English label either.
        CPPUNIT_ASSERT(!has(text, "Total"));
        CPPUNIT_ASSERT(!has(text, "Invoice number"));
    }

    void aLanguageThePdfsFontCannotDrawGetsItInEnglish()
    {
        auto owner = _cases->pearlOwner();
        _cases->db().execute("UPDATE molar_users SET language = 'hi' WHERE email = 'owner@pearl.example'");
        // The page is in Hindi...
        const Answer page = owner->get("/billing/invoices/" + std::to_string(_pearl.id));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(has(page.body, "<html lang=\"hi\""));
        CPPUNIT_ASSERT(!has(page.body, ">Total<"));
        // ...the PDF, drawn with DejaVu Sans (no Devanagari), is in English, not empty boxes.
        const Answer pdf = owner->get("/billing/invoices/" + std::to_string(_pearl.id) + ".pdf");
        CPPUNIT_ASSERT_EQUAL(200, pdf.status);
        const std::string text = pdfText(pdf.body);
        CPPUNIT_ASSERT_MESSAGE(text, has(text, "Total"));
        CPPUNIT_ASSERT(has(text, "INV-2026-000101"));
        CPPUNIT_ASSERT(has(text, "QAR 1,313.03"));
        CPPUNIT_ASSERT(!has(text, "\u0915")); // क
        // Russian is in the font: its PDF stays Russian.
        _cases->db().execute("UPDATE molar_users SET language = 'ru' WHERE email = 'owner@pearl.example'");
        const std::string russian =
            pdfText(owner->get("/billing/invoices/" + std::to_string(_pearl.id) + ".pdf").body);
        CPPUNIT_ASSERT_MESSAGE(russian, !has(russian, "Total"));
        CPPUNIT_ASSERT(has(russian, "\u0418")); // И
        _cases->db().execute("UPDATE molar_users SET language = 'en' WHERE email = 'owner@pearl.example'");
    }

    void badFiltersAndUnknownProvidersAreRefusedWithAMessage()
    {
        auto dentist = _cases->pearlDentist();
        const Answer state = dentist->get("/billing/invoices?state=bogus");
        CPPUNIT_ASSERT_EQUAL(400, state.status);
        CPPUNIT_ASSERT(has(state.body, "Choose a status from the list."));
        CPPUNIT_ASSERT_EQUAL(400, dentist->get("/billing/invoices?state=draft").status);
        CPPUNIT_ASSERT_EQUAL(400, dentist->get("/billing/invoices?before=x1").status);
        const Answer provider = dentist->post("/billing/invoices/" + std::to_string(_pearl.id) + "/pay",
                                              {{"provider", "nobody"}});
        CPPUNIT_ASSERT_EQUAL(400, provider.status);
        CPPUNIT_ASSERT(has(provider.body, "Choose one of the payment methods"));
        // A paid invoice has nothing to pay.
        CPPUNIT_ASSERT_EQUAL(409, dentist
                                      ->post("/billing/invoices/" + std::to_string(_pearlPaid.id) + "/pay",
                                             {{"provider", "bank"}})
                                      .status);
        auto clerk = _cases->signIn("billing@lab.example", "demo billing clerk");
        CPPUNIT_ASSERT_EQUAL(400, clerk->get("/lab/billing/invoices?organization=pearl").status);
    }

    void payingByBankTransferGivesOneReferenceAndTheLabsBank()
    {
        _cases.reset();
        CasesPortal bank(DemoPortal::Settings{{"plugins.enabled", "cases, billing, pay-bank"},
                                              {"pay-bank.accountName", "Molar Dental Laboratory W.L.L."},
                                              {"pay-bank.bankName", "Doha Bank"},
                                              {"pay-bank.iban", "QA58 DOHB 0000 1234 5678 90AB CDEF G"},
                                              {"pay-bank.bic", "DOHBQAQA"}});
        const Made made =
            invoice(bank, organizationOf(bank, "owner@pearl.example"), "INV-2026-000201", "issued");
        const std::string page = "/billing/invoices/" + std::to_string(made.id);
        auto dentist = bank.pearlDentist();
        const Answer before = dentist->get(page);
        CPPUNIT_ASSERT_EQUAL(200, before.status);
        CPPUNIT_ASSERT_MESSAGE(before.body, has(before.body, "name=\"provider\" value=\"bank\""));
        CPPUNIT_ASSERT(!has(before.body, "MB-"));

        const Answer asked = dentist->post(page + "/pay", {{"provider", "bank"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(asked.body, 303, asked.status);
        CPPUNIT_ASSERT_EQUAL(page + "#pay", asked.header("Location"));
        const std::string reference =
            bank.db()
                .query("SELECT transfer_reference FROM billing_invoices WHERE id = ?", {made.id})
                .row(0)
                .at(0)
                .asString();
        CPPUNIT_ASSERT_EQUAL(std::string("MB-"), reference.substr(0, 3));

        const Answer after = dentist->get(page);
        CPPUNIT_ASSERT(has(after.body, reference));
        CPPUNIT_ASSERT_MESSAGE(after.body, has(after.body, "QA58 DOHB 0000 1234 5678 90AB CDEF G"));
        CPPUNIT_ASSERT(has(after.body, "QAR 1,313.03"));
        CPPUNIT_ASSERT(!has(after.body, "name=\"provider\" value=\"bank\""));

        // Asking again gives the same attempt and reference, not a second transfer to expect.
        CPPUNIT_ASSERT_EQUAL(303, dentist->post(page + "/pay", {{"provider", "bank"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             bank.db()
                                 .query("SELECT COUNT(*) FROM molar_payment_attempts WHERE purpose_id = ?",
                                        {std::to_string(made.id)})
                                 .row(0)
                                 .at(0)
                                 .asInt());

        // The instructions wrap over lines; read them as one.
        std::string text = pdfText(dentist->get(page + ".pdf").body);
        std::replace(text.begin(), text.end(), '\n', ' ');
        CPPUNIT_ASSERT_MESSAGE(text, has(text, reference));
        CPPUNIT_ASSERT(has(text, "QA58 DOHB 0000 1234 5678 90AB CDEF G"));

        // The transfer arrives: the page lists it under its provider's name and asks for nothing more.
        sdk::PaymentEvent received;
        received.providerEventId = "statement-line-1";
        received.kind = sdk::PaymentEventKind::Succeeded;
        received.idempotencyKey = bank.db()
                                      .query("SELECT id FROM molar_payment_attempts WHERE purpose_id = ?",
                                             {std::to_string(made.id)})
                                      .row(0)
                                      .at(0)
                                      .asString();
        received.providerPaymentId = reference + "/1";
        received.amount = {131303, "QAR"};
        CPPUNIT_ASSERT(bank.portal().payments().record("bank", received));
        const Answer paid = dentist->get(page);
        CPPUNIT_ASSERT(has(paid.body, "Payments and refunds on this invoice"));
        CPPUNIT_ASSERT_MESSAGE(paid.body, has(paid.body, "<td>Bank transfer</td>"));
        CPPUNIT_ASSERT(has(paid.body, ">Paid<"));
        CPPUNIT_ASSERT(!has(paid.body, "Pay invoice"));
        // In Arabic the provider and its instructions read in Arabic too (pay-bank's catalogs).
        bank.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'dentist@pearl.example'");
        const Answer arabic = dentist->get(page);
        CPPUNIT_ASSERT_MESSAGE(arabic.body, has(arabic.body, "<td>تحويل بنكي</td>"));
        CPPUNIT_ASSERT(!has(arabic.body, "Bank transfer"));
        CPPUNIT_ASSERT(!has(arabic.body, "quoting the reference"));
        bank.db().execute("UPDATE molar_users SET language = 'en' WHERE email = 'dentist@pearl.example'");
        // ...and the lab's dashboard counts it as received this month, nothing open.
        const Answer dashboard =
            bank.signIn("billing@lab.example", "demo billing clerk")->get("/lab/billing");
        CPPUNIT_ASSERT_MESSAGE(dashboard.body,
                               has(dashboard.body, "<p dir=\"auto\" translate=\"no\">QAR\u00a01,313.03</p>"));
        CPPUNIT_ASSERT(has(dashboard.body, "Payments: <strong translate=\"no\">1</strong>"));
        CPPUNIT_ASSERT(has(dashboard.body, "Invoices: <strong translate=\"no\">0</strong>"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InvoicePagesTest);

// The lab's own invoice actions with the real host: the billing clerk voids an issued
// invoice (a paid or void one is refused beside the reason), makes a draft for an
// organization, bills an expedite fee and a remake credit (typed as positive amounts,
// the kind deciding the sign), removes a line and issues it due in the organization's
// terms; technicians and clinics are refused, unknown ids are 404 or 400.
#include "../cases/CasesPortal.h"

#include "TestDatabase.h"

#include <string>

using namespace molar;
using namespace molar::test;

namespace {

const std::string kList = "/lab/billing/invoices";
constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

std::int64_t organizationOf(CasesPortal& cases, const std::string& email)
{
    return cases.db()
        .query("SELECT organization_id FROM molar_users WHERE email = ?", {std::string(email)})
        .row(0)
        .at(0)
        .asInt();
}

// An issued (or paid) invoice as the invoicing code leaves it: one crown line.
std::int64_t invoice(CasesPortal& cases, std::int64_t organizationId, const std::string& number,
                     const std::string& state)
{
    const std::int64_t now = 1778565600000;
    const std::int64_t id = cases.db().insert(
        "INSERT INTO billing_invoices (number, organization_id, clinic_id, case_id, period, currency, state, "
        "subtotal_minor, tax_rate_bp, tax_minor, total_minor, paid_minor, refunded_minor, "
        "transfer_reference, created_at, updated_at, issued_at, due_at, created_by, version) "
        "VALUES (?, ?, 0, 0, '', 'QAR', ?, 125050, 0, 0, 125050, ?, 0, '', ?, ?, ?, ?, 0, 1)",
        {number, organizationId, state, state == "paid" ? std::int64_t(125050) : std::int64_t(0), now, now,
         now, now + 30 * kDay});
    cases.db().execute(
        "INSERT INTO billing_invoice_lines (invoice_id, position, kind, case_id, case_number, "
        "item_code, description, quantity, unit_minor, amount_minor, reason, created_by, created_at) "
        "VALUES (?, 1, 'item', 0, 'TR-260512-1A4F', 'zirconia_crown', 'Zirconia crown', 1, 125050, "
        "125050, '', 0, ?)",
        {id, now});
    return id;
}

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::string path(std::int64_t id, const std::string& rest = "")
{
    return kList + "/" + std::to_string(id) + rest;
}

} // namespace

class LabInvoiceActionsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LabInvoiceActionsTest);
    CPPUNIT_TEST(theClerkVoidsAnIssuedInvoiceAndTheClinicSeesItVoid);
    CPPUNIT_TEST(aPaidOrVoidInvoiceIsRefusedBesideTheReason);
    CPPUNIT_TEST(aDraftWithAFeeAndACreditIsIssuedWithItsTotalAndNumber);
    CPPUNIT_TEST(badAmountsAndReasonsAreRefusedBesideTheirField);
    CPPUNIT_TEST(techniciansAndClinicsAreRefusedAndUnknownIdsAreNotFound);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<CasesPortal> _cases;
    std::int64_t _pearl = 0;
    std::int64_t _issued = 0, _paid = 0;

    std::string stateOf(std::int64_t id)
    {
        return _cases->db()
            .query("SELECT state FROM billing_invoices WHERE id = ?", {id})
            .get(0, "state")
            .asString();
    }
    std::int64_t countOf(const std::string& sql, const std::vector<sdk::Value>& params)
    {
        return _cases->db().query(sql, params).row(0).at(0).asInt();
    }
    std::unique_ptr<HttpBrowser> clerk()
    {
        return _cases->signIn("billing@lab.example", "demo billing clerk");
    }

    // A new draft for Pearl through the pages; answers its id.
    std::int64_t newDraft(HttpBrowser& browser)
    {
        const Answer made = browser.post(kList + "/new", {{"organization", std::to_string(_pearl)}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(made.body, 303, made.status);
        const std::string location = made.header("Location");
        const std::string prefix = kList + "/";
        CPPUNIT_ASSERT(location.rfind(prefix, 0) == 0 && location.size() > prefix.size() + 6);
        CPPUNIT_ASSERT_EQUAL(std::string("/draft"), location.substr(location.size() - 6));
        return std::stoll(location.substr(prefix.size(), location.size() - prefix.size() - 6));
    }

public:
    void setUp() override
    {
        _cases = std::make_unique<CasesPortal>(
            DemoPortal::Settings{{"plugins.enabled", "cases, billing"}, {"billing.netTermsDays", "14"}});
        _pearl = organizationOf(*_cases, "owner@pearl.example");
        _issued = invoice(*_cases, _pearl, "INV-2026-000501", "issued");
        _paid = invoice(*_cases, _pearl, "INV-2026-000502", "paid");
    }

    void tearDown() override { _cases.reset(); }

    void theClerkVoidsAnIssuedInvoiceAndTheClinicSeesItVoid()
    {
        auto browser = clerk();
        const Answer page = browser->get(path(_issued));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(has(page.body, "action=\"" + path(_issued, "/void") + "\""));
        // Paid invoices offer no void.
        CPPUNIT_ASSERT(!has(browser->get(path(_paid)).body, path(_paid, "/void")));

        const Answer voided = browser->post(path(_issued, "/void"), {{"reason", "Billed twice"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(voided.body, 303, voided.status);
        CPPUNIT_ASSERT_EQUAL(path(_issued), voided.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::string("void"), stateOf(_issued));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             countOf("SELECT COUNT(*) FROM molar_audit WHERE action = 'invoice.voided'", {}));
        CPPUNIT_ASSERT(!has(browser->get(path(_issued)).body, path(_issued, "/void")));

        const Answer seen = _cases->pearlDentist()->get("/billing/invoices/" + std::to_string(_issued));
        CPPUNIT_ASSERT_EQUAL(200, seen.status);
        CPPUNIT_ASSERT(has(seen.body, "invoice-state-void"));
        CPPUNIT_ASSERT(has(seen.body, "Billed twice"));
    }

    void aPaidOrVoidInvoiceIsRefusedBesideTheReason()
    {
        auto browser = clerk();
        const Answer paid = browser->post(path(_paid, "/void"), {{"reason", "Wrong clinic"}});
        CPPUNIT_ASSERT_EQUAL(409, paid.status);
        CPPUNIT_ASSERT_MESSAGE(paid.body, has(paid.body, "id=\"void-reason-error\""));
        CPPUNIT_ASSERT(has(paid.body, "A paid invoice cannot be voided"));
        CPPUNIT_ASSERT(has(paid.body, "value=\"Wrong clinic\""));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), stateOf(_paid));

        CPPUNIT_ASSERT_EQUAL(303, browser->post(path(_issued, "/void"), {{"reason", "Billed twice"}}).status);
        const Answer again = browser->post(path(_issued, "/void"), {{"reason", "Billed twice"}});
        CPPUNIT_ASSERT_EQUAL(409, again.status);
        CPPUNIT_ASSERT(has(again.body, "This invoice is already void."));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             countOf("SELECT COUNT(*) FROM molar_audit WHERE action = 'invoice.voided'", {}));
    }

    void aDraftWithAFeeAndACreditIsIssuedWithItsTotalAndNumber()
    {
        auto browser = clerk();
        CPPUNIT_ASSERT(has(browser->get(kList).body, "href=\"" + kList + "/new\""));
        const Answer form = browser->get(kList + "/new");
        CPPUNIT_ASSERT_EQUAL(200, form.status);
        CPPUNIT_ASSERT(has(form.body, "value=\"" + std::to_string(_pearl) + "\""));

        const std::int64_t id = newDraft(*browser);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), stateOf(id));
        CPPUNIT_ASSERT_EQUAL(200, browser->get(path(id, "/draft")).status);
        // The lab's page of the draft leads to its editing.
        CPPUNIT_ASSERT(has(browser->get(path(id)).body, path(id, "/draft")));

        const std::string adjust = path(id, "/draft/adjustments");
        CPPUNIT_ASSERT_EQUAL(303, browser
                                      ->post(adjust, {{"kind", "expedite_fee"},
                                                      {"amount", "1,150.00"},
                                                      {"reason", "Rush for Thursday"}})
                                      .status);
        CPPUNIT_ASSERT_EQUAL(
            303,
            browser->post(adjust, {{"kind", "remake_credit"}, {"amount", "50.5"}, {"reason", "Remake of 11"}})
                .status);
        CPPUNIT_ASSERT_EQUAL(
            303, browser->post(adjust, {{"kind", "manual_credit"}, {"amount", "10"}, {"reason", "Goodwill"}})
                     .status);
        const std::int64_t goodwill = countOf(
            "SELECT id FROM billing_invoice_lines WHERE invoice_id = ? AND kind = 'manual_credit'", {id});
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(-1000),
            countOf("SELECT amount_minor FROM billing_invoice_lines WHERE id = ?", {goodwill}));
        const Answer draft = browser->get(path(id, "/draft"));
        CPPUNIT_ASSERT(has(draft.body, "Rush for Thursday"));
        const std::string remove = path(id, "/draft/lines/" + std::to_string(goodwill) + "/remove");
        CPPUNIT_ASSERT(has(draft.body, remove));
        CPPUNIT_ASSERT_EQUAL(303, browser->post(remove, {}).status);
        CPPUNIT_ASSERT_EQUAL(404, browser->post(remove, {}).status);

        const Answer issued = browser->post(path(id, "/draft/issue"), {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(issued.body, 303, issued.status);
        CPPUNIT_ASSERT_EQUAL(path(id), issued.header("Location"));
        const sdk::ResultSet row = _cases->db().query(
            "SELECT state, number, total_minor, issued_at, due_at FROM billing_invoices WHERE id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), row.get(0, "state").asString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(115000 - 5050), row.get(0, "total_minor").asInt());
        const std::string number = row.get(0, "number").asString();
        CPPUNIT_ASSERT_MESSAGE(number, number.rfind("INV-", 0) == 0 && has(number, "-000001"));
        CPPUNIT_ASSERT_EQUAL(14 * kDay, row.get(0, "due_at").asInt() - row.get(0, "issued_at").asInt());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            countOf("SELECT COUNT(*) FROM billing_invoice_lines WHERE invoice_id = ?", {id}));
        // Issued: no longer a draft to change.
        CPPUNIT_ASSERT_EQUAL(404, browser->get(path(id, "/draft")).status);
        CPPUNIT_ASSERT_EQUAL(404, browser->post(path(id, "/draft/issue"), {}).status);
        const Answer seen = _cases->pearlDentist()->get("/billing/invoices/" + std::to_string(id));
        CPPUNIT_ASSERT_EQUAL(200, seen.status);
        CPPUNIT_ASSERT(has(seen.body, number));
        CPPUNIT_ASSERT(has(seen.body, "QAR\u00a01,099.50"));
    }

    void badAmountsAndReasonsAreRefusedBesideTheirField()
    {
        auto browser = clerk();
        const std::int64_t id = newDraft(*browser);
        const std::string adjust = path(id, "/draft/adjustments");
        for (const std::string& amount : {std::string("abc"), std::string("-5"), std::string("0"),
                                          std::string("1.234"), std::string("")}) {
            const Answer bad =
                browser->post(adjust, {{"kind", "expedite_fee"}, {"amount", amount}, {"reason", "Rush job"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(amount, 400, bad.status);
            CPPUNIT_ASSERT_MESSAGE(bad.body, has(bad.body, "id=\"adjust-amount-error\""));
            CPPUNIT_ASSERT(has(bad.body, "Enter an amount above zero in QAR, for example 150.00."));
            CPPUNIT_ASSERT(has(bad.body, "value=\"" + amount + "\""));
            CPPUNIT_ASSERT(has(bad.body, "value=\"Rush job\""));
            CPPUNIT_ASSERT(has(bad.body, "value=\"expedite_fee\" selected"));
        }
        const Answer noReason =
            browser->post(adjust, {{"kind", "remake_credit"}, {"amount", "20"}, {"reason", " "}});
        CPPUNIT_ASSERT_EQUAL(400, noReason.status);
        CPPUNIT_ASSERT(has(noReason.body, "id=\"adjust-reason-error\""));
        CPPUNIT_ASSERT(!has(noReason.body, "id=\"adjust-amount-error\""));
        const Answer kind = browser->post(adjust, {{"kind", "item"}, {"amount", "20"}, {"reason", "x"}});
        CPPUNIT_ASSERT_EQUAL(400, kind.status);
        CPPUNIT_ASSERT(has(kind.body, "id=\"adjust-kind-error\""));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            countOf("SELECT COUNT(*) FROM billing_invoice_lines WHERE invoice_id = ?", {id}));

        // Nothing to issue; credits beyond the charges cannot be issued either.
        const Answer empty = browser->post(path(id, "/draft/issue"), {});
        CPPUNIT_ASSERT_EQUAL(409, empty.status);
        CPPUNIT_ASSERT(has(empty.body, "id=\"draft-issue-error\""));
        CPPUNIT_ASSERT_EQUAL(
            303,
            browser->post(adjust, {{"kind", "remake_credit"}, {"amount", "20"}, {"reason", "x"}}).status);
        CPPUNIT_ASSERT_EQUAL(409, browser->post(path(id, "/draft/issue"), {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), stateOf(id));

        // A void needs a reason of 1 to 500 characters.
        CPPUNIT_ASSERT_EQUAL(400, browser->post(path(_issued, "/void"), {{"reason", ""}}).status);
        const Answer tooLong = browser->post(path(_issued, "/void"), {{"reason", std::string(501, 'x')}});
        CPPUNIT_ASSERT_EQUAL(400, tooLong.status);
        CPPUNIT_ASSERT(has(tooLong.body, "id=\"void-reason-error\""));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), stateOf(_issued));
    }

    void techniciansAndClinicsAreRefusedAndUnknownIdsAreNotFound()
    {
        auto browser = clerk();
        const std::int64_t id = newDraft(*browser);
        auto technician = _cases->technician();
        auto owner = _cases->pearlOwner();
        for (HttpBrowser* other : {technician.get(), owner.get()}) {
            CPPUNIT_ASSERT_EQUAL(403, other->get(kList + "/new").status);
            CPPUNIT_ASSERT_EQUAL(
                403, other->post(kList + "/new", {{"organization", std::to_string(_pearl)}}).status);
            CPPUNIT_ASSERT_EQUAL(403, other->get(path(id, "/draft")).status);
            CPPUNIT_ASSERT_EQUAL(403, other
                                          ->post(path(id, "/draft/adjustments"),
                                                 {{"kind", "expedite_fee"}, {"amount", "5"}, {"reason", "x"}})
                                          .status);
            CPPUNIT_ASSERT_EQUAL(403, other->post(path(id, "/draft/issue"), {}).status);
            CPPUNIT_ASSERT_EQUAL(403, other->post(path(_issued, "/void"), {{"reason", "x"}}).status);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), stateOf(id));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), stateOf(_issued));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            countOf("SELECT COUNT(*) FROM billing_invoice_lines WHERE invoice_id = ?", {id}));

        // The lab bills any organization, but only one that exists.
        for (const std::string& bad : {std::string("999999"), std::string("abc"), std::string("")}) {
            const Answer refused = browser->post(kList + "/new", {{"organization", bad}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 400, refused.status);
            CPPUNIT_ASSERT(has(refused.body, "id=\"draft-organization-error\""));
        }
        CPPUNIT_ASSERT_EQUAL(404, browser->get(path(999999, "/draft")).status);
        CPPUNIT_ASSERT_EQUAL(404, browser->get(path(_issued, "/draft")).status);
        CPPUNIT_ASSERT_EQUAL(404, browser
                                      ->post(path(_issued, "/draft/adjustments"),
                                             {{"kind", "expedite_fee"}, {"amount", "5"}, {"reason", "x"}})
                                      .status);
        CPPUNIT_ASSERT_EQUAL(404, browser->post(path(999999, "/void"), {{"reason", "x"}}).status);
        CPPUNIT_ASSERT_EQUAL(404, browser->post(kList + "/abc/void", {{"reason", "x"}}).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LabInvoiceActionsTest);

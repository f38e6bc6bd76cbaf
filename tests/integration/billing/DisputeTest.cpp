// Disputes (chargebacks) with the real host: the payment service records a provider's
// dispute events and billing keeps each dispute once, whatever order and however often
// they come; the lab's dashboard counts the open ones, /lab/billing/disputes lists them for
// the lab's admins and billing clerks only, the lab's invoice page tells of them, and the
// billing clerk is told when one opens.
#include "../cases/CasesPortal.h"

#include "TestDatabase.h"

#include "molar/sdk/Payments.h"

#include <chrono>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::int64_t count(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    return cases.db().query(sql, params).row(0).at(0).asInt();
}

// An issued invoice of Pearl Dental Group, QAR 1,313.03, as the invoicing code leaves it.
std::int64_t issuedInvoice(CasesPortal& cases, const std::string& number)
{
    const std::int64_t now = 1778565600000;
    const std::int64_t pearl = count(cases, "SELECT organization_id FROM molar_users WHERE email = ?",
                                     {std::string("owner@pearl.example")});
    const std::int64_t id = cases.db().insert(
        "INSERT INTO billing_invoices (number, organization_id, clinic_id, case_id, period, currency, state, "
        "subtotal_minor, tax_rate_bp, tax_minor, total_minor, paid_minor, refunded_minor, "
        "transfer_reference, created_at, updated_at, issued_at, due_at, created_by, version) "
        "VALUES (?, ?, 0, 0, '', 'QAR', 'issued', 125050, 500, 6253, 131303, 0, 0, '', ?, ?, ?, ?, 0, 1)",
        {number, pearl, now, now, now, std::int64_t(1781000000000)});
    cases.db().execute(
        "INSERT INTO billing_invoice_lines (invoice_id, position, kind, case_id, case_number, "
        "item_code, description, quantity, unit_minor, amount_minor, reason, created_by, created_at) "
        "VALUES (?, 1, 'item', 0, 'TR-260512-1A4F', 'zirconia_crown', 'Zirconia crown', 1, 125050, "
        "125050, '', 0, ?)",
        {id, now});
    return id;
}

} // namespace

class DisputeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DisputeTest);
    CPPUNIT_TEST(anOpenDisputeIsCountedOnceAndTheClerkIsTold);
    CPPUNIT_TEST(aCloseBeforeItsOpenEndsClosedWithItsOutcome);
    CPPUNIT_TEST(aTopUpsDisputeHasNoInvoice);
    CPPUNIT_TEST(onlyTheLabsBillingRolesSeeTheDisputes);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<CasesPortal> _cases;
    std::int64_t _invoice = 0;
    std::string _attempt, _reference;

public:
    // An invoice the clinic paid by bank transfer: its attempt is what disputes name.
    void setUp() override
    {
        _cases = std::make_unique<CasesPortal>(DemoPortal::Settings{
            {"plugins.enabled", "cases, billing, pay-bank"},
            {"pay-bank.accountName", "Molar Dental Laboratory W.L.L."},
            {"pay-bank.bankName", "Doha Bank"},
            {"pay-bank.iban", "QA58 DOHB 0000 1234 5678 90AB CDEF G"},
            {"notifications.logChannels", "email"},
        });
        _invoice = issuedInvoice(*_cases, "INV-2026-000301");
        auto dentist = _cases->pearlDentist();
        const Answer asked =
            dentist->post("/billing/invoices/" + std::to_string(_invoice) + "/pay", {{"provider", "bank"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(asked.body, 303, asked.status);
        _attempt = _cases->db()
                       .query("SELECT id FROM molar_payment_attempts WHERE purpose_id = ?",
                              {std::to_string(_invoice)})
                       .get(0, "id")
                       .asString();
        _reference = _cases->db()
                         .query("SELECT transfer_reference FROM billing_invoices WHERE id = ?", {_invoice})
                         .get(0, "transfer_reference")
                         .asString();
        sdk::PaymentEvent paid = event("statement-line-1", sdk::PaymentEventKind::Succeeded);
        paid.amount = {131303, "QAR"};
        CPPUNIT_ASSERT(_cases->portal().payments().record("bank", paid));
    }

    void tearDown() override { _cases.reset(); }

    sdk::PaymentEvent event(const std::string& id, sdk::PaymentEventKind kind)
    {
        sdk::PaymentEvent e;
        e.providerEventId = id;
        e.kind = kind;
        e.idempotencyKey = _attempt;
        e.providerPaymentId = _reference + "/1";
        return e;
    }

    sdk::PaymentEvent dispute(const std::string& eventId, sdk::PaymentEventKind kind,
                              const std::string& outcome = "")
    {
        sdk::PaymentEvent e = event(eventId, kind);
        e.amount = {50000, "QAR"};
        e.disputeId = "dp_1";
        e.disputeOutcome = outcome;
        return e;
    }

    std::string dashboard()
    {
        const Answer page = _cases->signIn("billing@lab.example", "demo billing clerk")->get("/lab/billing");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        return page.body;
    }

    // Notifications are made by the outbox, after the event's transaction.
    void waitForNotifications(const std::string& rule)
    {
        for (int i = 0; i < 500 && count(*_cases, "SELECT COUNT(*) FROM molar_notifications WHERE rule = ?",
                                         {rule}) == 0;
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    void anOpenDisputeIsCountedOnceAndTheClerkIsTold()
    {
        CPPUNIT_ASSERT(has(dashboard(), "Open disputes: <strong translate=\"no\">0</strong>"));
        // The same delivery three times, then the provider sending it again under new event
        // ids: one dispute.
        CPPUNIT_ASSERT(_cases->portal().payments().record(
            "bank", dispute("dispute-1", sdk::PaymentEventKind::DisputeOpened)));
        CPPUNIT_ASSERT(!_cases->portal().payments().record(
            "bank", dispute("dispute-1", sdk::PaymentEventKind::DisputeOpened)));
        CPPUNIT_ASSERT(_cases->portal().payments().record(
            "bank", dispute("dispute-1b", sdk::PaymentEventKind::DisputeOpened)));
        CPPUNIT_ASSERT(_cases->portal().payments().record(
            "bank", dispute("dispute-1c", sdk::PaymentEventKind::DisputeOpened)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(*_cases, "SELECT COUNT(*) FROM billing_disputes"));

        const std::string board = dashboard();
        CPPUNIT_ASSERT_MESSAGE(board, has(board, "Open disputes: <strong translate=\"no\">1</strong>"));
        CPPUNIT_ASSERT(has(board, "<p dir=\"auto\" translate=\"no\">QAR\u00a0500.00</p>"));
        CPPUNIT_ASSERT(has(board, "href=\"/lab/billing/disputes\""));

        auto clerk = _cases->signIn("billing@lab.example", "demo billing clerk");
        const Answer list = clerk->get("/lab/billing/disputes");
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        const std::string invoicePage = "/lab/billing/invoices/" + std::to_string(_invoice);
        CPPUNIT_ASSERT_MESSAGE(list.body, has(list.body, "<a href=\"" + invoicePage +
                                                             "\" translate=\"no\">INV-2026-000301</a>"));
        CPPUNIT_ASSERT(has(list.body, "Pearl Dental Group"));
        CPPUNIT_ASSERT(has(list.body, "dispute-state-open"));
        // Opened at the test clock's 06:00 UTC: 09:00 in Qatar, the clerk's zone.
        CPPUNIT_ASSERT(has(list.body, "May 12, 2026, 9:00\u202fAM"));

        // The lab's invoice page tells of it; the clinic's does not.
        const Answer lab = clerk->get(invoicePage);
        CPPUNIT_ASSERT_MESSAGE(lab.body,
                               has(lab.body, "A payment of QAR\u00a0500.00 on this invoice is disputed"));
        const Answer clinic = _cases->pearlDentist()->get("/billing/invoices/" + std::to_string(_invoice));
        CPPUNIT_ASSERT_EQUAL(200, clinic.status);
        CPPUNIT_ASSERT(!has(clinic.body, "disputed"));

        // The billing clerk is told, once per dispute.opened the service published.
        waitForNotifications("dispute_opened");
        const auto told = _cases->db().query(
            "SELECT u.email, n.content FROM molar_notifications n JOIN molar_users u ON u.id = n.user_id "
            "WHERE n.rule = 'dispute_opened'");
        CPPUNIT_ASSERT(!told.empty());
        for (std::size_t i = 0; i < told.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(std::string("billing@lab.example"), told.get(i, "email").toString());
        CPPUNIT_ASSERT_MESSAGE(told.get(0, "content").toString(),
                               has(told.get(0, "content").toString(), "QAR\u00a0500.00"));

        // Won: nothing open any more, and the list says so.
        CPPUNIT_ASSERT(_cases->portal().payments().record(
            "bank", dispute("dispute-2", sdk::PaymentEventKind::DisputeClosed, "won")));
        CPPUNIT_ASSERT(has(dashboard(), "Open disputes: <strong translate=\"no\">0</strong>"));
        const Answer after = clerk->get("/lab/billing/disputes");
        CPPUNIT_ASSERT(has(after.body, "dispute-state-won"));
        CPPUNIT_ASSERT(has(clerk->get(invoicePage).body, "the lab won it"));
    }

    void aCloseBeforeItsOpenEndsClosedWithItsOutcome()
    {
        CPPUNIT_ASSERT(_cases->portal().payments().record(
            "bank", dispute("dispute-2", sdk::PaymentEventKind::DisputeClosed, "lost")));
        CPPUNIT_ASSERT(_cases->portal().payments().record(
            "bank", dispute("dispute-1", sdk::PaymentEventKind::DisputeOpened)));
        const auto row = _cases->db().query("SELECT state, closed_at, invoice_id FROM billing_disputes");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), row.size());
        CPPUNIT_ASSERT_EQUAL(std::string("lost"), row.get(0, "state").asString());
        CPPUNIT_ASSERT(row.get(0, "closed_at").asInt() > 0);
        CPPUNIT_ASSERT_EQUAL(_invoice, row.get(0, "invoice_id").asInt());
        CPPUNIT_ASSERT(has(dashboard(), "Open disputes: <strong translate=\"no\">0</strong>"));
    }

    void aTopUpsDisputeHasNoInvoice()
    {
        const std::int64_t pearl = count(*_cases, "SELECT organization_id FROM molar_users WHERE email = ?",
                                         {std::string("owner@pearl.example")});
        const sdk::Value topup = sdk::Value::object({{"attemptId", "att-topup"},
                                                     {"provider", "bank"},
                                                     {"purposeKind", "topup"},
                                                     {"purposeId", "7"},
                                                     {"organizationId", pearl},
                                                     {"amountMinor", 20000},
                                                     {"currency", "QAR"},
                                                     {"amountText", "QAR 200.00"},
                                                     {"reference", "TOPUP-7"},
                                                     {"providerPaymentId", "bank-9"},
                                                     {"disputeId", "dp_topup"}});
        _cases->db().transaction(
            [&](sdk::Transaction& tx) { _cases->portal().events().publish(tx, "dispute.opened", topup); });
        const auto row = _cases->db().query(
            "SELECT invoice_id, organization_id, state, purpose_kind FROM billing_disputes");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), row.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), row.get(0, "invoice_id").asInt());
        CPPUNIT_ASSERT_EQUAL(pearl, row.get(0, "organization_id").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("open"), row.get(0, "state").asString());
        const std::string board = dashboard();
        CPPUNIT_ASSERT(has(board, "Open disputes: <strong translate=\"no\">1</strong>"));
        CPPUNIT_ASSERT(has(board, "<p dir=\"auto\" translate=\"no\">QAR\u00a0200.00</p>"));
        const Answer list = _cases->labAdmin()->get("/lab/billing/disputes");
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        CPPUNIT_ASSERT_MESSAGE(list.body, has(list.body, "Top-up <bdi translate=\"no\">TOPUP-7</bdi>"));
        CPPUNIT_ASSERT(!has(list.body, "/lab/billing/invoices/0"));
    }

    void onlyTheLabsBillingRolesSeeTheDisputes()
    {
        CPPUNIT_ASSERT_EQUAL(403, _cases->technician()->get("/lab/billing/disputes").status);
        CPPUNIT_ASSERT_EQUAL(403, _cases->pearlOwner()->get("/lab/billing/disputes").status);
        CPPUNIT_ASSERT_EQUAL(403, _cases->pearlDentist()->get("/lab/billing/disputes").status);
        const Answer admin = _cases->labAdmin()->get("/lab/billing/disputes");
        CPPUNIT_ASSERT_EQUAL(200, admin.status);
        CPPUNIT_ASSERT(has(admin.body, "No payment has been disputed."));
        CPPUNIT_ASSERT_EQUAL(
            200,
            _cases->signIn("billing@lab.example", "demo billing clerk")->get("/lab/billing/disputes").status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DisputeTest);

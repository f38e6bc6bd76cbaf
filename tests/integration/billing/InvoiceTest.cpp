// Invoices with the real host and the billing plugin, on SQLite and on MariaDB:
// numbers without gaps or duplicates under 16 concurrent issuers, from two Portals on
// one database, and after a rolled-back issue; tax on the total; adjustments; payments
// applied once however often their event arrives; states that never go back.
#include "InvoicePortal.h"

#include <atomic>
#include <future>
#include <set>
#include <thread>

using namespace molar;
using namespace molar::test;
using billing::InvoiceRefusal;
using billing::InvoiceState;

namespace {

// 2026-12-31T21:30:00Z: half past midnight on 1 January 2027 in Qatar.
std::chrono::system_clock::time_point newYearInQatar()
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(1798752600));
}

std::int64_t count(sdk::Database& db, const std::string& sql, const sdk::Params& params = {})
{
    return db.query(sql, params).row(0).at(0).asInt();
}

template <typename F> std::string refusalOf(F&& work)
{
    try {
        work();
    } catch (const InvoiceRefusal& refusal) {
        return std::to_string(refusal.status()) + " " + refusal.key();
    }
    return "no refusal";
}

// Issues `ids` from `threads` threads at once, each taking the next id; rethrows a failure.
void issueConcurrently(const std::vector<std::pair<billing::InvoiceService*, std::int64_t>>& work)
{
    std::promise<void> go;
    std::shared_future<void> ready = go.get_future().share();
    std::vector<std::future<void>> issuers;
    for (const auto& [service, id] : work)
        issuers.push_back(std::async(std::launch::async, [service = service, id = id, ready] {
            ready.wait();
            service->issue(InvoicePortal::clerk(), id, 0);
        }));
    go.set_value();
    for (auto& issuer : issuers)
        issuer.get();
}

// The numbers given, in order; each must be INV-2026-000001 .. INV-2026-<n>.
void expectNumbersOneTo(sdk::Database& db, int n)
{
    auto rows = db.query("SELECT number FROM billing_invoices WHERE number IS NOT NULL ORDER BY number");
    CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(n), rows.size());
    for (int i = 0; i < n; ++i) {
        char expected[32];
        std::snprintf(expected, sizeof(expected), "INV-2026-%06d", i + 1);
        CPPUNIT_ASSERT_EQUAL(std::string(expected),
                             rows.get(static_cast<std::size_t>(i), "number").toString());
    }
}

// Publishes a payment event as the host's payment service does, in its own transaction.
void publishPayment(InvoicePortal& portal, const std::string& event, std::int64_t invoiceId,
                    const std::string& attempt, const std::string& providerPayment, std::int64_t amountMinor,
                    std::int64_t refundMinor = 0)
{
    sdk::Value payload = sdk::Value::object({{"attemptId", attempt},
                                             {"provider", "bank"},
                                             {"purposeKind", "invoice"},
                                             {"purposeId", std::to_string(invoiceId)},
                                             {"organizationId", portal.pearl()},
                                             {"amountMinor", amountMinor},
                                             {"currency", "QAR"},
                                             {"amountText", "QAR"},
                                             {"reference", "INV"},
                                             {"providerPaymentId", providerPayment}});
    if (refundMinor != 0)
        payload.set("refundMinor", refundMinor);
    portal.db().transaction(
        [&](sdk::Transaction& tx) { portal.portal().events().publish(tx, event, payload); });
}

} // namespace

class InvoiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InvoiceTest);
    CPPUNIT_TEST(sixteenConcurrentIssuersTakeNumbersWithoutGapOrDuplicate);
    CPPUNIT_TEST(twoPortalsOnOneDatabaseNumberWithoutGap);
    CPPUNIT_TEST(aRolledBackIssueLeavesNoGap);
    CPPUNIT_TEST(theYearIsTheLabsAndEachYearCountsFromOne);
    CPPUNIT_TEST(taxIsRoundedOnTheTotalHalfAwayFromZero);
    CPPUNIT_TEST(adjustmentsCarryTheirSignAndReason);
    CPPUNIT_TEST(aPaymentDeliveredFiveTimesCountsOnce);
    CPPUNIT_TEST(statesNeverGoBackwards);
    CPPUNIT_TEST(onlyTheLabsBillingVoidsAndNeverAPaidInvoice);
    CPPUNIT_TEST(aClinicSeesOnlyItsOrganizationsIssuedInvoices);
    CPPUNIT_TEST(issuingTellsTheOwnersAndTheCaseTimeline);
    CPPUNIT_TEST(paymentsAndOverdueTellTheOwnersAndFailuresTheClerks);
    CPPUNIT_TEST_SUITE_END();

public:
    void sixteenConcurrentIssuersTakeNumbersWithoutGapOrDuplicate()
    {
        InvoicePortal portal;
        std::vector<std::pair<billing::InvoiceService*, std::int64_t>> work;
        for (int i = 0; i < 16; ++i)
            work.emplace_back(&portal.invoices(),
                              portal.draftWith(i % 2 ? portal.pearl() : portal.smile(), 1000 + i));
        issueConcurrently(work);
        expectNumbersOneTo(portal.db(), 16);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(16),
                             count(portal.db(), "SELECT last_number FROM billing_invoice_counters "
                                                "WHERE year = 2026"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(16),
                             count(portal.db(), "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                "'invoice.issued'"));
    }

    void twoPortalsOnOneDatabaseNumberWithoutGap()
    {
        if (TestDatabase::backend() != "mysql")
            return; // SQLite is one host's file: two Portals share a database only on MariaDB
        TestDatabase shared;
        const DemoPortal::Settings settings{{"db.url", shared.url()}};
        InvoicePortal a(settings);
        InvoicePortal b(settings);
        std::vector<std::pair<billing::InvoiceService*, std::int64_t>> work;
        for (int i = 0; i < 16; ++i) {
            InvoicePortal& host = i % 2 ? a : b;
            work.emplace_back(&host.invoices(), host.draftWith(host.pearl(), 500 + i));
        }
        issueConcurrently(work);
        expectNumbersOneTo(a.db(), 16);
        expectNumbersOneTo(b.db(), 16);
    }

    void aRolledBackIssueLeavesNoGap()
    {
        InvoicePortal portal;
        const std::int64_t first = portal.draftWith(portal.pearl(), 1000);
        const std::int64_t second = portal.draftWith(portal.pearl(), 2000);
        // The issue takes number 1, then the transaction it ran in fails.
        CPPUNIT_ASSERT_THROW(portal.db().transaction([&](sdk::Transaction& tx) {
            const billing::Invoice issued = portal.invoices().issue(tx, InvoicePortal::clerk(), first, 0);
            CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000001"), issued.number);
            throw std::runtime_error("the caller's work failed after the issue");
        }),
                             std::runtime_error);
        CPPUNIT_ASSERT(InvoiceState::Draft == portal.invoice(first).state);
        CPPUNIT_ASSERT_EQUAL(std::string(""), portal.invoice(first).number);
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000001"),
                             portal.invoices().issue(InvoicePortal::clerk(), second, 0).number);
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000002"),
                             portal.invoices().issue(InvoicePortal::clerk(), first, 0).number);
        // A refused issue (nothing to bill) takes no number either.
        billing::DraftRequest empty;
        empty.organizationId = portal.pearl();
        empty.currency = "QAR";
        const std::int64_t blank = portal.invoices().createDraft(InvoicePortal::clerk(), empty).id;
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.empty"),
                             refusalOf([&] { portal.invoices().issue(InvoicePortal::clerk(), blank, 0); }));
        CPPUNIT_ASSERT_EQUAL(
            std::string("INV-2026-000003"),
            portal.invoices().issue(InvoicePortal::clerk(), portal.draftWith(portal.pearl(), 1), 0).number);
    }

    void theYearIsTheLabsAndEachYearCountsFromOne()
    {
        InvoicePortal portal;
        portal.clock.advance(newYearInQatar() - std::chrono::hours(1) - portal.clock.now()); // 23:30 in Qatar
        CPPUNIT_ASSERT_EQUAL(
            std::string("INV-2026-000001"),
            portal.invoices().issue(InvoicePortal::clerk(), portal.draftWith(portal.pearl(), 1), 0).number);
        portal.clock.advance(std::chrono::hours(1)); // 21:30 UTC, but 2027 in Qatar
        CPPUNIT_ASSERT_EQUAL(
            std::string("INV-2027-000001"),
            portal.invoices().issue(InvoicePortal::clerk(), portal.draftWith(portal.pearl(), 1), 0).number);
        CPPUNIT_ASSERT_EQUAL(
            std::string("INV-2027-000002"),
            portal.invoices().issue(InvoicePortal::clerk(), portal.draftWith(portal.pearl(), 1), 0).number);
    }

    void taxIsRoundedOnTheTotalHalfAwayFromZero()
    {
        InvoicePortal portal(DemoPortal::Settings{{"billing.taxRateBasisPoints", "500"}});
        // Two lines of 1.05: 5 % of each is 0.0525, which would round to 0.05 twice (0.10);
        // on the total, 5 % of 2.10 is 0.105, rounded half away from zero: 0.11.
        const std::int64_t id = portal.draftWith(portal.pearl(), 105);
        billing::ItemRequest again;
        again.itemCode = "zirconia_crown";
        again.price = billing::ItemPrice{105, "QAR", "Zirconia crown"};
        portal.invoices().addItem(InvoicePortal::clerk(), id, again);
        const billing::Invoice issued = portal.invoices().issue(InvoicePortal::clerk(), id, 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(210), issued.subtotalMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(500), issued.taxRateBasisPoints);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(11), issued.taxMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(221), issued.totalMinor);
        // 1005 at 5 % is 50.25: down to 50. Stored as computed.
        const billing::Invoice down =
            portal.invoices().issue(InvoicePortal::clerk(), portal.draftWith(portal.pearl(), 1005), 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(50), down.taxMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1055), portal.invoice(down.id).totalMinor);
        // Two items and a quantity: 3 x 333 = 999 at 5 % is 49.95: up to 50.
        billing::DraftRequest request;
        request.organizationId = portal.pearl();
        request.currency = "QAR";
        const std::int64_t three = portal.invoices().createDraft(InvoicePortal::clerk(), request).id;
        billing::ItemRequest item;
        item.itemCode = "zirconia_crown";
        item.quantity = 3;
        item.price = billing::ItemPrice{333, "QAR", "Zirconia crown"};
        portal.invoices().addItem(InvoicePortal::clerk(), three, item);
        const billing::Invoice up = portal.invoices().issue(InvoicePortal::clerk(), three, 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(999), up.subtotalMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(50), up.taxMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1049), portal.invoice(three).totalMinor);
    }

    void adjustmentsCarryTheirSignAndReason()
    {
        InvoicePortal portal;
        auto& invoices = portal.invoices();
        const auto clerk = InvoicePortal::clerk();
        const std::int64_t id = portal.draftWith(portal.pearl(), 100000); // QAR 1,000.00
        auto adjust = [&](billing::LineKind kind, std::int64_t amount, const std::string& reason) {
            billing::AdjustmentRequest adjustment;
            adjustment.kind = kind;
            adjustment.amountMinor = amount;
            adjustment.reason = reason;
            return invoices.addAdjustment(clerk, id, adjustment);
        };
        const std::string badAmount = "400 billing.invoice.error.amount";
        CPPUNIT_ASSERT_EQUAL(badAmount,
                             refusalOf([&] { adjust(billing::LineKind::RemakeCredit, 5000, "remake"); }));
        CPPUNIT_ASSERT_EQUAL(badAmount,
                             refusalOf([&] { adjust(billing::LineKind::ExpediteFee, -5000, "rush"); }));
        CPPUNIT_ASSERT_EQUAL(badAmount,
                             refusalOf([&] { adjust(billing::LineKind::ManualCredit, 0, "nothing"); }));
        CPPUNIT_ASSERT_EQUAL(std::string("400 billing.invoice.error.reason"),
                             refusalOf([&] { adjust(billing::LineKind::ManualCredit, -100, "   "); }));
        CPPUNIT_ASSERT_EQUAL(std::string("400 billing.invoice.error.kind"),
                             refusalOf([&] { adjust(billing::LineKind::Item, 100, "an item"); }));
        CPPUNIT_ASSERT_EQUAL(std::string("400 billing.invoice.error.amount"), refusalOf([&] {
                                 adjust(billing::LineKind::ManualCredit, 2000000000000LL, "huge");
                             }));

        const auto remake = adjust(billing::LineKind::RemakeCredit, -30000, " shade did not match ");
        CPPUNIT_ASSERT_EQUAL(std::string("shade did not match"), remake.reason);
        adjust(billing::LineKind::ExpediteFee, 15000, "ready in two days");
        adjust(billing::LineKind::ManualCredit, -2550, "loyalty");
        adjust(billing::LineKind::ManualCredit, 1000, "courier");
        const billing::Invoice draft = portal.invoice(id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), draft.lines.size());
        CPPUNIT_ASSERT(billing::LineKind::RemakeCredit == draft.lines[1].kind);
        CPPUNIT_ASSERT_EQUAL(2, draft.lines[1].position);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000 - 30000 + 15000 - 2550 + 1000), draft.subtotalMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(83450), draft.totalMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5),
                             count(portal.db(), "SELECT COUNT(*) FROM molar_audit WHERE action "
                                                "IN ('invoice.adjusted', 'invoice.line_added')"));

        // Credits beyond the charges make no invoice; once issued, the lines are fixed.
        const std::int64_t small = portal.draftWith(portal.pearl(), 1000);
        billing::AdjustmentRequest tooMuch;
        tooMuch.kind = billing::LineKind::RemakeCredit;
        tooMuch.amountMinor = -1001;
        tooMuch.reason = "remade twice";
        invoices.addAdjustment(clerk, small, tooMuch);
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.negativeTotal"),
                             refusalOf([&] { invoices.issue(clerk, small, 0); }));
        invoices.issue(clerk, id, 0);
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.notDraft"),
                             refusalOf([&] { adjust(billing::LineKind::ManualCredit, -100, "late"); }));
        // A price in another currency than the invoice's is refused.
        billing::ItemRequest dollars;
        dollars.itemCode = "zirconia_crown";
        dollars.price = billing::ItemPrice{100, "USD", "Zirconia crown"};
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.currencyMismatch"),
                             refusalOf([&] { invoices.addItem(clerk, small, dollars); }));
        // Without a price (no price list, no quote) an item cannot be billed.
        billing::ItemRequest unpriced;
        unpriced.itemCode = "zirconia_crown";
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.noPrice"),
                             refusalOf([&] { invoices.addItem(clerk, small, unpriced); }));
    }

    void aPaymentDeliveredFiveTimesCountsOnce()
    {
        InvoicePortal portal;
        std::atomic<int> paidEvents{0};
        portal.portal().events().on("test", "invoice.paid",
                                    [&](sdk::Transaction&, const sdk::Event&) { ++paidEvents; });
        auto dentist = portal.pearlDentist();
        const std::int64_t caseId = portal.completeCrownDraft(*dentist, "P-700");
        portal.submit(*dentist, caseId);
        const std::int64_t id = portal.draftWith(portal.pearl(), 100000, caseId);
        portal.invoices().issue(InvoicePortal::clerk(), id, 0);

        for (int i = 0; i < 5; ++i)
            publishPayment(portal, "payment.succeeded", id, "att-1", "bank-1", 40000);
        billing::Invoice invoice = portal.invoice(id);
        CPPUNIT_ASSERT(InvoiceState::PartlyPaid == invoice.state);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), invoice.paidMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), portal.invoices().payments(id).size());

        // The rest, in another transfer of the same attempt, also five times.
        for (int i = 0; i < 5; ++i)
            publishPayment(portal, "payment.succeeded", id, "att-1", "bank-2", 60000);
        invoice = portal.invoice(id);
        CPPUNIT_ASSERT(InvoiceState::Paid == invoice.state);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), invoice.paidMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), portal.invoices().payments(id).size());
        CPPUNIT_ASSERT_EQUAL(1, paidEvents.load());
        // The case's timeline shows the invoice and each payment once.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(portal.db(),
                                                    "SELECT COUNT(*) FROM cases_activity WHERE case_id = ? "
                                                    "AND kind = 'invoice'",
                                                    {caseId}));
        auto payments = portal.db().query(
            "SELECT link FROM cases_activity WHERE case_id = ? AND kind = 'payment' ORDER BY id", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), payments.size());
        MOLAR_ASSERT_CONTAINS("Payment of QAR\u00a0400.00 received for invoice " + invoice.number,
                              dentist->get("/cases/" + std::to_string(caseId)).body);
        CPPUNIT_ASSERT_EQUAL("/billing/invoices/" + std::to_string(id), payments.get(0, "link").toString());

        // Another purpose, an unknown invoice or another currency change nothing, and the
        // payment service's transaction still commits.
        publishPayment(portal, "payment.succeeded", 999999, "att-2", "bank-3", 100);
        sdk::Value topup = sdk::Value::object({{"attemptId", "att-3"},
                                               {"purposeKind", "topup"},
                                               {"purposeId", std::to_string(id)},
                                               {"amountMinor", 100},
                                               {"currency", "QAR"},
                                               {"providerPaymentId", "bank-4"}});
        portal.db().transaction(
            [&](sdk::Transaction& tx) { portal.portal().events().publish(tx, "payment.succeeded", topup); });
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), portal.invoices().payments(id).size());
    }

    void statesNeverGoBackwards()
    {
        InvoicePortal portal;
        auto& invoices = portal.invoices();
        const auto clerk = InvoicePortal::clerk();
        const std::int64_t id = portal.draftWith(portal.pearl(), 10000);
        const auto due = portal.clock.now() + std::chrono::hours(24 * 30);
        const std::int64_t dueAt =
            std::chrono::duration_cast<std::chrono::milliseconds>(due.time_since_epoch()).count();
        CPPUNIT_ASSERT_EQUAL(std::string("400 billing.invoice.error.dueAt"),
                             refusalOf([&] { invoices.issue(clerk, id, dueAt - 31LL * 24 * 3600 * 1000); }));
        invoices.issue(clerk, id, dueAt);
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.notDraft"),
                             refusalOf([&] { invoices.issue(clerk, id, 0); }));
        auto markOverdue = [&] {
            bool changed = false;
            portal.db().transaction([&](sdk::Transaction& tx) { changed = invoices.markOverdue(tx, id); });
            return changed;
        };
        CPPUNIT_ASSERT(!markOverdue()); // not due yet
        publishPayment(portal, "payment.succeeded", id, "att-1", "bank-1", 2500);
        CPPUNIT_ASSERT(InvoiceState::PartlyPaid == portal.invoice(id).state);
        portal.clock.advance(std::chrono::hours(24 * 30) + std::chrono::minutes(1));
        // Past due, the portal's own hourly sweep (billing.overdue) may be first: either way once.
        markOverdue();
        CPPUNIT_ASSERT(!markOverdue());
        CPPUNIT_ASSERT(InvoiceState::Overdue == portal.invoice(id).state);
        // A partial payment leaves it overdue; the rest pays it.
        publishPayment(portal, "payment.succeeded", id, "att-2", "bank-2", 2500);
        CPPUNIT_ASSERT(InvoiceState::Overdue == portal.invoice(id).state);
        publishPayment(portal, "payment.succeeded", id, "att-2", "bank-3", 5000);
        CPPUNIT_ASSERT(InvoiceState::Paid == portal.invoice(id).state);
        // Paid is final: no overdue, a late duplicate, an overpayment or a refund moves it.
        CPPUNIT_ASSERT(!markOverdue());
        publishPayment(portal, "payment.succeeded", id, "att-1", "bank-1", 2500);
        publishPayment(portal, "payment.succeeded", id, "att-4", "bank-9", 100);
        publishPayment(portal, "payment.refunded", id, "att-2", "bank-3", 5000, 1000);
        publishPayment(portal, "payment.refunded", id, "att-2", "bank-3", 5000, 1000);
        const billing::Invoice paid = portal.invoice(id);
        CPPUNIT_ASSERT(InvoiceState::Paid == paid.state);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10100), paid.paidMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000), paid.refundedMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(portal.db(), "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                "'invoice.overdue'"));
    }

    void onlyTheLabsBillingVoidsAndNeverAPaidInvoice()
    {
        InvoicePortal portal;
        auto& invoices = portal.invoices();
        const std::int64_t id = portal.draftWith(portal.pearl(), 10000);
        invoices.issue(InvoicePortal::clerk(), id, 0);
        billing::InvoiceCaller technician = InvoicePortal::clerk();
        technician.role = "technician";
        billing::InvoiceCaller owner = InvoicePortal::clerk();
        owner.side = "clinic";
        owner.role = "owner";
        owner.organizationId = portal.pearl();
        for (const auto& caller : {technician, owner})
            CPPUNIT_ASSERT_EQUAL(std::string("403 billing.invoice.error.forbidden"),
                                 refusalOf([&] { invoices.voidInvoice(caller, id, "wrong clinic"); }));
        CPPUNIT_ASSERT_EQUAL(std::string("400 billing.invoice.error.reason"),
                             refusalOf([&] { invoices.voidInvoice(InvoicePortal::clerk(), id, ""); }));
        billing::InvoiceCaller admin = InvoicePortal::clerk();
        admin.role = "admin";
        const billing::Invoice voided = invoices.voidInvoice(admin, id, "billed to the wrong clinic");
        CPPUNIT_ASSERT(InvoiceState::Void == voided.state);
        CPPUNIT_ASSERT_EQUAL(std::string("billed to the wrong clinic"), portal.invoice(id).voidReason);
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.void"),
                             refusalOf([&] { invoices.voidInvoice(admin, id, "again"); }));
        // Money that still arrives for a void invoice is recorded, and the invoice stays void.
        publishPayment(portal, "payment.succeeded", id, "att-1", "bank-1", 10000);
        CPPUNIT_ASSERT(InvoiceState::Void == portal.invoice(id).state);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), portal.invoice(id).paidMinor);

        const std::int64_t paid = portal.draftWith(portal.pearl(), 10000);
        invoices.issue(InvoicePortal::clerk(), paid, 0);
        publishPayment(portal, "payment.succeeded", paid, "att-2", "bank-2", 10000);
        CPPUNIT_ASSERT_EQUAL(std::string("409 billing.invoice.error.paid"),
                             refusalOf([&] { invoices.voidInvoice(admin, paid, "changed our mind"); }));
        CPPUNIT_ASSERT(InvoiceState::Paid == portal.invoice(paid).state);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(portal.db(), "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                "'invoice.voided'"));
    }

    void aClinicSeesOnlyItsOrganizationsIssuedInvoices()
    {
        InvoicePortal portal;
        auto& invoices = portal.invoices();
        const std::int64_t draft = portal.draftWith(portal.pearl(), 100);
        const std::int64_t pearls = portal.draftWith(portal.pearl(), 200);
        const std::int64_t smiles = portal.draftWith(portal.smile(), 300);
        invoices.issue(InvoicePortal::clerk(), pearls, 0);
        invoices.issue(InvoicePortal::clerk(), smiles, 0);
        CPPUNIT_ASSERT(invoices.find(pearls, portal.pearl()));
        CPPUNIT_ASSERT(!invoices.find(smiles, portal.pearl()));
        CPPUNIT_ASSERT(!invoices.find(draft, portal.pearl()));
        billing::InvoiceCaller dentist;
        dentist.side = "clinic";
        dentist.role = "dentist";
        dentist.organizationId = portal.pearl();
        CPPUNIT_ASSERT_EQUAL(std::string("404 billing.invoice.error.notFound"),
                             refusalOf([&] { invoices.visible(dentist, smiles); }));
        CPPUNIT_ASSERT_EQUAL(std::string("404 billing.invoice.error.notFound"),
                             refusalOf([&] { invoices.visible(dentist, draft); }));
        billing::InvoiceQuery everything;
        everything.states = {InvoiceState::Draft, InvoiceState::Issued};
        const billing::InvoicePage page = invoices.listFor(dentist, everything);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), page.invoices.size());
        CPPUNIT_ASSERT_EQUAL(pearls, page.invoices[0].id);

        // The lab's list pages by id, newest first.
        billing::InvoiceQuery firstPage;
        firstPage.limit = 2;
        const billing::InvoicePage one = invoices.list(firstPage);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), one.invoices.size());
        CPPUNIT_ASSERT_EQUAL(smiles, one.invoices[0].id);
        CPPUNIT_ASSERT_EQUAL(pearls, one.nextBeforeId);
        billing::InvoiceQuery secondPage = firstPage;
        secondPage.beforeId = one.nextBeforeId;
        const billing::InvoicePage two = invoices.list(secondPage);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), two.invoices.size());
        CPPUNIT_ASSERT_EQUAL(draft, two.invoices[0].id);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), two.nextBeforeId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), invoices.countByState(0)[InvoiceState::Issued]);

        // A draft names an organization that exists, and a clinic of it.
        billing::DraftRequest nobody;
        nobody.organizationId = 999999;
        nobody.currency = "QAR";
        CPPUNIT_ASSERT_EQUAL(std::string("404 billing.invoice.error.organization"),
                             refusalOf([&] { invoices.createDraft(InvoicePortal::clerk(), nobody); }));
        billing::DraftRequest otherClinic;
        otherClinic.organizationId = portal.pearl();
        otherClinic.clinicId = portal.firstClinicOf("owner@smile.example");
        otherClinic.currency = "QAR";
        CPPUNIT_ASSERT_EQUAL(std::string("404 billing.invoice.error.clinic"),
                             refusalOf([&] { invoices.createDraft(InvoicePortal::clerk(), otherClinic); }));
        otherClinic.clinicId = portal.firstClinicOf("owner@pearl.example");
        otherClinic.currency = "qar";
        CPPUNIT_ASSERT_EQUAL(std::string("400 billing.invoice.error.currency"),
                             refusalOf([&] { invoices.createDraft(InvoicePortal::clerk(), otherClinic); }));
        otherClinic.currency = "QAR";
        CPPUNIT_ASSERT_EQUAL(portal.firstClinicOf("owner@pearl.example"),
                             invoices.createDraft(InvoicePortal::clerk(), otherClinic).clinicId);
    }

    void issuingTellsTheOwnersAndTheCaseTimeline()
    {
        InvoicePortal portal(DemoPortal::Settings{{"notifications.logChannels", "email"}});
        std::vector<sdk::Value> issued;
        portal.portal().events().on(
            "test", "invoice.issued",
            [&](sdk::Transaction&, const sdk::Event& event) { issued.push_back(event.payload); });
        auto dentist = portal.pearlDentist();
        const std::int64_t caseId = portal.completeCrownDraft(*dentist, "P-701");
        portal.submit(*dentist, caseId);
        const std::int64_t id = portal.draftWith(portal.pearl(), 125050, caseId);
        const billing::Invoice invoice = portal.invoices().issue(InvoicePortal::clerk(), id, 0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), issued.size());
        const sdk::Value& payload = issued[0];
        CPPUNIT_ASSERT_EQUAL(id, payload.getInt("invoiceId"));
        CPPUNIT_ASSERT_EQUAL(invoice.number, payload.getString("number"));
        CPPUNIT_ASSERT_EQUAL(portal.pearl(), payload.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(caseId, payload.getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), payload.getInt("totalMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 1,250.50"), payload.getString("totalText"));
        CPPUNIT_ASSERT_EQUAL("/billing/invoices/" + std::to_string(id), payload.getString("invoicePath"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), payload.getString("dueDate"));
        // The organization's owner is told; the dentist who is no owner is not.
        for (int i = 0;
             i < 500 && count(portal.db(), "SELECT COUNT(*) FROM molar_jobs WHERE state <> 'done'") > 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        auto told =
            portal.db().query("SELECT u.email, n.content FROM molar_notifications n JOIN molar_users u ON "
                              "u.id = n.user_id WHERE n.rule = 'invoice_issued'");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), told.size());
        CPPUNIT_ASSERT_EQUAL(std::string("owner@pearl.example"), told.get(0, "email").toString());
        CPPUNIT_ASSERT(told.get(0, "content").toString().find(invoice.number) != std::string::npos);
        // The case's timeline has the invoice, linked.
        auto timeline = portal.db().query(
            "SELECT summary, link FROM cases_activity WHERE case_id = ? AND kind = 'invoice'", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), timeline.size());
        CPPUNIT_ASSERT_EQUAL("/billing/invoices/" + std::to_string(id), timeline.get(0, "link").toString());
    }

    void paymentsAndOverdueTellTheOwnersAndFailuresTheClerks()
    {
        InvoicePortal portal(DemoPortal::Settings{{"notifications.logChannels", "email"}});
        const std::int64_t id = portal.draftWith(portal.pearl(), 10000);
        portal.invoices().issue(InvoicePortal::clerk(), id, 0);
        publishPayment(portal, "payment.succeeded", id, "att-1", "bank-1", 4000);
        publishPayment(portal, "payment.failed", id, "att-2", "", 6000);
        portal.clock.advance(std::chrono::minutes(1));
        portal.db().transaction(
            [&](sdk::Transaction& tx) { CPPUNIT_ASSERT(portal.invoices().markOverdue(tx, id)); });
        // A top-up's payment is the credits' to tell of, not billing's.
        sdk::Value topup = sdk::Value::object({{"attemptId", "att-3"},
                                               {"provider", "bank"},
                                               {"purposeKind", "topup"},
                                               {"purposeId", "7"},
                                               {"organizationId", portal.pearl()},
                                               {"amountMinor", 100},
                                               {"currency", "QAR"},
                                               {"amountText", "QAR 1.00"},
                                               {"reference", "TOPUP"},
                                               {"providerPaymentId", "bank-4"}});
        portal.db().transaction(
            [&](sdk::Transaction& tx) { portal.portal().events().publish(tx, "payment.succeeded", topup); });
        for (int i = 0;
             i < 500 && count(portal.db(), "SELECT COUNT(*) FROM molar_jobs WHERE state <> 'done'") > 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        auto toldOf = [&](const std::string& rule) {
            auto rows =
                portal.db().query("SELECT u.email FROM molar_notifications n JOIN molar_users u ON u.id = "
                                  "n.user_id WHERE n.rule = ? ORDER BY u.email",
                                  {rule});
            std::string emails;
            for (std::size_t i = 0; i < rows.size(); ++i)
                emails += (i ? " " : "") + rows.get(i, "email").toString();
            return emails;
        };
        CPPUNIT_ASSERT_EQUAL(std::string("owner@pearl.example"), toldOf("payment_received"));
        CPPUNIT_ASSERT_EQUAL(std::string("billing@lab.example"), toldOf("payment_failed"));
        CPPUNIT_ASSERT_EQUAL(std::string("owner@pearl.example"), toldOf("invoice_overdue"));
        auto overdue =
            portal.db().query("SELECT content FROM molar_notifications WHERE rule = 'invoice_overdue'");
        CPPUNIT_ASSERT_MESSAGE(overdue.get(0, "content").toString(),
                               overdue.get(0, "content").toString().find("QAR\u00a060.00") !=
                                   std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InvoiceTest);

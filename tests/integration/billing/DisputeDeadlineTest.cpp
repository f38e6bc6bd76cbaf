// A dispute's deadline and reason from the provider: when the payment service reports a
// dispute opened, billing's job asks the provider (Payments::dispute) and keeps what it
// tells; the lab's dashboard and disputes page show "Respond by" in the lab's time zone,
// the soonest deadline first, and the reason in the reader's words. A provider that
// cannot tell leaves the dispute without a deadline. Both databases.
#include "SavedCardsPortal.h"

#include "TestDatabase.h"

using namespace molar;
using namespace molar::test;

namespace {

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class DisputeDeadlineTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DisputeDeadlineTest);
    CPPUNIT_TEST(theDeadlineAndReasonComeFromTheProvider);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<SavedCardsPortal> _cards;

public:
    void setUp() override { _cards = std::make_unique<SavedCardsPortal>(); }
    void tearDown() override { _cards.reset(); }

    void openDispute(const std::string& attempt, const std::string& disputeId)
    {
        sdk::PaymentEvent e;
        e.providerEventId = "evt_" + disputeId;
        e.kind = sdk::PaymentEventKind::DisputeOpened;
        e.idempotencyKey = attempt;
        e.providerPaymentId = "cs_" + attempt;
        e.amount = {6000, "QAR"};
        e.disputeId = disputeId;
        CPPUNIT_ASSERT(_cards->portal().payments().record(TestCardProvider::name, e));
    }

    void theDeadlineAndReasonComeFromTheProvider()
    {
        const std::int64_t first = _cards->issuedInvoice(_cards->pearl(), "INV-2026-000601", 12000);
        const std::int64_t second = _cards->issuedInvoice(_cards->pearl(), "INV-2026-000602", 12000);
        const std::int64_t third = _cards->issuedInvoice(_cards->pearl(), "INV-2026-000603", 12000);
        const std::string a = _cards->paidByCard(first), b = _cards->paidByCard(second),
                          c = _cards->paidByCard(third);
        // dp_late answers by 2026-05-30 20:59 UTC (23:59 in Qatar), dp_soon by 2026-05-19 20:59 UTC;
        // the provider knows nothing of dp_unknown.
        sdk::DisputeFacts late;
        late.disputeId = "dp_late";
        late.reason = "product_not_received";
        late.status = "needs_response";
        late.evidenceDueAtMillis = 1780174740000;
        sdk::DisputeFacts soon = late;
        soon.disputeId = "dp_soon";
        soon.reason = "fraudulent";
        soon.evidenceDueAtMillis = 1779224340000;
        _cards->provider->addDispute(late);
        _cards->provider->addDispute(soon);
        openDispute(a, "dp_late");
        openDispute(b, "dp_soon");
        openDispute(c, "dp_unknown");

        CPPUNIT_ASSERT(
            _cards->waitFor("SELECT COUNT(*) FROM billing_disputes WHERE dispute_id = 'dp_late' AND "
                            "evidence_due_at = 1780174740000 AND reason = 'product_not_received'"));
        CPPUNIT_ASSERT(
            _cards->waitFor("SELECT COUNT(*) FROM billing_disputes WHERE dispute_id = 'dp_soon' AND "
                            "evidence_due_at = 1779224340000 AND reason = 'fraudulent'"));
        // The job for dp_unknown ran and found nothing: no deadline.
        CPPUNIT_ASSERT(
            _cards->waitFor("SELECT CASE WHEN COUNT(*) = 3 THEN 1 ELSE 0 END FROM molar_jobs WHERE "
                            "name = 'billing.dispute-facts' AND state = 'done'"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            _cards->count("SELECT evidence_due_at FROM billing_disputes WHERE dispute_id = 'dp_unknown'"));

        auto clerk = _cards->clerk();
        const Answer list = clerk->get("/lab/billing/disputes");
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        const auto soonAt = list.body.find("Respond by May 19, 2026, 11:59\u202fPM");
        const auto lateAt = list.body.find("Respond by May 30, 2026, 11:59\u202fPM");
        CPPUNIT_ASSERT_MESSAGE(list.body, soonAt != std::string::npos && lateAt != std::string::npos);
        CPPUNIT_ASSERT(soonAt < lateAt);
        // Without a deadline, after those with one.
        CPPUNIT_ASSERT(lateAt < list.body.find("INV-2026-000603"));
        CPPUNIT_ASSERT(has(list.body, "<td>Fraudulent</td>"));
        CPPUNIT_ASSERT(has(list.body, "<td>Not received</td>"));
        CPPUNIT_ASSERT(has(list.body, "(<span dir=\"ltr\" translate=\"no\">Asia/Qatar</span>)"));

        const Answer board = clerk->get("/lab/billing");
        CPPUNIT_ASSERT_EQUAL(200, board.status);
        const auto boardSoon = board.body.find("Respond by May 19, 2026, 11:59\u202fPM");
        CPPUNIT_ASSERT_MESSAGE(board.body, boardSoon != std::string::npos);
        CPPUNIT_ASSERT(boardSoon < board.body.find("Respond by May 30, 2026, 11:59\u202fPM"));
        CPPUNIT_ASSERT(has(board.body, "Open disputes: <strong translate=\"no\">3</strong>"));

        // Won: no longer a deadline to meet.
        sdk::PaymentEvent won;
        won.providerEventId = "evt_won";
        won.kind = sdk::PaymentEventKind::DisputeClosed;
        won.idempotencyKey = b;
        won.providerPaymentId = "cs_" + b;
        won.disputeId = "dp_soon";
        won.disputeOutcome = "won";
        CPPUNIT_ASSERT(_cards->portal().payments().record(TestCardProvider::name, won));
        CPPUNIT_ASSERT(!has(clerk->get("/lab/billing").body, "May 19, 2026, 11:59\u202fPM"));
        CPPUNIT_ASSERT(!has(clerk->get("/lab/billing/disputes").body, "Respond by May 19, 2026"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DisputeDeadlineTest);

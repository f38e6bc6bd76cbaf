// 32 cases of one credits organization received at once, with a balance for exactly 20 of
// them: 20 are debited, 12 held, none twice, the balance never below zero and always the
// ledger's sum; then one top-up pays the held ones. By threads on one Portal (both
// databases), and by two Portals (hosts) sharing one MariaDB database.
#include "CreditsPortal.h"

#include <future>
#include <set>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

const std::int64_t kCrown = 45000; // QAR 450.00: the zirconia crown's default price
const int kCases = 32;
const int kPaid = 20;
const std::int64_t kLeft = 10000; // QAR 100.00: too little for one more

void addBalance(CreditsPortal& p, std::int64_t organization, std::int64_t minor)
{
    p.db().transaction([&](sdk::Transaction& tx) {
        credits::CreditAccount account = p.ledger().lock(tx, organization, p.nowMillis());
        credits::LedgerEntry entry;
        entry.organizationId = organization;
        entry.kind = credits::EntryKind::Adjustment;
        entry.amountMinor = minor;
        entry.currency = "QAR";
        entry.sourceKey = "adjustment:concurrent-opening";
        entry.reason = "Opening balance";
        entry.createdAt = p.nowMillis();
        CPPUNIT_ASSERT(p.ledger().append(tx, account, entry));
    });
}

// Submits every draft at once, each from its own copy of a signed-in browser (the
// browser of the Portal the draft is to reach); answers the HTTP answers.
struct Submitted
{
    int status = 0;
    std::string body;
};

std::vector<Submitted> submitAtOnce(const std::vector<std::pair<HttpBrowser*, std::int64_t>>& drafts)
{
    std::promise<void> go;
    std::shared_future<void> ready = go.get_future().share();
    std::vector<Submitted> answers(drafts.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < drafts.size(); ++i)
        threads.emplace_back([&, i, ready] {
            HttpBrowser browser(*drafts[i].first);
            ready.wait();
            try {
                const Answer answer =
                    browser.post("/cases/" + std::to_string(drafts[i].second) + "/submit", {});
                answers[i] = {answer.status, answer.body};
            } catch (const std::exception& e) {
                answers[i].status = -1;
                answers[i].body = e.what();
            }
        });
    go.set_value();
    for (auto& t : threads)
        t.join();
    return answers;
}

// What must hold after the receptions, and after a top-up pays the held cases.
void expectPaidOrHeldOnce(CreditsPortal& p, std::int64_t org, const std::vector<std::int64_t>& ids)
{
    std::int64_t debited = 0, held = 0;
    for (std::int64_t id : ids) {
        const std::int64_t debits =
            p.count("SELECT COUNT(*) FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {id});
        const std::int64_t holds = p.count("SELECT COUNT(*) FROM credits_holds WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_MESSAGE("case " + std::to_string(id) + " debited at most once", debits <= 1);
        CPPUNIT_ASSERT_MESSAGE("case " + std::to_string(id) + " debited or held", debits + holds >= 1);
        debited += debits;
        held += holds == 1 && debits == 0 ? 1 : 0;
        const std::string status = p.status(id);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("case " + std::to_string(id),
                                     std::string(debits ? "received" : "awaiting_credit"), status);
    }
    CPPUNIT_ASSERT_EQUAL(std::int64_t(kPaid), debited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t(kCases - kPaid), held);
    CPPUNIT_ASSERT_EQUAL(
        std::int64_t(kCases - kPaid),
        p.count("SELECT COUNT(*) FROM credits_holds WHERE organization_id = ? AND state = 'held'", {org}));
    CPPUNIT_ASSERT_EQUAL(kLeft, p.balance(org));
    p.assertBalanced(org, "after the receptions");
    // Every debit paid its own invoice.
    CPPUNIT_ASSERT_EQUAL(
        std::int64_t(kPaid),
        p.count("SELECT COUNT(DISTINCT l.invoice_id) FROM credits_ledger l JOIN billing_invoices i "
                "ON i.id = l.invoice_id WHERE l.kind = 'debit' AND l.organization_id = ? AND "
                "i.state = 'paid'",
                {org}));

    // One pack pays the twelve held cases, each once.
    p.toppedUp(org, "starter"); // QAR 10,000.00
    for (std::int64_t id : ids) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "case " + std::to_string(id), std::int64_t(1),
            p.count("SELECT COUNT(*) FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {id}));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), p.status(id));
    }
    CPPUNIT_ASSERT_EQUAL(
        std::int64_t(0),
        p.count("SELECT COUNT(*) FROM credits_holds WHERE organization_id = ? AND state = 'held'", {org}));
    CPPUNIT_ASSERT_EQUAL(kLeft + 1000000 - (kCases - kPaid) * kCrown, p.balance(org));
    p.assertBalanced(org, "after the top-up");
}

} // namespace

class ConcurrentReceptionsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConcurrentReceptionsTest);
    CPPUNIT_TEST(receptionsAtOnceDebitWhatTheBalanceCoversAndHoldTheRest);
    CPPUNIT_TEST(twoHostsOnOneDatabaseNeverOverdrawNorDebitTwice);
    CPPUNIT_TEST_SUITE_END();

public:
    void receptionsAtOnceDebitWhatTheBalanceCoversAndHoldTheRest()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        addBalance(p, pearl, kPaid * kCrown + kLeft);
        auto dentist = p.pearlDentist();
        std::vector<std::int64_t> ids;
        std::vector<std::pair<HttpBrowser*, std::int64_t>> drafts;
        for (int i = 0; i < kCases; ++i) {
            ids.push_back(p.completeCrownDraft(*dentist, "P-T" + std::to_string(i)));
            drafts.emplace_back(dentist.get(), ids.back());
        }
        for (const Submitted& answer : submitAtOnce(drafts))
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
        p.settle();
        expectPaidOrHeldOnce(p, pearl, ids);
    }

    void twoHostsOnOneDatabaseNeverOverdrawNorDebitTwice()
    {
        // Hosts share a MariaDB server; a SQLite file belongs to one host (the threads above).
        if (TestDatabase::backend() != "mysql")
            return;
        TestDatabase shared;
        const DemoPortal::Settings settings{{"db.url", shared.url()}, {"jobs.workers", "2"}};
        CreditsPortal a(settings);
        CreditsPortal b(settings);
        const std::int64_t pearl = a.pearl();
        a.useCredits(pearl);
        addBalance(a, pearl, kPaid * kCrown + kLeft);
        auto onA = a.pearlDentist();
        auto onB = b.pearlDentist();
        std::vector<std::int64_t> ids;
        std::vector<std::pair<HttpBrowser*, std::int64_t>> drafts;
        for (int i = 0; i < kCases; ++i) {
            ids.push_back(a.completeCrownDraft(*onA, "P-H" + std::to_string(i)));
            drafts.emplace_back(i % 2 ? onB.get() : onA.get(), ids.back()); // 16 through each host
        }
        for (const Submitted& answer : submitAtOnce(drafts))
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
        a.settle();
        b.settle();
        std::set<std::string> numbers;
        for (std::int64_t id : ids)
            numbers.insert(a.number(id));
        CPPUNIT_ASSERT_EQUAL(ids.size(), numbers.size());
        expectPaidOrHeldOnce(a, pearl, ids);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConcurrentReceptionsTest);

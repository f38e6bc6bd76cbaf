// Prepaid credits through the real molard killed (`kill -9`) at random moments while the
// billing clerk records the bank transfers that pay Pearl Dental's credit packs and Pearl's
// dentist sends cases that the balance pays (or that wait for credit), started again on the
// same database each time. After each restart, and at the end once everything was sent
// again: every balance is the sum of its ledger and never negative; every transfer kept
// before the kill is counted once, by pay-bank, the host and the credits plugin alike (the
// untold receipts are told by the restarted molard); each pack is credited once when its
// price is in, never twice; each case is debited at most once, and each sent case is paid
// or waiting, never both.
#include "CrashRig.h"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <set>

using namespace molar;
using namespace molar::test;

namespace {

// One of each pack: a pack already waiting for a transfer is shown again, not bought twice.
const std::vector<std::string> kPacks{"starter", "growth", "practice", "group"};
constexpr int kCases = 48;
constexpr int kThreads = 3;
constexpr int kCrashes = 3;

struct Transfer
{
    std::size_t topup = 0;
    std::int64_t amount = 0;
    std::string bankId;
};

struct PlannedTopUp
{
    std::int64_t id = 0;
    std::string attempt;
    std::string reference;
    std::int64_t price = 0;
    std::int64_t credits = 0;
    std::int64_t planned = 0; // the sum of its transfers
};

// A zirconia crown on tooth 11 by Pearl's dentist, complete but not sent: its path.
std::string crownDraft(HttpBrowser& dentist, std::int64_t clinic, int n, Problems& problems)
{
    const Answer created = dentist.post(
        "/cases/new", {{"patientRef", "CREDIT-" + std::to_string(n)}, {"clinic", std::to_string(clinic)}});
    if (created.status != 303) {
        problems.add("new case: " + std::to_string(created.status));
        return "";
    }
    const std::string location = created.header("Location");
    const std::string base = location.substr(0, location.find("/edit/"));
    for (const auto& [step, form] : std::vector<std::pair<std::string, Form>>{
             {"/edit/product", {{"product", "zirconia_crown"}}},
             {"/edit/teeth", {{"numbering", "fdi"}, {"tooth-11", "crown"}}},
             {"/edit/shade", {{"shade", "classical:A2"}}},
             {"/edit/fields", {{"field-margin", "chamfer"}}},
             {"/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}}}) {
        const Answer answer = dentist.post(base + step, form);
        if (answer.status != 303) {
            problems.add(base + step + ": " + std::to_string(answer.status));
            return "";
        }
    }
    return base;
}

void crashFromThread(CrashRig& rig, Problems& problems)
{
    try {
        rig.crash();
    } catch (const std::exception& e) {
        problems.add(std::string("the crash itself failed: ") + e.what());
    }
}

} // namespace

class CreditsCrashTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CreditsCrashTest);
    CPPUNIT_TEST(testTopUpsByTransferAndDebitsCutShortByCrashesCountOnce);
    CPPUNIT_TEST_SUITE_END();

    // The clerk records every transfer not kept yet, and the dentist sends every draft not
    // sent yet, `kThreads` of each at once; with `crash`, molard is killed once a random
    // number of them (at most half) were answered, and a few milliseconds more. Without it
    // every answer must be a success (or, for a transfer kept before, 409).
    static void work(CrashRig& rig, HttpBrowser& clerk, HttpBrowser& dentist,
                     const std::vector<Transfer>& transfers, const std::vector<PlannedTopUp>& topups,
                     const std::vector<std::string>& drafts, bool crash, Problems& problems)
    {
        std::vector<std::unique_ptr<HttpBrowser>> clerks;
        std::vector<std::unique_ptr<HttpBrowser>> dentists;
        for (int t = 0; t < kThreads; ++t) {
            clerks.push_back(rig.sameSession(clerk));
            dentists.push_back(rig.sameSession(dentist));
        }
        const std::string valueDate = yesterdayUtc();
        std::vector<Transfer> unkept;
        for (const auto& transfer : transfers)
            if (crash &&
                rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE bank_transaction_id = ?",
                          {transfer.bankId}) == 0)
                unkept.push_back(transfer);
        if (!crash)
            unkept = transfers; // all again: those kept are refused as kept
        std::vector<std::string> unsent;
        for (const auto& path : drafts)
            if (rig.count("SELECT COUNT(*) AS n FROM cases_cases WHERE id = ? AND status = 'draft'",
                          {caseIdOf(path)}) == 1)
                unsent.push_back(path);
        std::atomic<std::int64_t> answered{0};
        std::atomic<int> working{2 * kThreads};
        std::thread killer;
        if (crash)
            killer = std::thread(
                [&,
                 target = rig.between(
                     1,
                     std::max<std::int64_t>(1, static_cast<std::int64_t>(unkept.size() + unsent.size()) / 2)),
                 extra = rig.between(0, 30)] {
                    CrashRig::waitFor([&] { return answered >= target || working == 0; },
                                      std::chrono::seconds(60));
                    std::this_thread::sleep_for(std::chrono::milliseconds(extra));
                    crashFromThread(rig, problems);
                });
        CrashRig::together(2 * kThreads, [&](int t) {
            const auto at = static_cast<std::size_t>(t % kThreads);
            struct Done
            {
                std::atomic<int>& working;
                ~Done() { --working; }
            } done{working};
            if (t < kThreads) {
                for (std::size_t i = at; i < unkept.size(); i += kThreads) {
                    const Transfer& transfer = unkept[i];
                    try {
                        const Answer answer = clerks[at]->post(
                            "/lab/payments/bank/references/" + topups[transfer.topup].reference + "/receipts",
                            {{"amount", amountText(transfer.amount)},
                             {"valueDate", valueDate},
                             {"bankTransactionId", transfer.bankId},
                             {"note", "Credit pack, Pearl Dental"}});
                        if (answer.status != 303 && answer.status != 409)
                            problems.add("transfer " + transfer.bankId + ": " +
                                         std::to_string(answer.status) + " " + answer.body.substr(0, 300));
                        ++answered;
                    } catch (const std::exception&) {
                        if (!crash)
                            problems.add("transfer " + transfer.bankId + ": no answer");
                        return; // molard is gone
                    }
                }
                return;
            }
            for (std::size_t i = at; i < unsent.size(); i += kThreads) {
                try {
                    const Answer answer = dentists[at]->post(unsent[i] + "/submit", {});
                    if (answer.status != 303)
                        problems.add(unsent[i] + " submit: " + std::to_string(answer.status) + " " +
                                     answer.body.substr(0, 300));
                    ++answered;
                } catch (const std::exception&) {
                    if (!crash)
                        problems.add(unsent[i] + " submit: no answer");
                    return;
                }
            }
        });
        if (killer.joinable())
            killer.join();
    }

    static std::int64_t caseIdOf(const std::string& path)
    {
        return std::stoll(path.substr(std::string("/cases/").size()));
    }

    // What must hold whenever molard is not in the middle of something: after a restart
    // once the untold receipts are told, and at the end.
    static void expectBooks(CrashRig& rig, const std::vector<PlannedTopUp>& topups,
                            const std::vector<std::string>& drafts, const std::string& when)
    {
        const std::string seed = " (" + when + ", seed " + std::to_string(rig.seed) + ")";
        // Each balance is its ledger's sum, never negative.
        auto accounts = rig.db().query("SELECT organization_id, balance_minor FROM credits_accounts");
        for (std::size_t i = 0; i < accounts.size(); ++i) {
            const std::int64_t org = accounts.get(i, "organization_id").asInt();
            const std::int64_t balance = accounts.get(i, "balance_minor").asInt();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "balance = ledger sum of org " + std::to_string(org) + seed,
                rig.count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM credits_ledger "
                          "WHERE organization_id = ?",
                          {org}),
                balance);
            CPPUNIT_ASSERT_MESSAGE("balance >= 0 of org " + std::to_string(org) + seed, balance >= 0);
            // Cases wait only behind one the balance cannot pay (no cancellations here).
            const std::int64_t largestHeld = rig.count(
                "SELECT COALESCE(MAX(amount_minor), 0) AS n FROM credits_holds WHERE organization_id = ? "
                "AND state = 'held'",
                {org});
            CPPUNIT_ASSERT_MESSAGE("cases of org " + std::to_string(org) + " wait that the balance pays" +
                                       seed,
                                   largestHeld == 0 || balance < largestHeld);
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "a source with two entries" + seed, std::int64_t(0),
            rig.count("SELECT COUNT(*) AS n FROM (SELECT source_key FROM credits_ledger "
                      "GROUP BY source_key HAVING COUNT(*) > 1) twice"));
        // No case debited twice, nor invoiced twice.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "a case debited twice" + seed, std::int64_t(0),
            rig.count("SELECT COUNT(*) AS n FROM (SELECT case_id FROM credits_ledger WHERE "
                      "kind = 'debit' GROUP BY case_id HAVING COUNT(*) > 1) twice"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "a case invoiced twice" + seed, std::int64_t(0),
            rig.count("SELECT COUNT(*) AS n FROM (SELECT case_id FROM billing_invoices WHERE "
                      "case_id > 0 GROUP BY case_id HAVING COUNT(*) > 1) twice"));
        // Each sent case is paid from the balance or waits for credit, not both; a draft neither.
        for (const auto& path : drafts) {
            const std::int64_t id = caseIdOf(path);
            const bool sent =
                rig.count("SELECT COUNT(*) AS n FROM cases_cases WHERE id = ? AND status <> 'draft'", {id}) ==
                1;
            const std::int64_t debited = rig.count(
                "SELECT COUNT(*) AS n FROM credits_ledger WHERE case_id = ? AND kind = 'debit'", {id});
            const std::int64_t held = rig.count(
                "SELECT COUNT(*) AS n FROM credits_holds WHERE case_id = ? AND state = 'held'", {id});
            CPPUNIT_ASSERT_EQUAL_MESSAGE("case " + path + " paid or waiting" + seed,
                                         std::int64_t(sent ? 1 : 0), debited + held);
            if (!sent)
                continue;
            // The case waits in awaiting_credit exactly while it is held (moved in the same
            // transaction); its invoice is paid from credits once, or still a draft.
            CPPUNIT_ASSERT_EQUAL_MESSAGE("case " + path + " awaiting credit" + seed, held,
                                         rig.count("SELECT COUNT(*) AS n FROM cases_cases WHERE id = ? AND "
                                                   "status = 'awaiting_credit'",
                                                   {id}));
            auto invoice = rig.db().query("SELECT id, state, total_minor, paid_minor FROM billing_invoices "
                                          "WHERE case_id = ?",
                                          {id});
            CPPUNIT_ASSERT_EQUAL_MESSAGE("invoices of case " + path + seed, std::size_t(1), invoice.size());
            const std::int64_t invoiceId = invoice.get(0, "id").asInt();
            const std::int64_t credits = rig.count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                                   "invoice_id = ? AND kind = 'credits'",
                                                   {invoiceId});
            if (debited == 1) {
                CPPUNIT_ASSERT_EQUAL_MESSAGE("invoice of case " + path + seed, std::string("paid"),
                                             invoice.get(0, "state").toString());
                CPPUNIT_ASSERT_EQUAL_MESSAGE("credits payments of case " + path + seed, std::int64_t(1),
                                             credits);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    "debit of case " + path + seed, -invoice.get(0, "total_minor").asInt(),
                    rig.count("SELECT amount_minor AS n FROM credits_ledger WHERE source_key = ?",
                              {"debit:invoice:" + std::to_string(invoiceId)}));
            } else {
                CPPUNIT_ASSERT_EQUAL_MESSAGE("invoice of case " + path + seed, std::string("draft"),
                                             invoice.get(0, "state").toString());
                CPPUNIT_ASSERT_EQUAL_MESSAGE("credits payments of case " + path + seed, std::int64_t(0),
                                             credits);
            }
        }
        // Each transfer pay-bank kept was told to the host once and counted by the top-up once.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "receipts not told to the host" + seed, std::int64_t(0),
            rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the host's bank receipts" + seed,
                                     rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts"),
                                     rig.count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                               "provider = 'bank' AND kind = 'payment'"));
        for (const auto& t : topups) {
            const std::string which = "top-up " + std::to_string(t.id) + seed;
            const std::int64_t bank =
                rig.count("SELECT COALESCE(SUM(r.amount_minor), 0) AS n FROM pay_bank_receipts r "
                          "JOIN pay_bank_references f ON f.id = r.reference_id WHERE "
                          "f.attempt_id = ?",
                          {t.attempt});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "the host's receipts of " + which, bank,
                rig.count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM "
                          "molar_payment_receipts WHERE attempt_id = ? AND kind = 'payment'",
                          {t.attempt}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "the credits receipts of " + which, bank,
                rig.count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM credits_receipts "
                          "WHERE attempt_id = ?",
                          {t.attempt}));
            auto row =
                rig.db().query("SELECT state, received_minor FROM credits_topups WHERE id = ?", {t.id});
            CPPUNIT_ASSERT_EQUAL_MESSAGE("received of " + which, bank, row.get(0, "received_minor").asInt());
            const bool paid = bank >= t.price;
            CPPUNIT_ASSERT_EQUAL_MESSAGE("state of " + which, std::string(paid ? "credited" : "pending"),
                                         row.get(0, "state").toString());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "credited once: " + which, std::int64_t(paid ? 1 : 0),
                rig.count("SELECT COUNT(*) AS n FROM credits_ledger WHERE source_key = ?",
                          {"topup:" + std::to_string(t.id)}));
            // The pack, and what came beyond its price at face value; nothing before it is paid.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "credits of " + which, paid ? t.credits + bank - t.price : std::int64_t(0),
                rig.count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM credits_ledger "
                          "WHERE topup_id = ? AND kind = 'topup'",
                          {t.id}));
        }
    }

public:
    void testTopUpsByTransferAndDebitsCutShortByCrashesCountOnce()
    {
        CrashRig rig;
        rig.options.plugins.push_back("credits");
        rig.start();
        Problems problems;
        const std::int64_t pearl = rig.pearl();
        {
            const Answer mode = rig.labAdmin()->post("/lab/billing/accounts/" + std::to_string(pearl),
                                                     {{"mode", "credits"}, {"netTermsDays", "30"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(mode.body, 303, mode.status);
        }
        // Pearl's owner buys packs to pay by bank transfer: each its own reference.
        std::vector<PlannedTopUp> topups;
        {
            auto owner = rig.pearlOwner();
            for (const auto& pack : kPacks) {
                const Answer bought = owner->post("/credits/topups", {{"pack", pack}, {"provider", "bank"}});
                CPPUNIT_ASSERT_MESSAGE(std::to_string(bought.status) + " " + bought.body,
                                       bought.status == 303 || bought.status == 200);
                auto row =
                    rig.db().query("SELECT id, attempt_id, price_minor, credits_minor FROM credits_topups "
                                   "WHERE organization_id = ? ORDER BY id DESC",
                                   {pearl});
                PlannedTopUp t;
                t.id = row.get(0, "id").asInt();
                CPPUNIT_ASSERT_MESSAGE("a new top-up for " + pack, topups.empty() || t.id > topups.back().id);
                t.attempt = row.get(0, "attempt_id").toString();
                t.price = row.get(0, "price_minor").asInt();
                t.credits = row.get(0, "credits_minor").asInt();
                auto reference = rig.db().query(
                    "SELECT reference FROM pay_bank_references WHERE attempt_id = ?", {t.attempt});
                CPPUNIT_ASSERT_EQUAL_MESSAGE("the top-up's bank reference", std::size_t(1), reference.size());
                t.reference = reference.get(0, "reference").toString();
                CPPUNIT_ASSERT(t.price > 0 && t.credits >= t.price);
                topups.push_back(t);
            }
        }
        // Each pack paid in two to six transfers; one short of its price (it stays
        // pending), one a little beyond it (the rest credited at face value).
        std::vector<Transfer> transfers;
        for (std::size_t i = 0; i < topups.size(); ++i) {
            auto& t = topups[i];
            std::int64_t left = i == 0   ? t.price - rig.between(1, t.price / 2)
                                : i == 1 ? t.price + rig.between(1, 5000)
                                         : t.price;
            const auto parts = rig.between(2, 6);
            for (std::int64_t p = 0; p < parts && left > 0; ++p) {
                const std::int64_t amount =
                    p + 1 == parts ? left : rig.between(1, std::max<std::int64_t>(1, left / 2));
                left -= amount;
                t.planned += amount;
                transfers.push_back({i, amount, "CR" + std::to_string(i) + "-" + std::to_string(p)});
            }
        }
        std::shuffle(transfers.begin(), transfers.end(), rig.random);

        // Pearl's dentist prepares the cases; they are sent while the transfers come in.
        auto dentist = rig.pearlDentist();
        auto clerk = rig.clerk();
        const std::int64_t clinic =
            rig.db()
                .query("SELECT c.id FROM molar_clinics c WHERE c.organization_id = ? ORDER BY c.id", {pearl})
                .get(0, "id")
                .asInt();
        std::vector<std::string> drafts;
        {
            std::mutex mutex;
            CrashRig::together(kThreads, [&](int t) {
                auto here = rig.sameSession(*dentist);
                for (int n = t; n < kCases; n += kThreads) {
                    const std::string path = crownDraft(*here, clinic, n, problems);
                    std::lock_guard<std::mutex> lock(mutex);
                    if (!path.empty())
                        drafts.push_back(path);
                }
            });
            problems.expectNone();
            std::sort(drafts.begin(), drafts.end());
        }

        // The first cases come before any money: they wait for credit.
        for (std::size_t i = 0; i < 3; ++i) {
            const Answer sent = dentist->post(drafts[i] + "/submit", {});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
        }
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(3),
            rig.count("SELECT COUNT(*) AS n FROM credits_holds WHERE organization_id = ? AND "
                      "state = 'held'",
                      {pearl}));

        for (int round = 0; round < kCrashes; ++round) {
            work(rig, *clerk, *dentist, transfers, topups, drafts, true, problems);
            std::cerr << "credits, round " << round << ": "
                      << rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts") << " of "
                      << transfers.size() << " transfers kept, "
                      << rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0")
                      << " not yet told; "
                      << rig.count("SELECT COUNT(*) AS n FROM credits_ledger WHERE kind = 'debit'")
                      << " debited, "
                      << rig.count("SELECT COUNT(*) AS n FROM credits_holds WHERE state = 'held'")
                      << " held\n";
            problems.expectNone();
            rig.start();
            // What the kill cut off between pay-bank and the host is told before anything is sent again.
            CPPUNIT_ASSERT_MESSAGE(
                "transfers cut off by the crash were not counted. molard said:\n" + rig.said(),
                CrashRig::waitFor(
                    [&] {
                        return rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0") ==
                               0;
                    },
                    std::chrono::seconds(30)));
            expectBooks(rig, topups, drafts, "after crash " + std::to_string(round));
        }

        // Everything again, uninterrupted: what was kept is refused as kept, the rest counts.
        work(rig, *clerk, *dentist, transfers, topups, drafts, false, problems);
        problems.expectNone();
        expectBooks(rig, topups, drafts, "at the end");
        for (const auto& t : topups)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "every transfer of top-up " + std::to_string(t.id) + " counted", t.planned,
                rig.count("SELECT received_minor AS n FROM credits_topups WHERE id = ?", {t.id}));
        for (const auto& path : drafts)
            CPPUNIT_ASSERT_MESSAGE(
                path + " was never sent",
                rig.count("SELECT COUNT(*) AS n FROM cases_cases WHERE id = ? AND status <> "
                          "'draft'",
                          {caseIdOf(path)}) == 1);
        // Cases waited and were paid when packs came in.
        CPPUNIT_ASSERT(rig.count("SELECT COUNT(*) AS n FROM credits_ledger WHERE kind = 'debit'") > 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreditsCrashTest);

// Net terms through the real molard killed (`kill -9`) at random moments: while the lab
// delivers many cases at once (billing's job makes an invoice for each after the delivery
// commits), and while the billing clerk records many bank transfers at once. molard is
// started again on the same database each time and the work finished: every delivered
// case has exactly one invoice, numbered without a gap or a repeat; every delivery the lab
// was told about is kept; every transfer counts once, however often the clerk sends it.
#include "CrashRig.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <set>

using namespace molar;
using namespace molar::test;

namespace {

constexpr int kCases = 36;
constexpr int kThreads = 4;

std::string status(CrashRig& rig, std::int64_t caseId)
{
    return rig.db()
        .query("SELECT status FROM cases_cases WHERE id = ?", {caseId})
        .get(0, "status")
        .toString();
}

// A zirconia crown on tooth 11 sent by Pearl's dentist and taken by the lab to shipped.
void shippedCase(HttpBrowser& dentist, HttpBrowser& admin, std::int64_t clinic, int n,
                 std::vector<std::int64_t>& ids, Problems& problems)
{
    const Answer created = dentist.post(
        "/cases/new", {{"patientRef", "CRASH-" + std::to_string(n)}, {"clinic", std::to_string(clinic)}});
    if (created.status != 303)
        return problems.add("new case: " + std::to_string(created.status));
    const std::string location = created.header("Location");
    const std::string base = location.substr(0, location.find("/edit/"));
    for (const auto& [step, form] : std::vector<std::pair<std::string, Form>>{
             {"/edit/product", {{"product", "zirconia_crown"}}},
             {"/edit/teeth", {{"numbering", "fdi"}, {"tooth-11", "crown"}}},
             {"/edit/shade", {{"shade", "classical:A2"}}},
             {"/edit/fields", {{"field-margin", "chamfer"}}},
             {"/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}},
             {"/submit", {}}}) {
        const Answer answer = dentist.post(base + step, form);
        if (answer.status != 303)
            return problems.add(base + step + ": " + std::to_string(answer.status));
    }
    for (const char* action : {"accept", "to_production", "to_finishing", "to_qc", "ship"}) {
        const Answer moved = admin.post(base + "/actions/" + action, {});
        if (moved.status != 303)
            return problems.add(base + " " + action + ": " + std::to_string(moved.status));
    }
    std::lock_guard<std::mutex> lock(problems.mutex);
    ids.push_back(std::stoll(base.substr(std::string("/cases/").size())));
}

// The kill from a thread of its own: what goes wrong there fails the test, not the program.
void crashFromThread(CrashRig& rig, Problems& problems)
{
    try {
        rig.crash();
    } catch (const std::exception& e) {
        problems.add(std::string("the crash itself failed: ") + e.what());
    }
}

} // namespace

class DeliveryCrashTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DeliveryCrashTest);
    CPPUNIT_TEST(testDeliveriesAndTransfersCutShortByCrashesCountOnce);
    CPPUNIT_TEST_SUITE_END();

    // Delivers each case in `ids` not yet delivered, `kThreads` at once, as `admin`; with
    // `crash` set, molard is killed once a random number of them (not all) were answered,
    // and a few milliseconds more. Cases the lab was answered "delivered" go to `confirmed`.
    static void deliver(CrashRig& rig, HttpBrowser& admin, const std::vector<std::int64_t>& ids, bool crash,
                        std::set<std::int64_t>& confirmed, Problems& problems)
    {
        std::vector<std::int64_t> left;
        for (std::int64_t id : ids)
            if (status(rig, id) == "shipped")
                left.push_back(id);
        std::vector<std::unique_ptr<HttpBrowser>> admins;
        for (int t = 0; t < kThreads; ++t)
            admins.push_back(rig.sameSession(admin));
        std::mutex mutex;
        std::atomic<std::size_t> answered{0};
        std::atomic<int> working{kThreads};
        std::thread killer;
        if (crash)
            killer =
                std::thread([&,
                             target = static_cast<std::size_t>(rig.between(
                                 1, std::max<std::int64_t>(1, static_cast<std::int64_t>(left.size()) / 2))),
                             extra = rig.between(0, 30)] {
                    CrashRig::waitFor([&] { return answered >= target || working == 0; },
                                      std::chrono::seconds(60));
                    std::this_thread::sleep_for(std::chrono::milliseconds(extra));
                    crashFromThread(rig, problems);
                });
        CrashRig::together(kThreads, [&](int t) {
            for (std::size_t i = static_cast<std::size_t>(t); i < left.size(); i += kThreads) {
                try {
                    const Answer answer = admins[static_cast<std::size_t>(t)]->post(
                        "/cases/" + std::to_string(left[i]) + "/actions/deliver", {});
                    if (answer.status == 303) {
                        std::lock_guard<std::mutex> lock(mutex);
                        confirmed.insert(left[i]);
                    } else if (!crash) {
                        problems.add("deliver " + std::to_string(left[i]) + ": " +
                                     std::to_string(answer.status));
                    }
                    ++answered;
                } catch (const std::exception&) {
                    if (!crash)
                        problems.add("deliver " + std::to_string(left[i]) + ": no answer");
                    break; // molard is gone
                }
            }
            --working;
        });
        if (killer.joinable())
            killer.join();
    }

    // The clerk records `transfers` (invoice index, amount, bank id), `kThreads` at once;
    // answers how many were refused as recorded before (409). Crashes as deliver() does.
    struct Transfer
    {
        std::size_t invoice;
        std::int64_t amount;
        std::string bankId;
    };
    static int record(CrashRig& rig, HttpBrowser& clerk, const std::vector<Transfer>& transfers,
                      const std::vector<std::string>& references, int crashAfter, Problems& problems)
    {
        std::vector<std::unique_ptr<HttpBrowser>> clerks;
        for (int t = 0; t < kThreads; ++t)
            clerks.push_back(rig.sameSession(clerk));
        const std::string valueDate = yesterdayUtc();
        std::atomic<int> already{0};
        std::thread killer;
        if (crashAfter > 0)
            killer = std::thread([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(crashAfter));
                crashFromThread(rig, problems);
            });
        CrashRig::together(kThreads, [&](int t) {
            for (std::size_t i = static_cast<std::size_t>(t); i < transfers.size(); i += kThreads) {
                const Transfer& transfer = transfers[i];
                try {
                    const Answer answer = clerks[static_cast<std::size_t>(t)]->post(
                        "/lab/payments/bank/references/" + references[transfer.invoice] + "/receipts",
                        {{"amount", amountText(transfer.amount)},
                         {"valueDate", valueDate},
                         {"bankTransactionId", transfer.bankId},
                         {"note", "Transfer from Pearl Dental"}});
                    if (answer.status == 409)
                        ++already;
                    else if (answer.status != 303)
                        problems.add("transfer " + transfer.bankId + ": " + std::to_string(answer.status) +
                                     " " + answer.body.substr(0, 300));
                } catch (const std::exception&) {
                    if (crashAfter == 0)
                        problems.add("transfer " + transfer.bankId + ": no answer");
                    return;
                }
            }
        });
        if (killer.joinable())
            killer.join();
        return already;
    }

public:
    void testDeliveriesAndTransfersCutShortByCrashesCountOnce()
    {
        CrashRig rig;
        rig.start();
        Problems problems;
        auto admin = rig.labAdmin();
        auto dentist = rig.pearlDentist();
        {
            const Answer terms = admin->post("/lab/billing/accounts/" + std::to_string(rig.pearl()),
                                             {{"mode", "net_terms"}, {"netTermsDays", "30"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(terms.body, 303, terms.status);
        }
        const std::int64_t clinic =
            rig.db()
                .query("SELECT c.id FROM molar_clinics c JOIN molar_users u ON u.organization_id = "
                       "c.organization_id WHERE u.email = ? ORDER BY c.id",
                       {std::string("owner@pearl.example")})
                .get(0, "id")
                .asInt();
        std::vector<std::int64_t> ids;
        CrashRig::together(kThreads, [&](int t) {
            try {
                auto dentistHere = rig.sameSession(*dentist);
                auto adminHere = rig.sameSession(*admin);
                for (int n = t; n < kCases; n += kThreads)
                    shippedCase(*dentistHere, *adminHere, clinic, n, ids, problems);
            } catch (const std::exception& e) {
                problems.add(e.what());
            }
        });
        problems.expectNone();
        CPPUNIT_ASSERT_EQUAL(std::size_t(kCases), ids.size());

        // Deliveries, killed three times at random moments, then the rest.
        std::set<std::int64_t> confirmed;
        for (int round = 0; round < 3; ++round) {
            deliver(rig, *admin, ids, true, confirmed, problems);
            std::cerr << "deliveries, round " << round << ": " << confirmed.size() << " answered, "
                      << rig.count("SELECT COUNT(*) AS n FROM billing_deliveries WHERE invoice_id > 0")
                      << " invoiced\n";
            // Every delivery the lab was answered is kept.
            for (std::int64_t id : confirmed)
                CPPUNIT_ASSERT_EQUAL_MESSAGE("case " + std::to_string(id), std::string("delivered"),
                                             status(rig, id));
            rig.start();
        }
        deliver(rig, *admin, ids, false, confirmed, problems);
        problems.expectNone();
        for (std::int64_t id : ids)
            CPPUNIT_ASSERT_EQUAL_MESSAGE("case " + std::to_string(id), std::string("delivered"),
                                         status(rig, id));

        // The invoicing job killed while it works through them, twice.
        auto invoiced = [&] {
            return rig.count("SELECT COUNT(*) AS n FROM billing_deliveries WHERE invoice_id > 0");
        };
        const std::int64_t delivered = rig.count("SELECT COUNT(*) AS n FROM billing_deliveries");
        for (int round = 0; round < 2 && invoiced() + 1 < delivered; ++round) {
            const std::int64_t target = rig.between(invoiced() + 1, delivered - 1);
            CrashRig::waitFor([&] { return invoiced() >= target; }, std::chrono::seconds(60));
            rig.crash();
            std::cerr << "invoicing, round " << round << ": " << invoiced() << " of " << delivered
                      << " invoiced\n";
            rig.start();
        }
        // The job finishes what the crashes cut short.
        auto pending = [&] {
            return rig.count(
                "SELECT COUNT(*) AS n FROM molar_jobs WHERE name = 'billing.invoice-delivered' AND "
                "state IN ('pending', 'running')");
        };
        CPPUNIT_ASSERT_MESSAGE("the invoices were not all made. molard said:\n" + rig.said(),
                               CrashRig::waitFor([&] { return pending() == 0; }, std::chrono::seconds(60)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), rig.count("SELECT COUNT(*) AS n FROM molar_jobs WHERE name = "
                                                        "'billing.invoice-delivered' AND state <> 'done'"));
        std::vector<CrashRig::Paid> invoices;
        std::int64_t price = 0;
        for (std::int64_t id : ids) {
            auto made =
                rig.db().query("SELECT id, state, total_minor FROM billing_invoices WHERE case_id = ?", {id});
            CPPUNIT_ASSERT_EQUAL_MESSAGE("invoices of case " + std::to_string(id), std::size_t(1),
                                         made.size());
            CPPUNIT_ASSERT_EQUAL(std::string("issued"), made.get(0, "state").toString());
            CPPUNIT_ASSERT_EQUAL(
                made.get(0, "id").asInt(),
                rig.db()
                    .query("SELECT invoice_id FROM billing_deliveries WHERE case_id = ?", {id})
                    .get(0, "invoice_id")
                    .asInt());
            // One crown each, at the same price.
            if (price == 0)
                price = made.get(0, "total_minor").asInt();
            CPPUNIT_ASSERT(price > 0);
            CPPUNIT_ASSERT_EQUAL(price, made.get(0, "total_minor").asInt());
            invoices.push_back({made.get(0, "id").asInt(), price, {}});
        }
        // The demo's delivered cases too (their jobs were cut short as well): one invoice a case.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            rig.count("SELECT COUNT(*) AS n FROM (SELECT case_id FROM billing_invoices WHERE "
                      "case_id > 0 GROUP BY case_id HAVING COUNT(*) > 1) twice"));
        // Numbers: no gap, no repeat, per year.
        auto counters = rig.db().query("SELECT year, last_number FROM billing_invoice_counters");
        for (std::size_t i = 0; i < counters.size(); ++i) {
            const std::string prefix = "INV-" + counters.get(i, "year").toString() + "-";
            const std::int64_t last = counters.get(i, "last_number").asInt();
            auto numbers =
                rig.db().query("SELECT number FROM billing_invoices WHERE number LIKE ?", {prefix + "%"});
            std::set<std::int64_t> seen;
            for (std::size_t r = 0; r < numbers.size(); ++r)
                seen.insert(std::stoll(numbers.get(r, "number").toString().substr(prefix.size())));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(prefix + " numbers", static_cast<std::size_t>(last), numbers.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(prefix + " numbers", numbers.size(), seen.size());
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1), *seen.begin());
            CPPUNIT_ASSERT_EQUAL(last, *seen.rbegin());
        }

        // Transfers: Pearl asks to pay each invoice by bank; the clerk records two or three
        // transfers for each, some paying it in full, killed twice, then sent again in full.
        std::vector<std::string> references;
        auto clerk = rig.clerk();
        {
            auto owner = rig.pearlOwner();
            for (const auto& paid : invoices)
                references.push_back(rig.bankReferenceFor(*owner, paid.invoiceId));
        }
        std::vector<Transfer> transfers;
        for (std::size_t i = 0; i < invoices.size(); ++i) {
            const auto parts = rig.between(2, 3);
            std::int64_t left = rig.between(0, 1) == 0 ? price : price - rig.between(1, price / 2);
            for (std::int64_t p = 0; p < parts; ++p) {
                const std::int64_t amount =
                    p + 1 == parts ? left : rig.between(1, std::max<std::int64_t>(1, left / 3));
                left -= amount;
                invoices[i].transfers.push_back(amount);
                transfers.push_back({i, amount, "BT" + std::to_string(i) + "-" + std::to_string(p)});
            }
        }
        std::shuffle(transfers.begin(), transfers.end(), rig.random);
        for (int round = 0; round < 2; ++round) {
            record(rig, *clerk, transfers, references, static_cast<int>(rig.between(50, 400)), problems);
            std::cerr << "transfers, round " << round << ": "
                      << rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts") << " of "
                      << transfers.size() << " received, "
                      << rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0")
                      << " not yet told to the host\n";
            rig.start();
            // What the crash cut off between pay-bank and the host counts before the clerk
            // sends anything again.
            CPPUNIT_ASSERT_MESSAGE(
                "transfers cut off by the crash were not counted. molard said:\n" + rig.said(),
                CrashRig::waitFor(
                    [&] {
                        return rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0") ==
                               0;
                    },
                    std::chrono::seconds(30)));
            rig.expectBooksAgree(invoices);
        }
        record(rig, *clerk, transfers, references, 0, problems);
        problems.expectNone();
        // Everything once more: each is refused as recorded before, and nothing changes.
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(transfers.size()),
                             record(rig, *clerk, transfers, references, 0, problems));
        problems.expectNone();
        rig.expectEachTransferCountedOnce(invoices);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DeliveryCrashTest);

// The billing clerk imports a long bank statement (hundreds of lines quoting the transfer
// references of many invoices, most paid in parts) through the real molard, which is
// killed (`kill -9`) at random moments during the import, started again on the same
// database, and given the same statement again, round after round, then twice more
// uninterrupted. Every transfer must count exactly once: each invoice has received the
// sum of its statement lines, pay-bank, the host's payment service and billing agree line
// by line, nothing is left half recorded, and the last import finds everything applied.
#include "CrashRig.h"

#include <algorithm>
#include <cstdio>

using namespace molar;
using namespace molar::test;

namespace {

constexpr int kInvoices = 90;
constexpr int kCrashes = 4;

Answer importStatement(HttpBrowser& clerk, const std::string& csv)
{
    return clerk.postFile("/lab/payments/bank/imports", {}, "statement", "statement-november.csv", csv);
}

// Invoices of Pearl Dental in QAR, issued; the owner asks to pay each by bank transfer.
std::vector<CrashRig::Paid> issuedInvoices(CrashRig& rig, std::vector<std::string>& references,
                                           int howMany = kInvoices, int firstNumber = 900)
{
    const std::int64_t pearl = rig.pearl();
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    std::vector<CrashRig::Paid> invoices;
    for (int i = 0; i < howMany; ++i) {
        CrashRig::Paid paid;
        paid.totalMinor = rig.between(100, 5000) * 100 + rig.between(0, 99);
        char number[32];
        std::snprintf(number, sizeof number, "INV-2019-%06d", firstNumber + i);
        paid.invoiceId = rig.db().insert(
            "INSERT INTO billing_invoices (number, organization_id, currency, state, subtotal_minor, "
            "total_minor, created_at, updated_at, issued_at, due_at) VALUES (?, ?, 'QAR', 'issued', ?, ?, ?, "
            "?, ?, ?)",
            {std::string(number), pearl, paid.totalMinor, paid.totalMinor, now, now, now,
             now + 30LL * 86400000});
        invoices.push_back(paid);
    }
    auto owner = rig.pearlOwner();
    for (const auto& paid : invoices)
        references.push_back(rig.bankReferenceFor(*owner, paid.invoiceId));
    return invoices;
}

// The bank's lines: each invoice paid in one to five transfers, a third of them short of
// the total; lines the import must leave alone between them; all shuffled.
std::string statementFor(CrashRig& rig, std::vector<CrashRig::Paid>& invoices,
                         const std::vector<std::string>& references, int& matched, int& unmatched,
                         const std::string& transactionPrefix = "FT")
{
    std::vector<std::string> lines;
    int transaction = 0;
    auto id = [&] {
        char text[16];
        std::snprintf(text, sizeof text, "%06d", ++transaction);
        return transactionPrefix + text;
    };
    for (std::size_t i = 0; i < invoices.size(); ++i) {
        auto& paid = invoices[i];
        const auto parts = rig.between(1, 5);
        const bool short_ = rig.between(0, 2) == 0;
        std::int64_t left = short_ ? paid.totalMinor - rig.between(1, paid.totalMinor / 2) : paid.totalMinor;
        for (std::int64_t p = 0; p < parts && left > 0; ++p) {
            const std::int64_t amount =
                p + 1 == parts ? left : rig.between(1, std::max<std::int64_t>(1, left / 2));
            left -= amount;
            paid.transfers.push_back(amount);
            lines.push_back("2026-11-" + std::to_string(10 + p) + "," + amountText(amount) +
                            ",QAR,TRF PEARL " + "DENTAL REF " + references[i] + " PART " +
                            std::to_string(p + 1) + "," + id());
        }
    }
    matched = static_cast<int>(lines.size());
    for (int i = 0; i < 40; ++i) {
        switch (i % 4) {
        case 0:
            lines.push_back("2026-11-12,50.00,QAR,Salary advance " + std::to_string(i) + "," + id());
            break;
        case 1:
            lines.push_back("2026-11-12,-12.50,QAR,Bank charges " + references[i % references.size()] + "," +
                            id());
            break;
        case 2:
            lines.push_back("2026-11-13,75.00,QAR,REF MB-0123-456Z," + id());
            break;
        default:
            lines.push_back("2026-11-13,75.000,KWD,Payment " + references[i % references.size()] + "," +
                            id());
            break;
        }
    }
    unmatched = 40;
    std::shuffle(lines.begin(), lines.end(), rig.random);
    std::string csv = "Value date,Amount,Currency,Description,Transaction ID\r\n";
    for (const auto& line : lines)
        csv += line + "\r\n";
    return csv;
}

std::int64_t receipts(CrashRig& rig)
{
    return rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts");
}

// Imports `csv` as `clerk`, from `at_once` browsers at the same time (two clerks with the
// same file), and kills molard meanwhile: once `lines` statement lines have a receipt, or
// with `lines` 0 at a random moment 50 to 400 ms in.
void importAndCrash(CrashRig& rig, HttpBrowser& clerk, const std::string& csv, std::int64_t lines,
                    int atOnce = 1)
{
    std::vector<std::unique_ptr<HttpBrowser>> clerks;
    for (int i = 0; i < atOnce; ++i)
        clerks.push_back(rig.sameSession(clerk));
    std::vector<int> statuses(static_cast<std::size_t>(atOnce), 0);
    std::atomic<int> finished{0};
    std::thread imports([&] {
        CrashRig::together(atOnce, [&](int i) {
            const auto at = static_cast<std::size_t>(i);
            try {
                statuses[at] = importStatement(*clerks[at], csv).status;
            } catch (const std::exception&) {
                statuses[at] = -1; // the connection went with molard
            }
            ++finished;
        });
    });
    // Joined however this function ends, so that a failed wait reports its own error rather
    // than std::terminate for a thread left running.
    struct Joiner
    {
        std::thread& thread;
        ~Joiner()
        {
            if (thread.joinable())
                thread.join();
        }
    } joiner{imports};
    if (lines == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(rig.between(50, 400)));
    else
        CrashRig::waitFor([&] { return receipts(rig) >= lines || finished == atOnce; },
                          std::chrono::seconds(60));
    rig.crash();
    imports.join();
    std::string answers;
    for (int status : statuses) {
        answers +=
            (answers.empty() ? "" : ", ") + (status == -1 ? std::string("cut off") : std::to_string(status));
        CPPUNIT_ASSERT_MESSAGE("the import failed: " + std::to_string(status) + "\n" + rig.said(),
                               status == -1 || status == 303);
    }
    std::cerr << "import " << answers << ": " << receipts(rig) << " lines received, "
              << rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0")
              << " not yet told to the host\n";
}

} // namespace

class StatementImportCrashTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatementImportCrashTest);
    CPPUNIT_TEST(testAStatementImportKilledAndImportedAgainCountsEachTransferOnce);
    CPPUNIT_TEST(testALineCutOffByACrashIsCountedWithoutImportingAgain);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAStatementImportKilledAndImportedAgainCountsEachTransferOnce()
    {
        CrashRig rig;
        rig.start();
        std::vector<std::string> references;
        std::vector<CrashRig::Paid> invoices = issuedInvoices(rig, references);
        int matched = 0;
        int unmatched = 0;
        const std::string csv = statementFor(rig, invoices, references, matched, unmatched);
        CPPUNIT_ASSERT(matched >= 200);

        int cutShort = 0;         // kills that left some of the statement counted and some not
        auto clerk = rig.clerk(); // signed in once: sessions outlast a crash
        for (int round = 0; round < kCrashes; ++round) {
            if (round > 0)
                rig.start();
            const std::int64_t before = receipts(rig);
            // Every other round, the first among them, at a random line in the first half of
            // what is left, with two clerks importing the file at once; the others at a random
            // moment, which on a fast machine may come after the import has finished.
            if (round % 2 == 1)
                importAndCrash(rig, *clerk, csv, 0);
            else
                importAndCrash(rig, *clerk, csv,
                               before + rig.between(1, std::max<std::int64_t>(1, (matched - before) / 2)), 2);
            const std::int64_t after = receipts(rig);
            const std::int64_t untold =
                rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0");
            if (after > 0 && (after < matched || untold > 0))
                ++cutShort;
        }
        CPPUNIT_ASSERT_MESSAGE("no crash came in the middle of an import", cutShort > 0);

        // Started again: the same statement by two clerks at once, then once more.
        rig.start();
        auto second = rig.sameSession(*clerk);
        CrashRig::together(2, [&](int i) {
            try {
                const Answer imported = importStatement(i == 0 ? *clerk : *second, csv);
                if (imported.status != 303)
                    std::cerr << "import at once: " << imported.status << "\n" << imported.body << "\n";
            } catch (const std::exception& e) {
                std::cerr << "import at once: " << e.what() << "\n";
            }
        });
        const Answer imported = importStatement(*clerk, csv);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(imported.body + "\n" + rig.said(), 303, imported.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3),
                             rig.count("SELECT COUNT(*) AS n FROM pay_bank_imports WHERE "
                                       "id >= (SELECT MAX(id) - 2 FROM pay_bank_imports) AND "
                                       "line_count > 0 AND (applied_count + already_count + "
                                       "unmatched_count) = line_count"));
        auto last = rig.db().query("SELECT line_count, applied_count, already_count, unmatched_count FROM "
                                   "pay_bank_imports ORDER BY id DESC");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(matched + unmatched), last.get(0, "line_count").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), last.get(0, "applied_count").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(matched), last.get(0, "already_count").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(unmatched), last.get(0, "unmatched_count").asInt());
        // The imports that finished applied each line once between them.
        std::int64_t applied = 0;
        for (std::size_t i = 0; i < last.size(); ++i)
            applied += last.get(i, "applied_count").asInt();
        CPPUNIT_ASSERT(applied <= matched);

        rig.expectEachTransferCountedOnce(invoices);
        // Each line's bank transaction once, in the import that applied it.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(matched),
            rig.count("SELECT COUNT(DISTINCT bank_transaction_id) AS n FROM pay_bank_receipts"));
    }

    // A crash between pay-bank keeping a statement line and the host counting it leaves a
    // receipt nobody counted. The clerk cannot see it (the cut-off import lists no lines and
    // the reference's page shows counted money only): molard started again counts it
    // without the statement being sent again, and a later import counts nothing twice.
    void testALineCutOffByACrashIsCountedWithoutImportingAgain()
    {
        CrashRig rig;
        rig.start();
        auto clerk = rig.clerk();
        auto uncounted = [&] {
            return rig.count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0");
        };
        // Each round imports a statement of its own (new invoices, new transaction ids): a
        // round whose import finished before the kill leaves the next one lines to cut.
        std::vector<CrashRig::Paid> invoices;
        std::vector<std::string> statements;
        for (int round = 0; round < 12 && uncounted() == 0; ++round) {
            if (round > 0)
                rig.start();
            std::vector<std::string> references;
            auto batch = issuedInvoices(rig, references, 30, 900 + 30 * round);
            int matched = 0;
            int unmatched = 0;
            statements.push_back(
                statementFor(rig, batch, references, matched, unmatched, "R" + std::to_string(round) + "FT"));
            invoices.insert(invoices.end(), batch.begin(), batch.end());
            const std::int64_t before = receipts(rig);
            importAndCrash(rig, *clerk, statements.back(),
                           before + rig.between(1, std::max<std::int64_t>(1, matched / 3)));
        }
        CPPUNIT_ASSERT_MESSAGE("no crash came between a receipt and its count", uncounted() > 0);

        rig.start();
        CPPUNIT_ASSERT_MESSAGE("receipts cut off by the crash were not counted. molard said:\n" + rig.said(),
                               CrashRig::waitFor([&] { return uncounted() == 0; }, std::chrono::seconds(30)));
        rig.expectBooksAgree(invoices);

        for (const auto& csv : statements) {
            const Answer again = importStatement(*clerk, csv);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(again.body, 303, again.status);
        }
        rig.expectEachTransferCountedOnce(invoices);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementImportCrashTest);

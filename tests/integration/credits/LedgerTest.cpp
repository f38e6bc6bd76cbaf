// The credits ledger on a real database (both dialects): the account row created once and
// locked, entries appended once per source, never below zero, the cached balance moved
// with each entry and equal to the ledger's sum, activity filtered and paged newest first,
// and threads appending at once to one organization never overdrawing it.
#include "CreditsPortal.h"

#include "ledger/CreditRefusal.h"

#include <atomic>
#include <iostream>
#include <thread>

using namespace molar;
using namespace molar::test;
using credits::LedgerEntry;

namespace {

LedgerEntry adjustment(std::int64_t amountMinor, const std::string& source, std::int64_t at)
{
    LedgerEntry e;
    e.kind = "adjustment";
    e.amountMinor = amountMinor;
    e.sourceKey = source;
    e.reason = "Test " + source;
    e.actorUserId = 1;
    e.actorName = "Lab admin";
    e.createdAt = at;
    return e;
}

// Appends in its own transaction: the entry, or nothing for a replay.
std::optional<LedgerEntry> append(CreditsPortal& credits, std::int64_t org, LedgerEntry entry)
{
    std::optional<LedgerEntry> out;
    credits.ledger().ensureAccount(credits.db(), org, credits.nowMillis());
    credits.db().transaction([&](sdk::Transaction& tx) {
        auto account = credits.ledger().lock(tx, org, credits.nowMillis());
        out = credits.ledger().append(tx, account, entry);
        if (out)
            CPPUNIT_ASSERT_EQUAL(out->balanceAfterMinor, account.balanceMinor);
    });
    return out;
}

} // namespace

class LedgerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LedgerTest);
    CPPUNIT_TEST(testAccountCreatedOnce);
    CPPUNIT_TEST(testDefaultThreshold);
    CPPUNIT_TEST(testAppendMovesBalance);
    CPPUNIT_TEST(testSourceUsedOnce);
    CPPUNIT_TEST(testNeverBelowZero);
    CPPUNIT_TEST(testSettingsKeepBalance);
    CPPUNIT_TEST(testEntriesFilteredAndPaged);
    CPPUNIT_TEST(testConcurrentAppendsNeverOverdraw);
    CPPUNIT_TEST(testConcurrentFirstLocksCreateOneAccount);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAccountCreatedOnce()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        // No account yet: a default one, unsaved.
        auto none = credits.ledger().account(credits.db(), pearl);
        CPPUNIT_ASSERT_EQUAL(pearl, none.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), none.currency);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), none.balanceMinor);
        CPPUNIT_ASSERT(none.armed);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.count("SELECT COUNT(*) FROM credits_accounts"));

        credits.ledger().ensureAccount(credits.db(), pearl, credits.nowMillis());
        credits.ledger().ensureAccount(credits.db(), pearl, credits.nowMillis());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.count("SELECT COUNT(*) FROM credits_accounts"));
        // lock() creates a missing one too (inside a handler's transaction).
        credits.db().transaction([&](sdk::Transaction& tx) {
            auto account = credits.ledger().lock(tx, credits.smile(), credits.nowMillis());
            CPPUNIT_ASSERT_EQUAL(credits.smile(), account.organizationId);
            CPPUNIT_ASSERT_EQUAL(std::string("QAR"), account.currency);
            CPPUNIT_ASSERT(account.armed);
        });
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), credits.count("SELECT COUNT(*) FROM credits_accounts"));
        const auto all = credits.ledger().accounts(credits.db());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), all.size());
        CPPUNIT_ASSERT(all[0].organizationId < all[1].organizationId);
    }

    void testDefaultThreshold()
    {
        // credits.lowBalanceDefault: the threshold a new account starts with.
        CreditsPortal credits({{"credits.lowBalanceDefault", "3000.00"}});
        const std::int64_t pearl = credits.pearl();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(300000),
                             credits.ledger().account(credits.db(), pearl).thresholdMinor);
        credits.ledger().ensureAccount(credits.db(), pearl, credits.nowMillis());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(300000),
            credits.count("SELECT threshold_minor FROM credits_accounts WHERE organization_id = ?", {pearl}));
        credits.db().transaction(
            [&](sdk::Transaction& tx) { credits.ledger().lock(tx, credits.smile(), credits.nowMillis()); });
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(300000),
            credits.count("SELECT threshold_minor FROM credits_accounts WHERE organization_id = ?",
                          {credits.smile()}));
    }

    void testAppendMovesBalance()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const std::int64_t now = credits.nowMillis();
        auto first = append(credits, pearl, adjustment(150000, "adjustment:a1", now));
        CPPUNIT_ASSERT(first);
        CPPUNIT_ASSERT(first->id > 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(150000), first->balanceAfterMinor);
        CPPUNIT_ASSERT_EQUAL(pearl, first->organizationId);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), first->currency);
        auto second = append(credits, pearl, adjustment(-50001, "adjustment:a2", now));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99999), second->balanceAfterMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99999), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99999), credits.ledger().ledgerSum(credits.db(), pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(99999), credits.ledger().account(credits.db(), pearl).balanceMinor);
        credits.assertBalanced(pearl);
        // Another organization's balance is its own.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.ledger().ledgerSum(credits.db(), credits.smile()));
        // The row as written.
        const auto stored = credits.ledger().entryBySource(credits.db(), "adjustment:a2");
        CPPUNIT_ASSERT(stored);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-50001), stored->amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("Test adjustment:a2"), stored->reason);
        CPPUNIT_ASSERT_EQUAL(std::string("Lab admin"), stored->actorName);
        CPPUNIT_ASSERT_EQUAL(now, stored->createdAt);
    }

    void testSourceUsedOnce()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        CPPUNIT_ASSERT(append(credits, pearl, adjustment(1000, "adjustment:once", credits.nowMillis())));
        // A double submit of the same form: nothing, the balance unchanged.
        CPPUNIT_ASSERT(!append(credits, pearl, adjustment(1000, "adjustment:once", credits.nowMillis())));
        // The same source with another amount is still the same source.
        CPPUNIT_ASSERT(!append(credits, pearl, adjustment(-500, "adjustment:once", credits.nowMillis())));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000), credits.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.count("SELECT COUNT(*) FROM credits_ledger"));
        credits.assertBalanced(pearl);
    }

    void testNeverBelowZero()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        append(credits, pearl, adjustment(1000, "adjustment:in", credits.nowMillis()));
        try {
            append(credits, pearl, adjustment(-1001, "adjustment:too-much", credits.nowMillis()));
            CPPUNIT_FAIL("an entry took the balance below zero");
        } catch (const credits::CreditRefusal& e) {
            CPPUNIT_ASSERT_EQUAL(409, e.status());
            CPPUNIT_ASSERT_EQUAL(std::string("credits.error.insufficient"), e.key());
        }
        // Nothing of the refused entry remains; its source is still free.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000), credits.balance(pearl));
        CPPUNIT_ASSERT(!credits.ledger().entryBySource(credits.db(), "adjustment:too-much"));
        // Down to exactly zero is allowed.
        CPPUNIT_ASSERT(append(credits, pearl, adjustment(-1000, "adjustment:too-much", credits.nowMillis())));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        credits.assertBalanced(pearl);
        // Malformed entries are the caller's bug, refused before anything is written.
        for (auto bad :
             {adjustment(5, "", 1), adjustment(0, "adjustment:zero", 1), adjustment(5, "adjustment:t", 0)}) {
            CPPUNIT_ASSERT_THROW(append(credits, pearl, bad), std::invalid_argument);
        }
        auto kind = adjustment(5, "adjustment:kind", 1);
        kind.kind = "gift";
        CPPUNIT_ASSERT_THROW(append(credits, pearl, kind), std::invalid_argument);
        credits.assertBalanced(pearl);
    }

    void testSettingsKeepBalance()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        append(credits, pearl, adjustment(5000, "adjustment:s", credits.nowMillis()));
        credits.db().transaction([&](sdk::Transaction& tx) {
            auto account = credits.ledger().lock(tx, pearl, credits.nowMillis());
            account.thresholdMinor = 300000;
            account.armed = false;
            account.crossings = 2;
            account.autoEnabled = true;
            account.autoPack = "growth";
            account.autoMethodId = "17";
            account.autoFailures = 1;
            account.discountBasisPoints = 750;
            account.updatedBy = 9;
            account.updatedAt = 1234;
            account.balanceMinor = 999999999; // never written by saveSettings
            credits.ledger().saveSettings(tx, account);
        });
        const auto saved = credits.ledger().account(credits.db(), pearl);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(300000), saved.thresholdMinor);
        CPPUNIT_ASSERT(!saved.armed);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), saved.crossings);
        CPPUNIT_ASSERT(saved.autoEnabled);
        CPPUNIT_ASSERT_EQUAL(std::string("growth"), saved.autoPack);
        CPPUNIT_ASSERT_EQUAL(std::string("17"), saved.autoMethodId);
        CPPUNIT_ASSERT_EQUAL(1, saved.autoFailures);
        CPPUNIT_ASSERT_EQUAL(750, saved.discountBasisPoints);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9), saved.updatedBy);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1234), saved.updatedAt);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), saved.balanceMinor);
        credits.assertBalanced(pearl);
    }

    void testEntriesFilteredAndPaged()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        const std::int64_t day = 86400000;
        const std::int64_t t0 = credits.nowMillis();
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 7; ++i) {
            auto e = adjustment(i % 2 == 0 ? 1000 : -100, "adjustment:e" + std::to_string(i), t0 + i * day);
            if (i % 2 == 0)
                e.kind = "topup";
            ids.push_back(append(credits, pearl, e)->id);
        }
        append(credits, credits.smile(), adjustment(1, "adjustment:smile", t0));

        using Filter = credits::CreditLedger::Filter;
        auto all = credits.ledger().entries(credits.db(), pearl, Filter{"", 0, 0, 0, 0});
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), all.size());
        CPPUNIT_ASSERT_EQUAL(ids.back(), all.front().id); // newest first
        CPPUNIT_ASSERT_EQUAL(ids.front(), all.back().id);

        auto topups = credits.ledger().entries(credits.db(), pearl, Filter{"topup", 0, 0, 0, 50});
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), topups.size());
        for (const auto& e : topups)
            CPPUNIT_ASSERT_EQUAL(std::string("topup"), e.kind);

        // [day 2, day 5): entries 2, 3, 4.
        auto range =
            credits.ledger().entries(credits.db(), pearl, Filter{"", t0 + 2 * day, t0 + 5 * day, 0, 50});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), range.size());
        CPPUNIT_ASSERT_EQUAL(ids[4], range[0].id);
        CPPUNIT_ASSERT_EQUAL(ids[2], range[2].id);

        // Pages of three: 6 5 4 | 3 2 1 | 0.
        auto page1 = credits.ledger().entries(credits.db(), pearl, Filter{"", 0, 0, 0, 3});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), page1.size());
        auto page2 = credits.ledger().entries(credits.db(), pearl, Filter{"", 0, 0, page1.back().id, 3});
        CPPUNIT_ASSERT_EQUAL(ids[3], page2.front().id);
        auto page3 = credits.ledger().entries(credits.db(), pearl, Filter{"", 0, 0, page2.back().id, 3});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), page3.size());
        CPPUNIT_ASSERT_EQUAL(ids[0], page3.front().id);

        // Each entry's balance after it is the running sum.
        std::int64_t running = 0;
        for (auto it = all.rbegin(); it != all.rend(); ++it) {
            running += it->amountMinor;
            CPPUNIT_ASSERT_EQUAL(running, it->balanceAfterMinor);
        }
        credits.assertBalanced(pearl);
    }

    void testConcurrentAppendsNeverOverdraw()
    {
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        append(credits, pearl, adjustment(5000, "adjustment:start", credits.nowMillis()));
        // 8 threads each try 12 debits of 100 (and replay each once): 96 tries for 50 fits.
        std::atomic<int> made{0}, refused{0}, replays{0}, errors{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 12; ++i) {
                    const std::string source = "adjustment:t" + std::to_string(t) + "-" + std::to_string(i);
                    for (int again = 0; again < 2; ++again) {
                        try {
                            if (append(credits, pearl, adjustment(-100, source, 1)))
                                ++made;
                            else
                                ++replays;
                        } catch (const credits::CreditRefusal&) {
                            ++refused;
                        } catch (const std::exception&) {
                            ++errors;
                        }
                    }
                }
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(0, errors.load());
        CPPUNIT_ASSERT_EQUAL(50, made.load());
        CPPUNIT_ASSERT_EQUAL(50, replays.load()); // each made entry replayed once
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), credits.balance(pearl));
        credits.assertBalanced(pearl);
    }
    void testConcurrentFirstLocksCreateOneAccount()
    {
        // A new organization's first cases, received at once by several threads: each
        // transaction's lock() creates or finds the account (no ensureAccount before it, as
        // in a handler), and none fails (on MariaDB, no deadlock between two creators).
        CreditsPortal credits;
        const std::int64_t pearl = credits.pearl();
        std::atomic<int> errors{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 12; ++t)
            threads.emplace_back([&, t] {
                try {
                    credits.db().transaction([&](sdk::Transaction& tx) {
                        auto account = credits.ledger().lock(tx, pearl, credits.nowMillis());
                        credits.ledger().append(tx, account,
                                                adjustment(100, "adjustment:first-" + std::to_string(t), 1));
                    });
                } catch (const std::exception& e) {
                    std::cerr << "thread " << t << ": " << e.what() << std::endl;
                    ++errors;
                }
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(0, errors.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), credits.count("SELECT COUNT(*) FROM credits_accounts"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1200), credits.balance(pearl));
        credits.assertBalanced(pearl);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LedgerTest);

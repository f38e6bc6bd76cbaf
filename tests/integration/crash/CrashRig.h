// The real molard with the cases, billing and pay-bank plugins and the demo's people, on a
// fresh database and a fixed loopback port, so that a restart after `kill -9` is the same
// server to its clients; the people who take part in the money paths signed in over HTTP;
// and the database read beside it, as the assertions see it.
#pragma once

#include "Assertions.h"
#include "HttpBrowser.h"
#include "MolardProcess.h"
#include "TestDatabase.h"

#include <Poco/File.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

// Failures on worker threads, asserted once they are done.
struct Problems
{
    void add(const std::string& problem)
    {
        std::lock_guard<std::mutex> lock(mutex);
        list.push_back(problem);
    }
    void expectNone()
    {
        std::string all;
        {
            std::lock_guard<std::mutex> lock(mutex);
            for (const auto& p : list)
                all += p + "\n";
        }
        CPPUNIT_ASSERT_MESSAGE(all, all.empty());
    }
    std::mutex mutex;
    std::vector<std::string> list;
};

// 1234 minor units as a form's amount, "12.34".
inline std::string amountText(std::int64_t minor)
{
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(minor / 100),
                  static_cast<long long>(minor % 100));
    return text;
}

// Yesterday's date in UTC, YYYY-MM-DD: a transfer's value date the bank has surely reached.
inline std::string yesterdayUtc()
{
    const std::time_t then = std::time(nullptr) - 86400;
    std::tm utc{};
    gmtime_r(&then, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return text;
}

class CrashRig
{
public:
    CrashRig() : port(MolardProcess::freePort()), random(std::random_device{}())
    {
        Poco::File(dir.path() + "/config").createDirectories();
        Poco::File(dir.path() + "/files").createDirectories();
        options.binary = MOLARD_PATH;
        options.configDir = dir.path() + "/config";
        options.databaseUrl = database.url();
        options.pluginsDir = MOLAR_PLUGIN_DIR;
        options.plugins = {"cases", "billing", "pay-bank"};
        options.port = port;
        options.demoData = true;
        options.settings = {{"http.publicUrl", "http://127.0.0.1:" + std::to_string(port)},
                            {"files.root", dir.path() + "/files"},
                            {"portal.timeZone", "Asia/Qatar"},
                            {"logging.accessLog", "false"},
                            {"jobs.pollMillis", "100"},
                            {"pay-bank.accountName", "Molar Dental Laboratory W.L.L."},
                            {"pay-bank.bankName", "Doha Bank"},
                            {"pay-bank.iban", "QA58 DOHB 0000 1234 5678 90AB CDEF G"},
                            {"pay-bank.bic", "DOHBQAQA"}};
        seed = random();
        if (const char* chosen = std::getenv("MOLAR_CRASH_SEED"))
            seed = std::stoull(chosen);
        random.seed(seed);
        // The seed, to run a failing order of kills again (MOLAR_CRASH_SEED).
        std::cerr << "\ncrash rig: seed " << seed << ", " << TestDatabase::backend() << "\n";
    }

    sdk::Database& db() { return database.database(); }

    // Starts molard (again) on the same database and port; answers once it is ready.
    void start() { molard = std::make_unique<MolardProcess>(options, std::chrono::seconds(60)); }
    // `kill -9`. The leases its job workers held run out a minute later; the next molard
    // would wait for that, so the dead host's leases are let go at once, as if the minute
    // had passed (a lease is a timeout, not a promise that the job is done).
    void crash()
    {
        molard->kill();
        db().execute("UPDATE molar_jobs SET lease_until = 0 WHERE state = 'running'");
    }
    std::string said() const { return molard ? molard->output() : std::string(); }

    std::unique_ptr<HttpBrowser> signIn(const std::string& email, const std::string& password)
    {
        auto browser = std::make_unique<HttpBrowser>(port);
        const Answer answer = browser->signIn(email, password);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("sign-in of " + email + ": " + answer.body, 303, answer.status);
        return browser;
    }
    // Another browser in the same session (one per thread; a browser is not shared). Sessions
    // live in the database, so they outlast a crash, and sign-ins are rate-limited.
    std::unique_ptr<HttpBrowser> sameSession(const HttpBrowser& browser)
    {
        auto copy = std::make_unique<HttpBrowser>(port);
        for (const char* cookie : {"molar_session", "molar_csrf"})
            if (!browser.cookie(cookie).empty())
                copy->setCookie(cookie, browser.cookie(cookie));
        return copy;
    }
    std::unique_ptr<HttpBrowser> clerk() { return signIn("billing@lab.example", "demo billing clerk"); }
    std::unique_ptr<HttpBrowser> labAdmin() { return signIn("admin@lab.example", "demo lab admin"); }
    std::unique_ptr<HttpBrowser> pearlOwner() { return signIn("owner@pearl.example", "demo pearl owner"); }
    std::unique_ptr<HttpBrowser> pearlDentist()
    {
        return signIn("dentist@pearl.example", "demo pearl dentist");
    }

    std::int64_t pearl()
    {
        return db()
            .query("SELECT organization_id FROM molar_users WHERE email = ?",
                   {std::string("owner@pearl.example")})
            .get(0, "organization_id")
            .asInt();
    }
    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).get(0, "n").asInt();
    }
    std::int64_t between(std::int64_t low, std::int64_t high)
    {
        return std::uniform_int_distribution<std::int64_t>(low, high)(random);
    }

    // The clinic's owner asks to pay an invoice by bank transfer: answers the reference.
    std::string bankReferenceFor(HttpBrowser& owner, std::int64_t invoiceId)
    {
        const Answer asked =
            owner.post("/billing/invoices/" + std::to_string(invoiceId) + "/pay", {{"provider", "bank"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(asked.body, 303, asked.status);
        auto rows = db().query("SELECT reference FROM pay_bank_references WHERE purpose_kind = 'invoice' AND "
                               "purpose_id = ?",
                               {std::to_string(invoiceId)});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        return rows.get(0, "reference").toString();
    }

    // What every bank transfer counted left behind, compared with what the test paid: for
    // each invoice, pay-bank's receipts (all told to the host), the host's receipts and
    // attempt, and billing's payments and balance agree with the transfers made, each once.
    struct Paid
    {
        std::int64_t invoiceId = 0;
        std::int64_t totalMinor = 0;
        std::vector<std::int64_t> transfers; // minor units, one per bank transaction
    };
    void expectEachTransferCountedOnce(const std::vector<Paid>& invoices)
    {
        std::int64_t receipts = 0;
        for (const Paid& paid : invoices) {
            const std::string invoice = std::to_string(paid.invoiceId);
            const std::string what = "invoice " + invoice + " (seed " + std::to_string(seed) + ")";
            std::int64_t sum = 0;
            for (std::int64_t amount : paid.transfers)
                sum += amount;
            const auto n = static_cast<std::int64_t>(paid.transfers.size());
            receipts += n;
            auto row = db().query("SELECT state, total_minor, paid_minor FROM billing_invoices WHERE id = ?",
                                  {invoice});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, paid.totalMinor, row.get(0, "total_minor").asInt());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": paid", sum, row.get(0, "paid_minor").asInt());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": state",
                                         std::string(sum >= paid.totalMinor ? "paid" : "partly_paid"),
                                         row.get(0, "state").toString());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": billing's payments", n,
                                         count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                               "invoice_id = ? AND kind = 'payment'",
                                               {paid.invoiceId}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": billing's payments' sum", sum,
                                         count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM "
                                               "billing_invoice_payments WHERE invoice_id = ? AND kind = "
                                               "'payment'",
                                               {paid.invoiceId}));
            auto attempts = db().query("SELECT id, captured_minor FROM molar_payment_attempts WHERE "
                                       "purpose_kind = 'invoice' AND purpose_id = ?",
                                       {invoice});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": attempts", std::size_t(1), attempts.size());
            const std::string attempt = attempts.get(0, "id").toString();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": captured", sum, attempts.get(0, "captured_minor").asInt());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": host's receipts", n,
                                         count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                               "attempt_id = ? AND kind = 'payment'",
                                               {attempt}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": host's receipts' sum", sum,
                                         count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM "
                                               "molar_payment_receipts WHERE attempt_id = ? AND kind = "
                                               "'payment'",
                                               {attempt}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": pay-bank's receipts", n,
                                         count("SELECT COUNT(*) AS n FROM pay_bank_receipts r JOIN "
                                               "pay_bank_references f ON f.id = r.reference_id WHERE "
                                               "f.attempt_id = ? AND r.recorded = 1",
                                               {attempt}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": pay-bank's receipts' sum", sum,
                                         count("SELECT COALESCE(SUM(r.amount_minor), 0) AS n FROM "
                                               "pay_bank_receipts r JOIN pay_bank_references f ON f.id = "
                                               "r.reference_id WHERE f.attempt_id = ? AND r.recorded = 1",
                                               {attempt}));
        }
        // Nothing counted beside them, and nothing left half recorded.
        CPPUNIT_ASSERT_EQUAL(receipts, count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE recorded = 0"));
        CPPUNIT_ASSERT_EQUAL(receipts, count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                             "provider = 'bank'"));
        CPPUNIT_ASSERT_EQUAL(receipts, count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE "
                                             "provider = 'bank'"));
    }

    // Whatever has arrived so far: each invoice's money as pay-bank counted it, as the host
    // counted it and as billing applied it is the same, receipt for receipt.
    void expectBooksAgree(const std::vector<Paid>& invoices)
    {
        for (const Paid& paid : invoices) {
            const std::string what = "invoice " + std::to_string(paid.invoiceId);
            const std::string attempt =
                db().query("SELECT id FROM molar_payment_attempts WHERE purpose_kind = "
                           "'invoice' AND purpose_id = ?",
                           {std::to_string(paid.invoiceId)})
                    .get(0, "id")
                    .toString();
            const std::int64_t bank =
                count("SELECT COALESCE(SUM(r.amount_minor), 0) AS n FROM pay_bank_receipts "
                      "r JOIN pay_bank_references f ON f.id = r.reference_id WHERE "
                      "f.attempt_id = ? AND r.recorded = 1",
                      {attempt});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                what + ": the host's receipts", bank,
                count("SELECT COALESCE(SUM(amount_minor), 0) AS n FROM "
                      "molar_payment_receipts WHERE attempt_id = ? AND kind = 'payment'",
                      {attempt}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                what + ": billing's", bank,
                count("SELECT paid_minor AS n FROM billing_invoices WHERE id = ?", {paid.invoiceId}));
        }
        CPPUNIT_ASSERT_EQUAL(
            count("SELECT COUNT(*) AS n FROM pay_bank_receipts"),
            count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE provider = 'bank'"));
        CPPUNIT_ASSERT_EQUAL(
            count("SELECT COUNT(*) AS n FROM pay_bank_receipts"),
            count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE provider = 'bank'"));
    }

    // Runs `work` on `threads` threads at once and answers when all are done; their
    // exceptions (a connection cut by the crash) are theirs to catch.
    static void together(int threads, const std::function<void(int)>& work)
    {
        std::vector<std::thread> running;
        for (int i = 0; i < threads; ++i)
            running.emplace_back([&work, i] { work(i); });
        for (auto& t : running)
            t.join();
    }

    static bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds within)
    {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (!condition()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    int port;
    TestDatabase database;
    TempDir dir;
    MolardOptions options;
    std::mt19937_64 random;
    std::uint64_t seed = 0;
    std::unique_ptr<MolardProcess> molard; // last: killed before the database goes
};

} // namespace molar::test

// Three molard hosts on one MariaDB database and one shared files folder, behind nginx with
// an upstream of the three (as docs/operations.md sets it up). The three start at once on an
// empty database; Pearl's dentists send crown cases with scans, the lab takes them to
// delivered (billing's job invoices each), the billing clerk records bank transfers, all
// through nginx, and one host is killed with SIGKILL in the middle. Then: every migration ran
// once; every answered request's effect is stored once; every session still works on the
// hosts left; every job ran once; invoice numbers have no gap or repeat; every transfer
// counts once; a sign-in lockout counts failures made on different hosts. It prints requests
// per second through one host and through three.
#include "Assertions.h"
#include "ChildProcess.h"
#include "HttpBrowser.h"
#include "MolardProcess.h"
#include "TestDatabase.h"
#include <Poco/FileStream.h>

#include "../cases/CasesPortal.h"
#include "../crash/CrashRig.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

constexpr int kHosts = 3;
constexpr int kDentists = 3;
constexpr int kCasesPerDentist = 8;

void writeFile(const std::string& path, const std::string& text)
{
    Poco::FileOutputStream out(path);
    out << text;
}

// nginx in front of the hosts, as packaging/nginx/molar.conf is (without TLS): a request
// that reached a host is never sent to another (nginx does not retry a POST it sent).
class Nginx
{
public:
    Nginx(const std::string& dir, const std::vector<int>& upstreams) : _port(MolardProcess::freePort())
    {
        Poco::File(dir + "/logs").createDirectories();
        std::string servers;
        for (int port : upstreams)
            servers +=
                "        server 127.0.0.1:" + std::to_string(port) + " max_fails=1 fail_timeout=30s;\n";
        writeFile(
            dir + "/nginx.conf",
            "daemon off;\nworker_processes 1;\npid " + dir + "/nginx.pid;\nerror_log " + dir +
                "/logs/error.log warn;\nevents { worker_connections 256; }\nhttp {\n"
                "    access_log off;\n    client_body_temp_path " +
                dir + "/body;\n    proxy_temp_path " + dir + "/proxy;\n    upstream molard {\n" + servers +
                "        keepalive 16;\n    }\n    server {\n        listen 127.0.0.1:" +
                std::to_string(_port) +
                ";\n        client_max_body_size 210m;\n        location / {\n"
                "            proxy_pass http://molard;\n            proxy_http_version 1.1;\n"
                "            proxy_set_header Connection \"\";\n            proxy_set_header Host $host;\n"
                "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                "            proxy_set_header X-Forwarded-Proto $scheme;\n"
                "            proxy_set_header X-Request-Id $request_id;\n"
                "            proxy_read_timeout 60s;\n        }\n    }\n}\n");
        _process = std::make_unique<ChildProcess>(
            "nginx", std::vector<std::string>{"-p", dir, "-c", dir + "/nginx.conf"});
        if (!CrashRig::waitFor([this] { return answers(); }, std::chrono::seconds(10)))
            throw std::runtime_error("nginx did not start: " + _process->output());
    }
    // SIGTERM: the master stops its worker, which holds the output pipe too.
    ~Nginx() { _process->stop(); }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;
    int port() const { return _port; }

private:
    bool answers() const
    {
        try {
            Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_port));
            Poco::Net::HTTPRequest request("GET", "/healthz");
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            session.receiveResponse(response);
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }
    int _port;
    std::unique_ptr<ChildProcess> _process;
};

} // namespace

class ScaleOutTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ScaleOutTest);
    CPPUNIT_TEST(testThreeHostsOnOneDatabaseKeepEveryInvariantThroughAKill);
    CPPUNIT_TEST_SUITE_END();

    TestDatabase _database;
    TempDir _dir;
    std::vector<std::unique_ptr<MolardProcess>> _hosts;

    sdk::Database& db() { return _database.database(); }
    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).get(0, "n").asInt();
    }

    MolardOptions hostOptions(bool demoData)
    {
        MolardOptions options;
        options.binary = MOLARD_PATH;
        options.configDir = _dir.path() + "/config";
        options.databaseUrl = _database.url();
        options.pluginsDir = MOLAR_PLUGIN_DIR;
        options.plugins = {"cases", "billing", "pay-bank"};
        options.demoData = demoData;
        options.settings = {{"http.publicUrl", "https://portal.lab.test"},
                            {"http.trustedProxies", "127.0.0.1"},
                            {"files.root", _dir.path() + "/shared-files"},
                            {"portal.timeZone", "Asia/Qatar"},
                            {"logging.accessLog", "false"},
                            {"jobs.pollMillis", "100"},
                            {"pay-bank.accountName", "Molar Dental Laboratory W.L.L."},
                            {"pay-bank.bankName", "Doha Bank"},
                            {"pay-bank.iban", "QA58 DOHB 0000 1234 5678 90AB CDEF G"},
                            {"pay-bank.bic", "DOHBQAQA"}};
        return options;
    }

    // Requests per second of a signed-in list page, `threads` browsers for `seconds`.
    static double pagesPerSecond(int port, const std::vector<std::pair<std::string, std::string>>& cookies,
                                 int threads, int seconds)
    {
        std::atomic<long> done{0};
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        CrashRig::together(threads, [&](int) {
            HttpBrowser browser(port);
            for (const auto& [name, value] : cookies)
                browser.setCookie(name, value);
            while (std::chrono::steady_clock::now() < until)
                if (browser.get("/cases").status == 200)
                    ++done;
        });
        return static_cast<double>(done) / seconds;
    }

public:
    void testThreeHostsOnOneDatabaseKeepEveryInvariantThroughAKill()
    {
        if (TestDatabase::backend() != "mysql") {
            std::cerr << "scale-out runs on MariaDB only (MOLAR_TEST_DB=mysql)\n";
            return;
        }
        Poco::File(_dir.path() + "/config").createDirectories();
        Poco::File(_dir.path() + "/shared-files").createDirectories();

        // --- three hosts started at once on an empty database -----------------------------
        _hosts.resize(kHosts);
        Problems starting;
        CrashRig::together(kHosts, [&](int h) {
            try {
                _hosts[static_cast<std::size_t>(h)] =
                    std::make_unique<MolardProcess>(hostOptions(h == 0), std::chrono::seconds(90));
            } catch (const std::exception& e) {
                starting.add(e.what());
            }
        });
        starting.expectNone();
        std::map<std::string, int> applied; // "module/version" -> hosts that said they applied it
        const std::regex appliedLine("applied migration (\\S+)");
        for (const auto& host : _hosts) {
            const std::string said = host->output();
            for (std::sregex_iterator it(said.begin(), said.end(), appliedLine), end; it != end; ++it)
                ++applied[(*it)[1]];
        }
        const std::int64_t recorded = count("SELECT COUNT(*) AS n FROM molar_migrations");
        CPPUNIT_ASSERT(recorded > 10);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("each migration said applied by one host",
                                     static_cast<std::size_t>(recorded), applied.size());
        for (const auto& [migration, hosts] : applied)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(migration + " applied by more than one host", 1, hosts);

        Nginx nginx(_dir.path() + "/nginx", {_hosts[0]->port(), _hosts[1]->port(), _hosts[2]->port()});
        auto signIn = [&](const std::string& email, const std::string& password) {
            auto browser = std::make_unique<HttpBrowser>(nginx.port());
            const Answer answer = browser->signIn(email, password);
            CPPUNIT_ASSERT_EQUAL_MESSAGE("sign-in of " + email + ": " + answer.body, 303, answer.status);
            return browser;
        };
        auto sameSession = [&](const HttpBrowser& browser, int port) {
            auto copy = std::make_unique<HttpBrowser>(port);
            for (const char* cookie : {"molar_session", "molar_csrf"})
                if (!browser.cookie(cookie).empty())
                    copy->setCookie(cookie, browser.cookie(cookie));
            return copy;
        };
        auto admin = signIn("admin@lab.example", "demo lab admin");
        auto dentist = signIn("dentist@pearl.example", "demo pearl dentist");
        auto clerk = signIn("billing@lab.example", "demo billing clerk");
        auto owner = signIn("owner@pearl.example", "demo pearl owner");
        {
            const std::int64_t pearl =
                db().query("SELECT organization_id AS n FROM molar_users WHERE email = ?",
                           {std::string("owner@pearl.example")})
                    .get(0, "n")
                    .asInt();
            const Answer terms = admin->post("/lab/billing/accounts/" + std::to_string(pearl),
                                             {{"mode", "net_terms"}, {"netTermsDays", "30"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(terms.body, 303, terms.status);
        }
        const std::int64_t clinic =
            db().query("SELECT c.id AS n FROM molar_clinics c JOIN molar_users u ON u.organization_id = "
                       "c.organization_id WHERE u.email = ? ORDER BY c.id",
                       {std::string("owner@pearl.example")})
                .get(0, "n")
                .asInt();

        // --- requests per second: one host, then three behind nginx ---------------------------
        const std::vector<std::pair<std::string, std::string>> dentistCookies{
            {"molar_session", dentist->cookie("molar_session")},
            {"molar_csrf", dentist->cookie("molar_csrf")}};
        const double oneHost = pagesPerSecond(_hosts[0]->port(), dentistCookies, 6, 4);
        const double threeHosts = pagesPerSecond(nginx.port(), dentistCookies, 6, 4);
        std::cerr << "\nscale-out: case list, 6 browsers: one host " << oneHost
                  << " pages/s, three hosts behind nginx " << threeHosts
                  << " pages/s (2 cores: the figure is about correctness, not speed)\n";

        // --- mixed load through nginx, one host killed in the middle ---------------------------
        Problems problems;
        std::mutex mutex;
        std::map<std::string, std::int64_t> answeredCases; // patientRef -> case id, answered 303
        std::set<std::int64_t> answeredDeliveries;
        std::atomic<int> casesAnswered{0};
        std::atomic<bool> killed{false};
        std::thread killer([&] {
            CrashRig::waitFor([&] { return casesAnswered >= kDentists * kCasesPerDentist / 3; },
                              std::chrono::seconds(120));
            killed = true; // before: a request cut short may be answered 502 at once
            _hosts[1]->kill();
        });
        CrashRig::together(kDentists, [&](int d) {
            auto dentistHere = sameSession(*dentist, nginx.port());
            auto adminHere = sameSession(*admin, nginx.port());
            for (int n = 0; n < kCasesPerDentist; ++n) {
                const std::string ref = "SCALE-" + std::to_string(d) + "-" + std::to_string(n);
                try {
                    const Answer created = dentistHere->post(
                        "/cases/new", {{"patientRef", ref}, {"clinic", std::to_string(clinic)}});
                    if (created.status != 303) {
                        if (!killed)
                            problems.add("new case " + ref + ": " + std::to_string(created.status));
                        continue;
                    }
                    const std::string location = created.header("Location");
                    const std::string base = location.substr(0, location.find("/edit/"));
                    const std::int64_t id = std::stoll(base.substr(std::string("/cases/").size()));
                    {
                        std::lock_guard<std::mutex> lock(mutex);
                        answeredCases[ref] = id;
                    }
                    ++casesAnswered;
                    std::string refused; // the first step not answered 303, with its answer
                    auto step = [&](const std::string& what, const Answer& answer) {
                        if (refused.empty() && answer.status != 303)
                            refused = what + ": " + std::to_string(answer.status) + " " +
                                      answer.body.substr(0, 200);
                        return refused.empty();
                    };
                    for (const auto& [path, form] : std::vector<std::pair<std::string, Form>>{
                             {"/edit/product", {{"product", "zirconia_crown"}}},
                             {"/edit/teeth", {{"numbering", "fdi"}, {"tooth-11", "crown"}}},
                             {"/edit/shade", {{"shade", "classical:A2"}}},
                             {"/edit/fields", {{"field-margin", "chamfer"}}}})
                        if (refused.empty())
                            step(path, dentistHere->post(base + path, form));
                    if (refused.empty())
                        step("upload",
                             dentistHere->postFile(base + "/files?return=wizard", {{"slot", "upper_scan"}},
                                                   "file", "upper.stl", binaryStl(2000)));
                    if (refused.empty())
                        step("confirm", dentistHere->post(base + "/edit/confirm",
                                                          {{"truthful", "yes"}, {"privacy", "yes"}}));
                    if (refused.empty())
                        step("submit", dentistHere->post(base + "/submit", {}));
                    for (const char* action :
                         {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"})
                        if (refused.empty())
                            step(action, adminHere->post(base + "/actions/" + action, {}));
                    const bool sent = refused.empty();
                    if (sent) {
                        std::lock_guard<std::mutex> lock(mutex);
                        answeredDeliveries.insert(id);
                    } else if (!killed) {
                        problems.add("case " + ref + " before the kill: " + refused);
                    }
                } catch (const std::exception& e) {
                    if (!killed)
                        problems.add("case " + ref + ": " + e.what());
                }
            }
        });
        killer.join();
        problems.expectNone();
        CPPUNIT_ASSERT(killed);
        std::cerr << "scale-out: " << answeredCases.size() << " cases answered, " << answeredDeliveries.size()
                  << " taken to delivered; host 2 of 3 killed after " << kDentists * kCasesPerDentist / 3
                  << "\n";
        // Most work got through: a request in flight on the killed host fails, the rest go on.
        CPPUNIT_ASSERT(answeredDeliveries.size() >=
                       static_cast<std::size_t>(kDentists * kCasesPerDentist) / 2);

        // Every answered case exists once, under its reference; no reference twice.
        for (const auto& [ref, id] : answeredCases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                ref, std::int64_t(1),
                count("SELECT COUNT(*) AS n FROM cases_cases WHERE patient_ref = ? AND id = ?", {ref, id}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count("SELECT COUNT(*) AS n FROM (SELECT patient_ref FROM cases_cases "
                                   "WHERE patient_ref LIKE 'SCALE-%' GROUP BY patient_ref HAVING "
                                   "COUNT(*) > 1) twice"));
        // Every delivery answered is kept, and each stored scan is in the shared folder.
        for (std::int64_t id : answeredDeliveries)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "case " + std::to_string(id), std::string("delivered"),
                db().query("SELECT status FROM cases_cases WHERE id = ?", {id}).get(0, "status").toString());
        // Every stored scan's row names a file in the shared folder, whichever host wrote it.
        // A file the killed host wrote before its row committed is left over, unnamed: at most
        // one per upload in flight at the kill.
        auto rows = db().query("SELECT store_key FROM cases_files");
        for (std::size_t r = 0; r < rows.size(); ++r)
            CPPUNIT_ASSERT_MESSAGE(rows.get(r, "store_key").toString(),
                                   std::filesystem::is_regular_file(_dir.path() + "/shared-files/cases/" +
                                                                    rows.get(r, "store_key").toString()));
        std::size_t stored = 0;
        for (const auto& entry :
             std::filesystem::recursive_directory_iterator(_dir.path() + "/shared-files/cases"))
            stored += entry.is_regular_file() ? 1 : 0;
        CPPUNIT_ASSERT(stored >= rows.size() && stored <= rows.size() + kDentists);
        std::cerr << "scale-out: " << rows.size() << " scans stored, " << stored - rows.size()
                  << " file(s) the killed host wrote without a row\n";

        // Sessions live in the database: each browser goes on, on each host left, unsigned-in.
        for (int h : {0, 2})
            for (const HttpBrowser* who : {admin.get(), dentist.get(), clerk.get(), owner.get()}) {
                auto here = sameSession(*who, _hosts[static_cast<std::size_t>(h)]->port());
                const Answer page = here->get("/account/profile"); // signed-in users' own page
                CPPUNIT_ASSERT_EQUAL_MESSAGE("a session on host " + std::to_string(h + 1), 200, page.status);
            }

        // The killed host's job leases run out (a minute, let go at once here); the other
        // hosts' workers finish every job, each once: one invoice a delivered case.
        db().execute("UPDATE molar_jobs SET lease_until = 0 WHERE state = 'running'");
        CPPUNIT_ASSERT_MESSAGE("jobs left undone",
                               CrashRig::waitFor(
                                   [&] {
                                       return count("SELECT COUNT(*) AS n FROM molar_jobs WHERE "
                                                    "state IN ('pending', 'running')") == 0;
                                   },
                                   std::chrono::seconds(90)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count("SELECT COUNT(*) AS n FROM molar_jobs WHERE state NOT IN ('done')"));
        CPPUNIT_ASSERT_EQUAL(count("SELECT COUNT(*) AS n FROM billing_deliveries"),
                             count("SELECT COUNT(*) AS n FROM billing_invoices WHERE case_id > 0"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count("SELECT COUNT(*) AS n FROM (SELECT case_id FROM billing_invoices "
                                   "WHERE case_id > 0 GROUP BY case_id HAVING COUNT(*) > 1) twice"));
        auto counters = db().query("SELECT year, last_number FROM billing_invoice_counters");
        CPPUNIT_ASSERT(counters.size() > 0);
        for (std::size_t i = 0; i < counters.size(); ++i) {
            const std::string prefix = "INV-" + counters.get(i, "year").toString() + "-";
            const std::int64_t last = counters.get(i, "last_number").asInt();
            auto numbers =
                db().query("SELECT number FROM billing_invoices WHERE number LIKE ?", {prefix + "%"});
            std::set<std::int64_t> seen;
            for (std::size_t r = 0; r < numbers.size(); ++r)
                seen.insert(std::stoll(numbers.get(r, "number").toString().substr(prefix.size())));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(prefix + " numbers", static_cast<std::size_t>(last), numbers.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(prefix + " repeats", numbers.size(), seen.size());
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1), *seen.begin());
            CPPUNIT_ASSERT_EQUAL(last, *seen.rbegin());
        }

        // Bank transfers for the invoices, recorded by the clerk through nginx on the two
        // hosts left, each sent twice (a retry): each counts once.
        std::vector<std::pair<std::string, std::int64_t>> transfers; // reference, amount
        for (std::int64_t id : answeredDeliveries) {
            auto invoice = db().query("SELECT id, total_minor FROM billing_invoices WHERE case_id = ?", {id});
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), invoice.size());
            const Answer asked = owner->post("/billing/invoices/" + invoice.get(0, "id").toString() + "/pay",
                                             {{"provider", "bank"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(asked.body, 303, asked.status);
            const std::string reference =
                db().query("SELECT reference FROM pay_bank_references WHERE purpose_kind = 'invoice' AND "
                           "purpose_id = ?",
                           {invoice.get(0, "id").toString()})
                    .get(0, "reference")
                    .toString();
            transfers.emplace_back(reference, invoice.get(0, "total_minor").asInt());
        }
        for (int round = 0; round < 2; ++round)
            CrashRig::together(3, [&](int t) {
                auto clerkHere = sameSession(*clerk, nginx.port());
                for (std::size_t i = static_cast<std::size_t>(t); i < transfers.size(); i += 3) {
                    const Answer answer =
                        clerkHere->post("/lab/payments/bank/references/" + transfers[i].first + "/receipts",
                                        {{"amount", amountText(transfers[i].second)},
                                         {"valueDate", yesterdayUtc()},
                                         {"bankTransactionId", "SCALE-BT-" + std::to_string(i)},
                                         {"note", "Transfer from Pearl Dental"}});
                    if (answer.status != (round == 0 ? 303 : 409))
                        problems.add("transfer " + std::to_string(i) + " round " + std::to_string(round) +
                                     ": " + std::to_string(answer.status));
                }
            });
        problems.expectNone();
        CPPUNIT_ASSERT_MESSAGE("receipts not told to the host",
                               CrashRig::waitFor(
                                   [&] {
                                       return count("SELECT COUNT(*) AS n FROM pay_bank_receipts WHERE "
                                                    "recorded = 0") == 0;
                                   },
                                   std::chrono::seconds(30)));
        const auto paid = static_cast<std::int64_t>(transfers.size());
        CPPUNIT_ASSERT_EQUAL(paid, count("SELECT COUNT(*) AS n FROM pay_bank_receipts"));
        CPPUNIT_ASSERT_EQUAL(
            paid, count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE provider = 'bank'"));
        CPPUNIT_ASSERT_EQUAL(
            paid, count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE provider = 'bank'"));
        for (std::int64_t id : answeredDeliveries)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "invoice of case " + std::to_string(id), std::string("paid"),
                db().query("SELECT state FROM billing_invoices WHERE case_id = ?", {id})
                    .get(0, "state")
                    .toString());

        // A lockout counts failures wherever they were made (the demo allows 3): a wrong
        // password on host 1 and on host 3 is refused (401); the third, through nginx, locks
        // the account (429), which counted per host would be a first failure; then the right
        // password is refused on host 1 too.
        for (int h : {0, 2}) {
            HttpBrowser browser(_hosts[static_cast<std::size_t>(h)]->port());
            CPPUNIT_ASSERT_EQUAL(401, browser.signIn("tech@lab.example", "not the password").status);
        }
        {
            HttpBrowser browser(nginx.port());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "the third failure, on another host, locks", 429,
                browser.signIn("tech@lab.example", "not the password either").status);
        }
        HttpBrowser late(_hosts[0]->port());
        const Answer locked = late.signIn("tech@lab.example", "demo technician");
        CPPUNIT_ASSERT_EQUAL_MESSAGE("three failures on three hosts lock the account", 429, locked.status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ScaleOutTest);

// Password reset over real HTTP on both databases: the same answer for unknown
// addresses, a link that works once, expires (ManualClock), dies when the password
// changes another way, and ends every session of the account. The link is made
// when its email goes out: no event, job or message row ever holds it.
#include "../notify/NotifyTestSupport.h"
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"
#include "TestDatabase.h"

#include "accounts/AccountProvisioning.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"
#include "core/Json.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace molar;
using namespace molar::host;
using test::Answer;
using test::HttpBrowser;

namespace {
const std::string OWNER = "owner@smile.example";
const std::string OWNER_PASSWORD = "demo smile owner";
const std::string FRESH = "a quiet harbour at dawn";
} // namespace

class PasswordResetTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PasswordResetTest);
    CPPUNIT_TEST(testUnknownAddressGetsTheSameAnswerAndNoMessage);
    CPPUNIT_TEST(testLinkWorksOnceAndEndsEverySession);
    CPPUNIT_TEST(testLinkExpires);
    CPPUNIT_TEST(testLinkDiesWhenThePasswordChangesAnotherWay);
    CPPUNIT_TEST(testWeakPasswordIsRefusedAndTheLinkStaysUsable);
    CPPUNIT_TEST(testAnAccountGetsThreeLinksAnHourAtMost);
    CPPUNIT_TEST(testNoRowEverHoldsTheLink);
    CPPUNIT_TEST(testALinkThatExpiredBeforeItsEmailIsNotSent);
    CPPUNIT_TEST(testFinishedJobsArePurgedAfterTheRetention);
    CPPUNIT_TEST(testWelcomeEmailCarriesAWorkingLinkAndNoPassword);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _demoPortal = std::make_unique<test::DemoPortal>(
            _clock, test::DemoPortal::Settings{{"http.publicUrl", "https://portal.example-lab.com"},
                                               {"notifications.logChannels", "email"},
                                               {"jobs.workers", "0"}});
        _portal = &_demoPortal->portal();
        _portal->channels().add("test-mail", _mail, nullptr);
    }

    void tearDown() override
    {
        _portal = nullptr;
        _demoPortal.reset();
    }

    void testUnknownAddressGetsTheSameAnswerAndNoMessage()
    {
        HttpBrowser browser(*_portal);
        browser.get("/password/forgot");
        Answer unknown = browser.post("/password/forgot", {{"email", "nobody@nowhere.example"}});
        Answer known = browser.post("/password/forgot", {{"email", OWNER}});
        CPPUNIT_ASSERT_EQUAL(200, unknown.status);
        CPPUNIT_ASSERT_EQUAL(known.status, unknown.status);
        CPPUNIT_ASSERT_EQUAL(mainOf(known.body), mainOf(unknown.body));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), links().size());
    }

    void testLinkWorksOnceAndEndsEverySession()
    {
        HttpBrowser elsewhere(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, elsewhere.signIn(OWNER, OWNER_PASSWORD).status);
        HttpBrowser browser(*_portal);
        const std::string path = requestLink(browser);
        CPPUNIT_ASSERT_EQUAL(200, browser.get(path).status);
        Answer done = browser.post(path, {{"password", FRESH}, {"confirm", FRESH}});
        CPPUNIT_ASSERT_EQUAL(303, done.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/sign-in?reset=1"), done.header("Location"));
        CPPUNIT_ASSERT_EQUAL(410, browser.get(path).status);
        CPPUNIT_ASSERT_EQUAL(410, browser.post(path, {{"password", FRESH}, {"confirm", FRESH}}).status);
        // The session signed in before the reset is over; the new password works, the old does not.
        MOLAR_ASSERT_CONTAINS("href=\"/sign-in?return=", elsewhere.get("/").body);
        HttpBrowser later(*_portal);
        CPPUNIT_ASSERT_EQUAL(401, later.signIn(OWNER, OWNER_PASSWORD).status);
        CPPUNIT_ASSERT_EQUAL(303, later.signIn(OWNER, FRESH).status);
    }

    void testLinkExpires()
    {
        HttpBrowser browser(*_portal);
        const std::string path = requestLink(browser);
        _clock.advance(std::chrono::minutes(59));
        CPPUNIT_ASSERT_EQUAL(200, browser.get(path).status);
        _clock.advance(std::chrono::minutes(2));
        CPPUNIT_ASSERT_EQUAL(410, browser.get(path).status);
        CPPUNIT_ASSERT_EQUAL(410, browser.post(path, {{"password", FRESH}, {"confirm", FRESH}}).status);
    }

    void testLinkDiesWhenThePasswordChangesAnotherWay()
    {
        HttpBrowser browser(*_portal);
        const std::string path = requestLink(browser);
        HttpBrowser owner(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, owner.signIn(OWNER, OWNER_PASSWORD).status);
        Answer changed = owner.post("/account/password",
                                    {{"current", OWNER_PASSWORD}, {"password", FRESH}, {"confirm", FRESH}});
        CPPUNIT_ASSERT_EQUAL(200, changed.status);
        CPPUNIT_ASSERT_EQUAL(410, browser.get(path).status);
    }

    void testWeakPasswordIsRefusedAndTheLinkStaysUsable()
    {
        HttpBrowser browser(*_portal);
        const std::string path = requestLink(browser);
        Answer weak = browser.post(path, {{"password", "password123"}, {"confirm", "password123"}});
        CPPUNIT_ASSERT_EQUAL(422, weak.status);
        MOLAR_ASSERT_CONTAINS("id=\"password-error\"", weak.body);
        Answer mismatch = browser.post(path, {{"password", FRESH}, {"confirm", FRESH + "!"}});
        CPPUNIT_ASSERT_EQUAL(422, mismatch.status);
        MOLAR_ASSERT_CONTAINS("id=\"confirm-error\"", mismatch.body);
        CPPUNIT_ASSERT_EQUAL(303, browser.post(path, {{"password", FRESH}, {"confirm", FRESH}}).status);
    }

    void testAnAccountGetsThreeLinksAnHourAtMost()
    {
        HttpBrowser browser(*_portal);
        browser.get("/password/forgot");
        std::string first;
        for (int i = 0; i < 5; ++i) {
            Answer answer = browser.post("/password/forgot", {{"email", OWNER}});
            CPPUNIT_ASSERT_EQUAL(200, answer.status);
            if (i == 0)
                first = mainOf(answer.body);
            CPPUNIT_ASSERT_EQUAL(first, mainOf(answer.body)); // nothing tells a stranger they were stopped
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), links().size());
        _clock.advance(std::chrono::minutes(61));
        browser.post("/password/forgot", {{"email", OWNER}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), links().size());
    }

    void testNoRowEverHoldsTheLink()
    {
        HttpBrowser browser(*_portal);
        browser.get("/password/forgot");
        CPPUNIT_ASSERT_EQUAL(200, browser.post("/password/forgot", {{"email", OWNER}}).status);
        // Queued: the event names the link by id.
        const std::string queued = dump("molar_jobs");
        MOLAR_ASSERT_CONTAINS("\"resetId\"", queued);
        CPPUNIT_ASSERT(queued.find("/password/reset/") == std::string::npos);
        const auto all = links();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), all.size());
        const std::string token = all.back().substr(all.back().rfind('/') + 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), token.size());
        for (const char* table :
             {"molar_jobs", "molar_notifications", "molar_audit", "molar_password_resets"}) {
            const std::string rows = dump(table);
            if (rows.find(token) != std::string::npos)
                CPPUNIT_FAIL(std::string(table) + " holds the emailed token");
        }
        CPPUNIT_ASSERT(dump("molar_notifications").find("/password/reset/") == std::string::npos);
        // The emailed link works.
        const std::string path = all.back().substr(std::string("https://portal.example-lab.com").size());
        CPPUNIT_ASSERT_EQUAL(200, browser.get(path).status);
        CPPUNIT_ASSERT_EQUAL(303, browser.post(path, {{"password", FRESH}, {"confirm", FRESH}}).status);
        HttpBrowser later(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, later.signIn(OWNER, FRESH).status);
    }

    void testALinkThatExpiredBeforeItsEmailIsNotSent()
    {
        HttpBrowser browser(*_portal);
        browser.get("/password/forgot");
        CPPUNIT_ASSERT_EQUAL(200, browser.post("/password/forgot", {{"email", OWNER}}).status);
        _clock.advance(std::chrono::minutes(61));
        CPPUNIT_ASSERT(links().empty());
        auto rows = _portal->database().query("SELECT status, last_error FROM molar_notifications");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), rows.row(0).at(0).asString());
        MOLAR_ASSERT_CONTAINS("expired", rows.row(0).at(1).asString());
    }

    void testFinishedJobsArePurgedAfterTheRetention()
    {
        auto& db = _portal->database();
        HttpBrowser browser(*_portal);
        requestLink(browser);
        const std::int64_t now = millisSinceEpoch(_clock.now());
        const std::int64_t day = 24 * 3600 * 1000LL;
        db.execute("DELETE FROM molar_jobs");
        auto add = [&](const std::string& state, std::int64_t finishedDaysAgo) {
            db.execute(
                "INSERT INTO molar_jobs (name, payload, state, attempts, max_attempts, first_retry_ms,"
                " lease_ms, run_at, created_at, finished_at) VALUES (?, '{}', ?, 1, 3, 1000, 1000, ?, ?, ?)",
                {"test." + state, state, now, now - 30 * day,
                 finishedDaysAgo < 0 ? sdk::Value() : sdk::Value(now - finishedDaysAgo * day)});
        };
        add("done", 8);    // past the week's retention: goes
        add("done", 6);    // within it: stays
        add("parked", 30); // failed for good: stays for an admin
        add("pending", -1);
        _clock.advance(std::chrono::hours(2)); // the purge runs hourly
        CPPUNIT_ASSERT(_portal->jobs().runDueSchedules() >= 1);
        auto rows = db.query("SELECT state, finished_at FROM molar_jobs ORDER BY id");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("done"), rows.row(0).at(0).asString());
        CPPUNIT_ASSERT_EQUAL(std::string("parked"), rows.row(1).at(0).asString());
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), rows.row(2).at(0).asString());
    }

    void testWelcomeEmailCarriesAWorkingLinkAndNoPassword()
    {
        HttpBrowser admin(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, admin.signIn("admin@lab.example", "demo lab admin").status);
        admin.get("/admin/users/new");
        Answer created = admin.post("/admin/users", {{"side", "lab"},
                                                     {"labRole", "technician"},
                                                     {"firstName", "Rania"},
                                                     {"lastName", "Aziz"},
                                                     {"email", "rania@lab.example"},
                                                     {"username", "rania"},
                                                     {"phone", ""}});
        CPPUNIT_ASSERT_EQUAL(200, created.status);
        const auto start = created.body.find("<code>") + 6;
        const std::string temporary = created.body.substr(start, created.body.find("</code>", start) - start);
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), temporary.size());
        const auto all = links();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), all.size());
        const auto mail = _mail->sent().back();
        CPPUNIT_ASSERT(mail.text.find(temporary) == std::string::npos);
        const std::string token = all.back().substr(all.back().rfind('/') + 1);
        for (const char* table : {"molar_jobs", "molar_notifications", "molar_audit"}) {
            const std::string rows = dump(table);
            if (rows.find(token) != std::string::npos || rows.find(temporary) != std::string::npos)
                CPPUNIT_FAIL(std::string(table) + " holds a secret of the new account");
        }
        HttpBrowser rania(*_portal);
        const std::string path = all.back().substr(std::string("https://portal.example-lab.com").size());
        CPPUNIT_ASSERT_EQUAL(200, rania.get(path).status);
        CPPUNIT_ASSERT_EQUAL(303, rania.post(path, {{"password", FRESH}, {"confirm", FRESH}}).status);
        CPPUNIT_ASSERT_EQUAL(303, rania.signIn("rania@lab.example", FRESH).status);
    }

private:
    // Sends what is queued; the reset links emailed so far, oldest first.
    std::vector<std::string> links()
    {
        while (_portal->jobs().runOnce()) {
        }
        std::vector<std::string> out;
        const std::string prefix = "https://portal.example-lab.com/password/reset/";
        for (const auto& mail : _mail->sent()) {
            const auto at = mail.text.find(prefix);
            if (at != std::string::npos)
                out.push_back(mail.text.substr(at, prefix.size() + 64));
        }
        return out;
    }

    // Every value of every row of `table`, as text.
    std::string dump(const std::string& table)
    {
        auto rows = _portal->database().query("SELECT * FROM " + table);
        std::string out;
        for (std::size_t r = 0; r < rows.size(); ++r)
            for (const auto& v : rows.row(r))
                out += (v.isNull() ? "" : v.isString() ? v.asString() : v.toString()) + "\n";
        return out;
    }

    std::string requestLink(HttpBrowser& browser)
    {
        browser.get("/password/forgot");
        CPPUNIT_ASSERT_EQUAL(200, browser.post("/password/forgot", {{"email", OWNER}}).status);
        auto all = links();
        CPPUNIT_ASSERT(!all.empty());
        const std::string prefix = "https://portal.example-lab.com";
        CPPUNIT_ASSERT(all.back().rfind(prefix + "/password/reset/", 0) == 0);
        return all.back().substr(prefix.size());
    }

    static std::string mainOf(const std::string& page)
    {
        auto start = page.find("<main");
        auto end = page.find("</main>");
        return page.substr(start, end - start);
    }

    ManualClock _clock;
    std::shared_ptr<test::RecordingChannel> _mail =
        std::make_shared<test::RecordingChannel>("email", sdk::AddressKind::Email);
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordResetTest);

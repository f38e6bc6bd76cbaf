// Password reset over real HTTP on both databases: the same answer for unknown
// addresses, a link that works once, expires (ManualClock), dies when the password
// changes another way, and ends every session of the account.
#include "../Assertions.h"
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
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _demoPortal = std::make_unique<test::DemoPortal>(
            _clock, test::DemoPortal::Settings{{"http.publicUrl", "https://portal.example-lab.com"},
                                               {"notifications.logChannels", "email"},
                                               {"jobs.workers", "0"}});
        _portal = &_demoPortal->portal();
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

private:
    // The reset links queued for delivery (each event's fan-out job), oldest first.
    std::vector<std::string> links()
    {
        auto rows = _portal->database().query("SELECT payload FROM molar_jobs WHERE name = ? ORDER BY id",
                                              {"notifications.fanout"});
        std::vector<std::string> out;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            auto message = fromJson(rows.row(r).at(0).asString());
            if (message.getString("event") == "account.password_reset_requested")
                out.push_back(message.getString("link"));
        }
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
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordResetTest);

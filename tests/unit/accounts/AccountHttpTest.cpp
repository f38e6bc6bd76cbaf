// Accounts over real HTTP on both databases: a Portal on a free loopback port with
// the demo's people, driven by browsers that keep their own cookies. Signing in and
// out, the CSRF check, the session cookie, the temporary-password gate, changing the
// password (and what it does to other sessions), and no page showing another user.
#include "Assertions.h"
#include "TestDatabase.h"

#include "accounts/AccountProvisioning.h"
#include "accounts/SessionStore.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include "DemoPortal.h"
#include "HttpBrowser.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cppunit/extensions/HelperMacros.h>

#include <future>
#include <map>
#include <memory>

using namespace molar;
using namespace molar::host;

namespace {

using test::Answer;
using Browser = test::HttpBrowser;
using test::Form;

const std::string kInvalidText = "That email, username or password is not right.";

} // namespace

class AccountHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccountHttpTest);
    CPPUNIT_TEST(testSignInPageHasALabelledForm);
    CPPUNIT_TEST(testSignInWithoutTheCsrfTokenIsRefused);
    CPPUNIT_TEST(testSignInSetsTheSessionCookieAndShowsTheName);
    CPPUNIT_TEST(testWrongPasswordAndUnknownAccountGetTheSameAnswer);
    CPPUNIT_TEST(testTemporaryPasswordLeadsToThePasswordPage);
    CPPUNIT_TEST(testTheGateLeavesNoBodyToBeReadAsTheNextRequest);
    CPPUNIT_TEST(testPasswordChangeErrorsStandBesideTheirFields);
    CPPUNIT_TEST(testPasswordChangeEndsTheOtherSessions);
    CPPUNIT_TEST(testSignOutEndsTheSession);
    CPPUNIT_TEST(testTheCsrfTokenIsBoundToTheSessionAndPagesAreNotStored);
    CPPUNIT_TEST(testTheClientAddressComesFromTrustedProxiesOnly);
    CPPUNIT_TEST(testNoPageShowsAnotherUsersName);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _demoPortal = std::make_unique<test::DemoPortal>(_clock);
        _portal = &_demoPortal->portal();
        _demo = _demoPortal->signIns;
        _sessions = std::make_unique<SessionStore>(_portal->database(), _clock, std::chrono::hours(24 * 7));
    }

    void tearDown() override
    {
        _sessions.reset();
        _portal = nullptr;
        _demoPortal.reset();
    }

    void testSignInPageHasALabelledForm()
    {
        Browser browser(*_portal);
        Answer page = browser.get("/sign-in");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<form method=\"post\" action=\"/sign-in\"", page.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"login\">Email or username</label>", page.body);
        MOLAR_ASSERT_CONTAINS("<input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\"",
                              page.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"password\">Password</label>", page.body);
        MOLAR_ASSERT_CONTAINS("<input id=\"password\" name=\"password\" type=\"password\"", page.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), browser.cookie("molar_csrf").size());
        MOLAR_ASSERT_CONTAINS("name=\"_csrf\" value=\"" + browser.cookie("molar_csrf") + "\"", page.body);
        MOLAR_ASSERT_CONTAINS("<title>Sign in", page.body);
    }

    void testSignInWithoutTheCsrfTokenIsRefused()
    {
        Browser browser(*_portal);
        browser.get("/sign-in");
        Answer noToken =
            browser.postRaw("/sign-in", {{"login", "owner@pearl.example"}, {"password", "demo pearl owner"}});
        CPPUNIT_ASSERT_EQUAL(403, noToken.status);
        CPPUNIT_ASSERT(noToken.setCookie("molar_session").empty());
        Answer wrongToken = browser.postRaw("/sign-in", {{"login", "owner@pearl.example"},
                                                         {"password", "demo pearl owner"},
                                                         {"_csrf", std::string(64, 'a')}});
        CPPUNIT_ASSERT_EQUAL(403, wrongToken.status);
        CPPUNIT_ASSERT(browser.cookie("molar_session").empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count("molar_sessions"));
    }

    void testSignInSetsTheSessionCookieAndShowsTheName()
    {
        Browser browser(*_portal);
        CPPUNIT_ASSERT_EQUAL(200, browser.get("/").status);
        Answer signedIn = browser.signIn("Owner@Pearl.example", "demo pearl owner");
        CPPUNIT_ASSERT_EQUAL(303, signedIn.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), signedIn.header("Location"));
        const std::string header = signedIn.setCookie("molar_session");
        MOLAR_ASSERT_CONTAINS("HttpOnly", header);
        MOLAR_ASSERT_CONTAINS("SameSite=Lax", header);
        MOLAR_ASSERT_CONTAINS("path=/", Poco::toLower(header));
        const std::string token = browser.cookie("molar_session");
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), token.size());
        CPPUNIT_ASSERT(_sessions->resolve(token));

        Answer home = browser.get("/");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Layla Haddad</span>", home.body);
        MOLAR_ASSERT_CONTAINS("action=\"/sign-out\"", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("href=\"/sign-in?return=", home.body);
        // Signed in, the sign-in page sends the user on.
        Answer again = browser.get("/sign-in");
        CPPUNIT_ASSERT_EQUAL(303, again.status);
        // Signing in by username works the same way.
        Browser other(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, other.signIn("PEARLOWNER", "demo pearl owner").status);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Layla Haddad</span>", other.get("/").body);
    }

    void testWrongPasswordAndUnknownAccountGetTheSameAnswer()
    {
        Browser browser(*_portal);
        Answer wrong = browser.signIn("owner@pearl.example", "demo pearl owner?");
        Answer unknown = browser.signIn("nobody@pearl.example", "demo pearl owner");
        for (const Answer* answer : {&wrong, &unknown}) {
            CPPUNIT_ASSERT_EQUAL(401, answer->status);
            MOLAR_ASSERT_CONTAINS(kInvalidText, answer->body);
            CPPUNIT_ASSERT(answer->setCookie("molar_session").empty());
        }
        // Apart from the login typed back into the form, the two pages are the same.
        CPPUNIT_ASSERT_EQUAL(Poco::replace(wrong.body, "owner@pearl.example", "?"),
                             Poco::replace(unknown.body, "nobody@pearl.example", "?"));
        // The third failure for the account locks it, with the time to wait.
        browser.signIn("owner@pearl.example", "demo pearl owner??");
        Answer locked = browser.signIn("owner@pearl.example", "demo pearl owner???");
        CPPUNIT_ASSERT_EQUAL(429, locked.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1200"), locked.header("Retry-After"));
        MOLAR_ASSERT_CONTAINS("try again in 20 minutes", locked.body);
        CPPUNIT_ASSERT_EQUAL(429, browser.signIn("owner@pearl.example", "demo pearl owner").status);
        CPPUNIT_ASSERT(browser.cookie("molar_session").empty());
    }

    void testTemporaryPasswordLeadsToThePasswordPage()
    {
        const std::string temporary = createAdmin();
        Browser browser(*_portal);
        Answer signedIn = browser.signIn("chief@lab.example", temporary);
        CPPUNIT_ASSERT_EQUAL(303, signedIn.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/account/password"), signedIn.header("Location"));
        CPPUNIT_ASSERT(_sessions->resolve(browser.cookie("molar_session")));

        for (const std::string path : {"/", "/sign-in", "/no/such/page"}) {
            Answer answer = browser.get(path);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 303, answer.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("/account/password"), answer.header("Location"));
        }
        Answer form = browser.get("/account/password");
        CPPUNIT_ASSERT_EQUAL(200, form.status);
        MOLAR_ASSERT_CONTAINS("You signed in with a temporary password.", form.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"current\">Current password</label>", form.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"password\">New password</label>", form.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"confirm\">New password again</label>", form.body);
        // The routes that declare themselves exempt: the probes and signing out, not two-factor's page.
        CPPUNIT_ASSERT_EQUAL(200, browser.get("/healthz").status);
        CPPUNIT_ASSERT_EQUAL(200, browser.get("/readyz").status);
        CPPUNIT_ASSERT_EQUAL(std::string("/account/password"),
                             browser.get("/account/two-factor").header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), browser.post("/sign-out", {}).header("Location"));
        CPPUNIT_ASSERT(!_sessions->resolve(browser.cookie("molar_session")));
    }

    // The temporary-password gate answers before any handler reads the body: what the body
    // hides is never served as a request of its own (raw socket, one connection).
    void testTheGateLeavesNoBodyToBeReadAsTheNextRequest()
    {
        const std::string temporary = createAdmin();
        Browser browser(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, browser.signIn("chief@lab.example", temporary).status);
        const std::string hidden = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        for (const std::string& method : {std::string("GET"), std::string("POST")}) {
            const std::string request = method +
                                        " /account/profile HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
                                        "Cookie: molar_session=" +
                                        browser.cookie("molar_session") +
                                        "\r\nContent-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" +
                                        hidden;
            Poco::Net::StreamSocket socket(
                Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(_portal->port())));
            socket.sendBytes(request.data(), static_cast<int>(request.size()));
            socket.setReceiveTimeout(Poco::Timespan(0, 700000));
            std::string received;
            char buffer[4096];
            try {
                for (int n; (n = socket.receiveBytes(buffer, sizeof(buffer))) > 0;)
                    received.append(buffer, static_cast<std::size_t>(n));
            } catch (const Poco::TimeoutException&) {
            }
            MOLAR_ASSERT_CONTAINS("HTTP/1.1 303", received.substr(0, 12));
            MOLAR_ASSERT_CONTAINS("Location: /account/password", received);
            MOLAR_ASSERT_NOT_CONTAINS("alive", received);
        }
    }

    void testPasswordChangeErrorsStandBesideTheirFields()
    {
        const std::string temporary = createAdmin();
        Browser browser(*_portal);
        browser.signIn("chief", temporary);
        const std::string good = "quiet harbour lights at dawn";

        Answer wrongCurrent = browser.post(
            "/account/password", {{"current", temporary + "x"}, {"password", good}, {"confirm", good}});
        CPPUNIT_ASSERT_EQUAL(422, wrongCurrent.status);
        MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\" aria-describedby=\"current-error\"", wrongCurrent.body);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"current-error\" class=\"field-error\">That is not your current password.</p>",
            wrongCurrent.body);
        MOLAR_ASSERT_NOT_CONTAINS("id=\"password-error\"", wrongCurrent.body);
        MOLAR_ASSERT_NOT_CONTAINS("id=\"confirm-error\"", wrongCurrent.body);

        // password123 is in config/common-passwords.txt.
        Answer common =
            browser.post("/account/password",
                         {{"current", temporary}, {"password", "password123"}, {"confirm", "password123"}});
        CPPUNIT_ASSERT_EQUAL(422, common.status);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"password-error\" class=\"field-error\">That password is one of the most "
            "common ones; choose another.</p>",
            common.body);
        MOLAR_ASSERT_NOT_CONTAINS("id=\"current-error\"", common.body);

        Answer mismatch = browser.post("/account/password",
                                       {{"current", temporary}, {"password", good}, {"confirm", good + "!"}});
        CPPUNIT_ASSERT_EQUAL(422, mismatch.status);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"confirm-error\" class=\"field-error\">The two new passwords are not the same.</p>",
            mismatch.body);

        Answer personal = browser.post(
            "/account/password",
            {{"current", temporary}, {"password", "chief of the lab"}, {"confirm", "chief of the lab"}});
        CPPUNIT_ASSERT_EQUAL(422, personal.status);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"password-error\" class=\"field-error\">Do not use your name, username or "
            "email in your password.</p>",
            personal.body);

        // Nothing changed: the temporary password still signs in and still must be replaced.
        CPPUNIT_ASSERT_EQUAL(std::string("/account/password"), browser.get("/").header("Location"));
        Browser other(*_portal);
        CPPUNIT_ASSERT_EQUAL(std::string("/account/password"),
                             other.signIn("chief", temporary).header("Location"));
    }

    void testPasswordChangeEndsTheOtherSessions()
    {
        const std::string temporary = createAdmin();
        Browser laptop(*_portal);
        Browser phone(*_portal);
        laptop.signIn("chief@lab.example", temporary);
        phone.signIn("chief", temporary);
        const std::string laptopToken = laptop.cookie("molar_session");
        const std::string phoneToken = phone.cookie("molar_session");
        CPPUNIT_ASSERT(_sessions->resolve(laptopToken));
        CPPUNIT_ASSERT(_sessions->resolve(phoneToken));

        const std::string good = "quiet harbour lights at dawn";
        Answer changed =
            laptop.post("/account/password", {{"current", temporary}, {"password", good}, {"confirm", good}});
        CPPUNIT_ASSERT_EQUAL(303, changed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), changed.header("Location"));

        // This session goes on, without the detour to the password page.
        CPPUNIT_ASSERT(_sessions->resolve(laptopToken));
        Answer home = laptop.get("/");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Lab Administrator</span>", home.body);
        // The other one has ended.
        CPPUNIT_ASSERT(!_sessions->resolve(phoneToken));
        Answer phoneHome = phone.get("/");
        CPPUNIT_ASSERT_EQUAL(200, phoneHome.status);
        MOLAR_ASSERT_NOT_CONTAINS("Lab Administrator", phoneHome.body);
        MOLAR_ASSERT_CONTAINS("href=\"/sign-in?return=", phoneHome.body);

        // The temporary password is gone; the new one signs in straight to the home page.
        Browser fresh(*_portal);
        CPPUNIT_ASSERT_EQUAL(401, fresh.signIn("chief", temporary).status);
        Answer withNew = fresh.signIn("chief", good);
        CPPUNIT_ASSERT_EQUAL(303, withNew.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), withNew.header("Location"));
    }

    // Signed in, forms carry a token derived from the session: the token a page showed
    // before sign-in (or in another session) no longer works, and a new sign-in gives a
    // new one. Pages of a signed-in user are never stored by a browser or proxy.
    void testTheCsrfTokenIsBoundToTheSessionAndPagesAreNotStored()
    {
        Browser browser(*_portal);
        Answer signInPage = browser.get("/sign-in");
        CPPUNIT_ASSERT(signInPage.header("Cache-Control").find("no-store") == std::string::npos);
        const std::string anonymousToken = browser.cookie("molar_csrf");
        browser.signIn("owner@pearl.example", "demo pearl owner");
        Answer home = browser.get("/");
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), home.header("Cache-Control"));
        const std::string sessionToken = browser.csrfToken();
        MOLAR_ASSERT_CONTAINS("name=\"_csrf\" value=\"" + sessionToken + "\"", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("value=\"" + anonymousToken + "\"", home.body);
        CPPUNIT_ASSERT(sessionToken != anonymousToken);

        // The cookie's token (double submit) is not enough once signed in.
        CPPUNIT_ASSERT_EQUAL(403, browser.postRaw("/sign-out", {{"_csrf", anonymousToken}}).status);
        CPPUNIT_ASSERT(!browser.cookie("molar_session").empty());

        // Another session of the same user has another token, and neither opens the other.
        Browser second(*_portal);
        second.signIn("owner@pearl.example", "demo pearl owner");
        CPPUNIT_ASSERT(second.csrfToken() != sessionToken);
        CPPUNIT_ASSERT_EQUAL(403, second.postRaw("/sign-out", {{"_csrf", sessionToken}}).status);
        Answer signedOut = browser.post("/sign-out", {});
        CPPUNIT_ASSERT_EQUAL(303, signedOut.status);
        CPPUNIT_ASSERT(browser.cookie("molar_session").empty());

        // Signing in again rotates it.
        browser.signIn("owner@pearl.example", "demo pearl owner");
        CPPUNIT_ASSERT(browser.csrfToken() != sessionToken);
        MOLAR_ASSERT_CONTAINS("value=\"" + browser.csrfToken() + "\"", browser.get("/").body);
    }

    // Behind a trusted proxy the session and the audit log keep the client's address from
    // X-Forwarded-For; from anyone else the header is the client's own claim and ignored.
    void testTheClientAddressComesFromTrustedProxiesOnly()
    {
        auto addressesAfterSignIn = [](host::Portal& portal) {
            Browser browser(portal);
            browser.setHeader("X-Forwarded-For", "203.0.113.50, 198.51.100.23");
            CPPUNIT_ASSERT_EQUAL(303, browser.signIn("owner@pearl.example", "demo pearl owner").status);
            auto session = portal.database().query("SELECT address FROM molar_sessions");
            auto audit = portal.database().query(
                "SELECT address FROM molar_audit WHERE address <> '' ORDER BY id DESC LIMIT 1");
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), session.size());
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), audit.size());
            return std::make_pair(session.row(0).at(0).asString(), audit.row(0).at(0).asString());
        };
        const auto direct = addressesAfterSignIn(*_portal);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), direct.first);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), direct.second);

        test::DemoPortal proxied(_clock, {{"http.trustedProxies", "127.0.0.1"}});
        const auto forwarded = addressesAfterSignIn(proxied.portal());
        CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.23"), forwarded.first);
        CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.23"), forwarded.second);
    }

    void testSignOutEndsTheSession()
    {
        Browser browser(*_portal);
        browser.signIn("dentist@smile.example", "demo smile dentist");
        const std::string token = browser.cookie("molar_session");
        CPPUNIT_ASSERT(_sessions->resolve(token));

        // Without the token, signing out is refused like any other form.
        CPPUNIT_ASSERT_EQUAL(403, browser.postRaw("/sign-out", {}).status);
        CPPUNIT_ASSERT(_sessions->resolve(token));

        Answer out = browser.post("/sign-out", {});
        CPPUNIT_ASSERT_EQUAL(303, out.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), out.header("Location"));
        CPPUNIT_ASSERT(!out.setCookie("molar_session").empty());
        CPPUNIT_ASSERT(browser.cookie("molar_session").empty());
        CPPUNIT_ASSERT(!_sessions->resolve(token));

        // A copy of the old cookie no longer signs anyone in.
        Browser replay(*_portal);
        replay.setCookie("molar_session", token);
        Answer home = replay.get("/");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_NOT_CONTAINS("Arjun Mehta", home.body);
        MOLAR_ASSERT_CONTAINS("href=\"/sign-in?return=", home.body);
        auto signOuts =
            _portal->database().query("SELECT COUNT(*) FROM molar_audit WHERE action = ?", {"sign_out"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), signOuts.row(0).at(0).asInt());
    }

    void testNoPageShowsAnotherUsersName()
    {
        Browser layla(*_portal);
        Browser karim(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, layla.signIn("owner@pearl.example", "demo pearl owner").status);
        CPPUNIT_ASSERT_EQUAL(303, karim.signIn("dentist@pearl.example", "demo pearl dentist").status);
        CPPUNIT_ASSERT(layla.cookie("molar_session") != karim.cookie("molar_session"));

        // Both browsers at once, so that any state kept between requests would show.
        auto visit = [](Browser& browser, const std::string& own, const std::string& other) {
            std::string problems;
            for (int i = 0; i < 15; ++i) {
                Answer home = browser.get(i % 3 == 2 ? "/account/password" : "/");
                if (home.status != 200 ||
                    home.body.find("<span translate=\"no\">" + own + "</span>") == std::string::npos)
                    problems += "request " + std::to_string(i) + " did not show " + own + "; ";
                if (home.body.find(other) != std::string::npos)
                    problems += "request " + std::to_string(i) + " showed " + other + "; ";
            }
            return problems;
        };
        auto first = std::async(std::launch::async, visit, std::ref(layla), "Layla Haddad", "Karim Nasser");
        auto second = std::async(std::launch::async, visit, std::ref(karim), "Karim Nasser", "Layla Haddad");
        CPPUNIT_ASSERT_EQUAL(std::string(), first.get());
        CPPUNIT_ASSERT_EQUAL(std::string(), second.get());

        // A browser that swaps in the other user's cookie is that user, and no one else.
        Browser swapped(*_portal);
        swapped.setCookie("molar_session", karim.cookie("molar_session"));
        Answer home = swapped.get("/");
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Karim Nasser</span>", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("Layla Haddad", home.body);
    }

private:
    std::string createAdmin()
    {
        return createLabAdmin(_portal->database(), _clock, _portal->passwordHasher(), _portal->audit(),
                              "chief@lab.example");
    }

    std::int64_t count(const std::string& table)
    {
        return _portal->database().query("SELECT COUNT(*) FROM " + table).row(0).at(0).asInt();
    }

    ManualClock _clock;
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
    std::unique_ptr<SessionStore> _sessions;
    std::vector<DemoSignIn> _demo;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountHttpTest);

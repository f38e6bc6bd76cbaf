// Lockout without a denial of service, over HTTP on both databases: strangers'
// wrong passwords lock an account for strangers only, the owner's browser (its
// device cookie) still signs in, another account's cookie does not help, and wrong
// current passwords on the signed-in pages (password change, two-factor off, a new
// email) count toward the lockout.
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include "core/Clocks.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using molar::test::Answer;
using Browser = molar::test::HttpBrowser;

namespace {

const std::string kOwner = "owner@pearl.example";
const std::string kOwnerPassword = "demo pearl owner";
const std::string kLockedText = "Too many failed attempts.";

} // namespace

class LockoutHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LockoutHttpTest);
    CPPUNIT_TEST(testOwnBrowserSignsInWhileStrangersAreLockedOut);
    CPPUNIT_TEST(testAnotherAccountsDeviceCookieDoesNotHelp);
    CPPUNIT_TEST(testWrongCurrentPasswordsLockTheAccount);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _demo = std::make_unique<molar::test::DemoPortal>(_clock); }
    void tearDown() override { _demo.reset(); }

    void testOwnBrowserSignsInWhileStrangersAreLockedOut()
    {
        Browser owner(portal());
        Answer first = owner.signIn(kOwner, kOwnerPassword);
        CPPUNIT_ASSERT_EQUAL(303, first.status);
        const std::string header = first.setCookie("molar_device");
        MOLAR_ASSERT_CONTAINS("HttpOnly", header);
        MOLAR_ASSERT_CONTAINS("SameSite=Strict", header);
        CPPUNIT_ASSERT(!owner.cookie("molar_device").empty());
        CPPUNIT_ASSERT_EQUAL(303, owner.post("/sign-out", {}).status);

        lockOwner();
        Browser stranger(portal());
        Answer refused = stranger.signIn(kOwner, kOwnerPassword);
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        MOLAR_ASSERT_CONTAINS(kLockedText, refused.body);

        Answer again = owner.signIn(kOwner, kOwnerPassword);
        CPPUNIT_ASSERT_EQUAL(303, again.status);
        CPPUNIT_ASSERT_EQUAL(200, owner.get("/account/profile").status);
        // Still locked for everyone else.
        CPPUNIT_ASSERT_EQUAL(429, Browser(portal()).signIn(kOwner, kOwnerPassword).status);
    }

    void testAnotherAccountsDeviceCookieDoesNotHelp()
    {
        Browser dentist(portal());
        CPPUNIT_ASSERT_EQUAL(303, dentist.signIn("dentist@pearl.example", "demo pearl dentist").status);
        CPPUNIT_ASSERT(!dentist.cookie("molar_device").empty());
        lockOwner();
        CPPUNIT_ASSERT_EQUAL(
            429, dentist.post("/sign-in", {{"login", kOwner}, {"password", kOwnerPassword}}).status);
        // Nor does a made-up one naming the owner.
        Browser forger(portal());
        forger.get("/sign-in");
        const std::string id =
            std::to_string(portal()
                               .database()
                               .query("SELECT id FROM molar_users WHERE email = ?", {kOwner})
                               .row(0)
                               .at(0)
                               .asInt());
        forger.setCookie("molar_device", id + "." +
                                             std::to_string(molar::host::millisSinceEpoch(_clock.now())) +
                                             "." + std::string(32, 'a') + "." + std::string(64, 'f'));
        CPPUNIT_ASSERT_EQUAL(429, forger.signIn(kOwner, kOwnerPassword).status);
    }

    void testWrongCurrentPasswordsLockTheAccount()
    {
        Browser owner(portal());
        CPPUNIT_ASSERT_EQUAL(303, owner.signIn(kOwner, kOwnerPassword).status);
        const std::string device = owner.cookie("molar_device");
        // The session as someone who took it holds it: without the browser's device cookie.
        owner.setCookie("molar_device", "");
        const std::string good = "quiet harbour lights at dawn";
        Answer first = owner.post("/account/password",
                                  {{"current", "guess one"}, {"password", good}, {"confirm", good}});
        CPPUNIT_ASSERT_EQUAL(422, first.status);
        MOLAR_ASSERT_NOT_CONTAINS(kLockedText, first.body);
        Answer second = owner.post("/account/two-factor/off", {{"password", "guess two"}});
        CPPUNIT_ASSERT_EQUAL(422, second.status);
        MOLAR_ASSERT_NOT_CONTAINS(kLockedText, second.body);
        // A new email asks for the password too.
        Answer third = owner.post("/account/profile", {{"firstName", "Rania"},
                                                       {"lastName", "Saleh"},
                                                       {"email", "rania@elsewhere.example"},
                                                       {"phone", "+97455000000"},
                                                       {"language", "en"},
                                                       {"timeZone", "Asia/Qatar"},
                                                       {"currentPassword", "guess three"}});
        CPPUNIT_ASSERT_EQUAL(422, third.status);
        MOLAR_ASSERT_CONTAINS(kLockedText, third.body);
        // The account is locked for strangers, and the right password is not even checked now.
        CPPUNIT_ASSERT_EQUAL(429, Browser(portal()).signIn(kOwner, kOwnerPassword).status);
        Answer right = owner.post("/account/password",
                                  {{"current", kOwnerPassword}, {"password", good}, {"confirm", good}});
        CPPUNIT_ASSERT_EQUAL(422, right.status);
        MOLAR_ASSERT_CONTAINS(kLockedText, right.body);
        // The owner's own browser is not locked out.
        owner.setCookie("molar_device", device);
        Answer changed = owner.post("/account/password",
                                    {{"current", kOwnerPassword}, {"password", good}, {"confirm", good}});
        CPPUNIT_ASSERT_EQUAL(200, changed.status);
        MOLAR_ASSERT_NOT_CONTAINS(kLockedText, changed.body);
    }

private:
    molar::host::Portal& portal() { return _demo->portal(); }

    // A stranger's three wrong passwords for the owner's account.
    void lockOwner()
    {
        Browser stranger(portal());
        CPPUNIT_ASSERT_EQUAL(401, stranger.signIn(kOwner, "guess one").status);
        CPPUNIT_ASSERT_EQUAL(401, stranger.signIn(kOwner, "guess two").status);
        Answer third = stranger.signIn(kOwner, "guess three");
        CPPUNIT_ASSERT_EQUAL(429, third.status);
        MOLAR_ASSERT_CONTAINS(kLockedText, third.body);
    }

    molar::host::ManualClock _clock{std::chrono::system_clock::time_point(std::chrono::hours(24 * 20000))};
    std::unique_ptr<molar::test::DemoPortal> _demo;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LockoutHttpTest);

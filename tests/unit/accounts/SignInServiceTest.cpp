// Signing in on both databases: email or username in any case, one answer for a
// wrong password and an unknown account, lockout after consecutive failures and its
// end, inactive accounts, throttling per client address, and the audit trail; a
// browser that signed in before (its device cookie) keeps its own failure count, so
// strangers cannot lock the owner out, and current-password checks count as failures.
#include "AccountsTestSupport.h"
#include "Assertions.h"

#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"
#include "accounts/security/Totp.h"

#include <algorithm>

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using molar::host::SessionStore;
using molar::host::SignInService;
using molar::host::SignInSettings;
using Outcome = molar::host::SignInService::Outcome;
using std::chrono::minutes;
using std::chrono::seconds;

namespace CppUnit {
template <> struct assertion_traits<Outcome>
{
    static bool equal(Outcome a, Outcome b) { return a == b; }
    static std::string toString(Outcome o) { return molar::host::SignInService::name(o); }
};
} // namespace CppUnit

namespace {

const std::string kPassword = "amber tide over the corniche";
const std::string kAddress = "198.51.100.7";

} // namespace

class SignInServiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignInServiceTest);
    CPPUNIT_TEST(testSignsInByEmailOrUsernameInAnyCase);
    CPPUNIT_TEST(testWrongPasswordAndUnknownLoginAnswerAlike);
    CPPUNIT_TEST(testConsecutiveWrongPasswordsLockTheAccount);
    CPPUNIT_TEST(testUnknownLoginLocksLikeAKnownOne);
    CPPUNIT_TEST(testRightPasswordIsRefusedWhileLocked);
    CPPUNIT_TEST(testLockoutEndsAfterItsTime);
    CPPUNIT_TEST(testSuccessResetsTheFailureCount);
    CPPUNIT_TEST(testPendingAndBlockedAccountsGetNoSession);
    CPPUNIT_TEST(testThrottlesOneAddressPerWindow);
    CPPUNIT_TEST(testWritesTheAuditTrail);
    CPPUNIT_TEST(testKnownBrowserSignsInWhileStrangersAreLockedOut);
    CPPUNIT_TEST(testKnownBrowserCountsItsOwnFailuresAndLocksItself);
    CPPUNIT_TEST(testForgedOtherAndExpiredDeviceCookiesDoNotBypass);
    CPPUNIT_TEST(testDeviceCookieSaysNothingAboutUnknownAccounts);
    CPPUNIT_TEST(testKnownBrowserPassesTheSecondFactorWhileLocked);
    CPPUNIT_TEST(testCurrentPasswordFailuresCountTowardTheLockout);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _f = std::make_unique<molar::test::AccountsFixture>();
        _sessions = std::make_unique<SessionStore>(_f->database(), _f->clock, std::chrono::hours(24 * 7));
        useSettings(SignInSettings{});
        _linaId = _f->createUser("lina@pearl.example", "linahaddad", kPassword);
    }

    void tearDown() override
    {
        _service.reset();
        _sessions.reset();
        _f.reset();
    }

    void testSignsInByEmailOrUsernameInAnyCase()
    {
        for (const std::string login :
             {"lina@pearl.example", "Lina@Pearl.EXAMPLE", "linahaddad", "LinaHaddad", "  LINAHADDAD "}) {
            auto result = _service->signIn(login, kPassword, kAddress);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, Outcome::SignedIn, result.outcome);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, _linaId, result.userId);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, std::size_t(64), result.sessionToken.size());
            CPPUNIT_ASSERT(!result.mustChangePassword);
            CPPUNIT_ASSERT_EQUAL(_linaId, _sessions->resolve(result.sessionToken).value_or(0));
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), _f->count("molar_sessions"));
    }

    void testWrongPasswordAndUnknownLoginAnswerAlike()
    {
        auto wrong = _service->signIn("lina@pearl.example", "amber tide over the corniche!", kAddress);
        auto unknown = _service->signIn("nobody@pearl.example", kPassword, kAddress);
        for (const auto& result : {wrong, unknown}) {
            CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, result.outcome);
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), result.userId);
            CPPUNIT_ASSERT(result.sessionToken.empty());
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), result.retryAfterSeconds);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));
    }

    void testConsecutiveWrongPasswordsLockTheAccount()
    {
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("linahaddad", "wrong one", kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("LINAHADDAD", "wrong two", kAddress).outcome);
        // The failures count per account, whichever login named it.
        auto third = _service->signIn("lina@pearl.example", "wrong three", kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, third.outcome);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20 * 60), third.retryAfterSeconds);
        CPPUNIT_ASSERT(third.sessionToken.empty());
        // Another account is not concerned.
        _f->createUser("karim@pearl.example", "karimnasser", kPassword);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, _service->signIn("karimnasser", kPassword, kAddress).outcome);
    }

    void testUnknownLoginLocksLikeAKnownOne()
    {
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                             _service->signIn("ghost@pearl.example", "a", kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                             _service->signIn("Ghost@Pearl.example", "b", kAddress).outcome);
        auto third = _service->signIn("GHOST@PEARL.EXAMPLE", "c", kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, third.outcome);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20 * 60), third.retryAfterSeconds);
        _f->clock.advance(minutes(5));
        auto fourth = _service->signIn("ghost@pearl.example", "d", kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, fourth.outcome);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(15 * 60), fourth.retryAfterSeconds);
    }

    void testRightPasswordIsRefusedWhileLocked()
    {
        lockLina();
        _f->clock.advance(minutes(1));
        auto result = _service->signIn("lina@pearl.example", kPassword, kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, result.outcome);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(19 * 60), result.retryAfterSeconds);
        CPPUNIT_ASSERT(result.sessionToken.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), result.userId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));
    }

    void testLockoutEndsAfterItsTime()
    {
        useSettings(SignInSettings{3, minutes(7), 30, minutes(15)});
        lockLina();
        _f->clock.advance(minutes(7) - seconds(1));
        auto almost = _service->signIn("linahaddad", kPassword, kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, almost.outcome);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), almost.retryAfterSeconds);
        _f->clock.advance(seconds(2));
        auto after = _service->signIn("linahaddad", kPassword, kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, after.outcome);
        CPPUNIT_ASSERT_EQUAL(_linaId, _sessions->resolve(after.sessionToken).value_or(0));
        // The lock is over and its count starts again from zero.
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("linahaddad", "wrong", kAddress).outcome);
    }

    void testSuccessResetsTheFailureCount()
    {
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("linahaddad", "wrong 1", kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("linahaddad", "wrong 2", kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, _service->signIn("linahaddad", kPassword, kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("linahaddad", "wrong 3", kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("linahaddad", "wrong 4", kAddress).outcome);
        // Counting goes on from the success: the third failure after it locks.
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, _service->signIn("linahaddad", "wrong 5", kAddress).outcome);
    }

    void testPendingAndBlockedAccountsGetNoSession()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        _f->createUser("new@pearl.example", "newdentist", kPassword, "pending", org);
        _f->createUser("gone@pearl.example", "gonedentist", kPassword, "blocked", org);
        for (const std::string login : {"new@pearl.example", "gonedentist"}) {
            auto result = _service->signIn(login, kPassword, kAddress);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, Outcome::Inactive, result.outcome);
            CPPUNIT_ASSERT_MESSAGE(login, result.sessionToken.empty());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, std::int64_t(0), result.userId);
            // A wrong password says nothing about the account's status.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, Outcome::Invalid,
                                         _service->signIn(login, "wrong", kAddress).outcome);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));
    }

    void testThrottlesOneAddressPerWindow()
    {
        useSettings(SignInSettings{3, minutes(20), 5, minutes(15)});
        // Five guesses at five names from one address: none of them locks anything.
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                                 _service->signIn("guess" + std::to_string(i), "123456", kAddress).outcome);
        auto sixth = _service->signIn("linahaddad", kPassword, kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::Throttled, sixth.outcome);
        // Until the window ends: it began a minute before the test did.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(14 * 60), sixth.retryAfterSeconds);
        CPPUNIT_ASSERT(sixth.sessionToken.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));

        // Another address is not concerned.
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn,
                             _service->signIn("linahaddad", kPassword, "203.0.113.9").outcome);
        // Later in the same window the address is still refused; in the next it is not.
        _f->clock.advance(minutes(10));
        CPPUNIT_ASSERT_EQUAL(Outcome::Throttled, _service->signIn("linahaddad", kPassword, kAddress).outcome);
        _f->clock.advance(minutes(15));
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, _service->signIn("linahaddad", kPassword, kAddress).outcome);
    }

    void testWritesTheAuditTrail()
    {
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, _service->signIn("linahaddad", kPassword, kAddress).outcome);
        lockLina();
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked, _service->signIn("linahaddad", kPassword, kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid, _service->signIn("nobody", "wrong 4", "203.0.113.9").outcome);

        CPPUNIT_ASSERT_EQUAL(
            std::vector<std::string>({"sign_in", "sign_in.failed", "sign_in.failed", "sign_in.failed",
                                      "sign_in.locked", "sign_in.refused_locked", "sign_in.failed"}),
            _f->auditActions());
        auto rows = _f->database().query("SELECT action, actor_user_id, actor_label, address, object_type,"
                                         " object_id, detail, at FROM molar_audit ORDER BY id");
        for (std::size_t i = 0; i < 6; ++i) {
            CPPUNIT_ASSERT_EQUAL(_linaId, rows.get(i, "actor_user_id").asInt());
            CPPUNIT_ASSERT_EQUAL(kAddress, rows.get(i, "address").asString());
            CPPUNIT_ASSERT_EQUAL(std::string("user"), rows.get(i, "object_type").asString());
            CPPUNIT_ASSERT_EQUAL(std::to_string(_linaId), rows.get(i, "object_id").asString());
            MOLAR_ASSERT_CONTAINS("lina@pearl.example", rows.get(i, "actor_label").asString());
            CPPUNIT_ASSERT_EQUAL(molar::test::kStartMs, rows.get(i, "at").asInt());
        }
        MOLAR_ASSERT_CONTAINS("3 consecutive failures", rows.get(4, "detail").asString());
        // An unknown name is recorded for no user, from its own address.
        CPPUNIT_ASSERT(rows.get(6, "actor_user_id").isNull());
        CPPUNIT_ASSERT_EQUAL(std::string("nobody"), rows.get(6, "actor_label").asString());
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.9"), rows.get(6, "address").asString());
        // No password, right or wrong, is ever written down.
        for (std::size_t i = 0; i < rows.size(); ++i)
            for (const auto& value : rows.row(i))
                if (value.isString()) {
                    MOLAR_ASSERT_NOT_CONTAINS(kPassword, value.asString());
                    MOLAR_ASSERT_NOT_CONTAINS("wrong", value.asString());
                }
    }

    void testKnownBrowserSignsInWhileStrangersAreLockedOut()
    {
        auto first = _service->signIn("linahaddad", kPassword, kAddress);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, first.outcome);
        CPPUNIT_ASSERT(!first.deviceCookie.empty());
        lockLina(); // a stranger's three guesses
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service->signIn("linahaddad", kPassword, "203.0.113.50").outcome);
        // Lina's own browser still gets in, and gets a fresh cookie.
        auto own = _service->signIn("linahaddad", kPassword, kAddress, first.deviceCookie);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, own.outcome);
        CPPUNIT_ASSERT(!own.sessionToken.empty());
        CPPUNIT_ASSERT(!own.deviceCookie.empty() && own.deviceCookie != first.deviceCookie);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn,
                             _service->signIn("linahaddad", kPassword, kAddress, own.deviceCookie).outcome);
        // Her sign-ins do not lift the strangers' lockout.
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service->signIn("linahaddad", kPassword, "203.0.113.50").outcome);
        const auto actions = _f->auditActions();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             static_cast<std::size_t>(
                                 std::count(actions.begin(), actions.end(), std::string("sign_in.locked"))));
    }

    void testKnownBrowserCountsItsOwnFailuresAndLocksItself()
    {
        const std::string cookie = _service->signIn("linahaddad", kPassword, kAddress).deviceCookie;
        // Two wrong passwords from her browser and two from strangers: nothing locks.
        for (int i = 0; i < 2; ++i) {
            CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                                 _service->signIn("linahaddad", "typo", kAddress, cookie).outcome);
            CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                                 _service->signIn("linahaddad", "guess", "203.0.113.50").outcome);
        }
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn,
                             _service->signIn("linahaddad", kPassword, kAddress, cookie).outcome);
        // Three in a row lock her cookie, not the account (strangers' count stays at two).
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                                 _service->signIn("linahaddad", "typo", kAddress, cookie).outcome);
        // The strangers' third guess locks the account; the locked cookie makes its
        // browser a stranger, so it stays out too until its own lockout ends.
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service->signIn("linahaddad", "guess", "203.0.113.50").outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service->signIn("linahaddad", kPassword, kAddress, cookie).outcome);
        _f->clock.advance(minutes(21));
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn,
                             _service->signIn("linahaddad", kPassword, kAddress, cookie).outcome);
        const auto actions = _f->auditActions();
        CPPUNIT_ASSERT(std::find(actions.begin(), actions.end(), "sign_in.device_locked") != actions.end());
    }

    void testForgedOtherAndExpiredDeviceCookiesDoNotBypass()
    {
        SignInSettings settings;
        settings.lockout = std::chrono::hours(3);
        settings.deviceLifetime = std::chrono::hours(1);
        settings.attemptsPerAddress = 1000;
        useSettings(settings);
        _f->createUser("omar@pearl.example", "omarfarouk", kPassword);
        const std::string omars = _service->signIn("omarfarouk", kPassword, kAddress).deviceCookie;
        const std::string linas = _service->signIn("linahaddad", kPassword, kAddress).deviceCookie;
        lockLina();
        // Another account's cookie, and Lina's with the account, the time or the
        // signature changed, are a stranger's.
        std::vector<std::string> forged{omars, "", "garbage", linas + "0"};
        const auto dot = linas.find('.');
        forged.push_back(std::to_string(_linaId + 1) + linas.substr(dot));
        forged.push_back(omars.substr(0, omars.find('.')) + linas.substr(dot));
        std::string flipped = linas;
        flipped.back() = flipped.back() == '0' ? '1' : '0';
        forged.push_back(flipped);
        std::string later = linas;
        later[dot + 1] = later[dot + 1] == '9' ? '8' : '9';
        forged.push_back(later);
        forged.push_back(std::to_string(_linaId) + "." + std::to_string(_f->nowMs()) + "." +
                         std::string(32, 'a') + "." + std::string(64, 'b'));
        for (const auto& cookie : forged)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(cookie, Outcome::Locked,
                                         _service->signIn("linahaddad", kPassword, kAddress, cookie).outcome);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn,
                             _service->signIn("linahaddad", kPassword, kAddress, linas).outcome);
        // A cookie older than its lifetime is a stranger's too.
        _f->clock.advance(minutes(61));
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service->signIn("linahaddad", kPassword, kAddress, linas).outcome);
    }

    void testDeviceCookieSaysNothingAboutUnknownAccounts()
    {
        const std::string cookie = _service->signIn("linahaddad", kPassword, kAddress).deviceCookie;
        // A name no account has locks after three failures with or without a cookie,
        // exactly like an account does for strangers.
        for (int i = 1; i <= 3; ++i)
            CPPUNIT_ASSERT_EQUAL(i < 3 ? Outcome::Invalid : Outcome::Locked,
                                 _service->signIn("ghost@pearl.example", "x", kAddress, cookie).outcome);
    }

    void testKnownBrowserPassesTheSecondFactorWhileLocked()
    {
        const std::string cookie = _service->signIn("linahaddad", kPassword, kAddress).deviceCookie;
        const std::string secret = "JBSWY3DPEHPK3PXP";
        _f->database().execute("INSERT INTO molar_two_factor (user_id, secret, enabled, last_step, "
                               "created_at) VALUES (?, ?, 1, 0, 0)",
                               {_linaId, secret});
        lockLina();
        auto asked = _service->signIn("linahaddad", kPassword, kAddress, cookie);
        CPPUNIT_ASSERT_EQUAL(Outcome::SecondFactor, asked.outcome);
        // Without the cookie the challenge counts as a stranger's: refused while locked.
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service
                                 ->verifySecondFactor(asked.challengeToken,
                                                      molar::host::Totp::code(secret, _f->nowMs() / 1000),
                                                      kAddress)
                                 .outcome);
        asked = _service->signIn("linahaddad", kPassword, kAddress, cookie);
        auto signedIn = _service->verifySecondFactor(
            asked.challengeToken, molar::host::Totp::code(secret, _f->nowMs() / 1000), kAddress, cookie);
        CPPUNIT_ASSERT_EQUAL(Outcome::SignedIn, signedIn.outcome);
        CPPUNIT_ASSERT(!signedIn.deviceCookie.empty());
    }

    void testCurrentPasswordFailuresCountTowardTheLockout()
    {
        using Check = SignInService::PasswordCheck;
        const std::string cookie = _service->signIn("linahaddad", kPassword, kAddress).deviceCookie;
        auto lina = _f->accounts.findById(_f->database(), _linaId);
        CPPUNIT_ASSERT(lina.has_value());
        CPPUNIT_ASSERT(
            _service->checkCurrentPassword(*lina, kPassword, kAddress, "", "password change").outcome ==
            Check::Right);
        // A taken-over session guessing the password: each wrong guess is a failed sign-in.
        CPPUNIT_ASSERT(
            _service->checkCurrentPassword(*lina, "guess 1", kAddress, "", "password change").outcome ==
            Check::Wrong);
        CPPUNIT_ASSERT_EQUAL(Outcome::Invalid,
                             _service->signIn("linahaddad", "guess 2", "203.0.113.50").outcome);
        auto third = _service->checkCurrentPassword(*lina, "guess 3", kAddress, "", "two-factor off");
        CPPUNIT_ASSERT(third.outcome == Check::Locked);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20 * 60), third.retryAfterSeconds);
        CPPUNIT_ASSERT_EQUAL(Outcome::Locked,
                             _service->signIn("linahaddad", kPassword, "203.0.113.50").outcome);
        // While locked, not even the right password is checked...
        CPPUNIT_ASSERT(
            _service->checkCurrentPassword(*lina, kPassword, kAddress, "", "password change").outcome ==
            Check::Locked);
        // ...except from her own browser, which counts on its own.
        CPPUNIT_ASSERT(
            _service->checkCurrentPassword(*lina, kPassword, kAddress, cookie, "password change").outcome ==
            Check::Right);
        const auto actions = _f->auditActions();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             static_cast<std::size_t>(std::count(actions.begin(), actions.end(),
                                                                 std::string("password.check_failed"))));
        CPPUNIT_ASSERT(std::find(actions.begin(), actions.end(), "password.check_refused_locked") !=
                       actions.end());
    }

private:
    void useSettings(const SignInSettings& settings)
    {
        _service.reset();
        _service = std::make_unique<SignInService>(_f->database(), _f->clock, *_sessions, _f->hasher,
                                                   *_f->audit, settings);
    }

    void lockLina()
    {
        const int max = _service->settings().maxFailures;
        for (int i = 1; i <= max; ++i) {
            auto result = _service->signIn("lina@pearl.example", "wrong " + std::to_string(i), kAddress);
            CPPUNIT_ASSERT_EQUAL(i < max ? Outcome::Invalid : Outcome::Locked, result.outcome);
        }
    }

    std::unique_ptr<molar::test::AccountsFixture> _f;
    std::unique_ptr<SessionStore> _sessions;
    std::unique_ptr<SignInService> _service;
    std::int64_t _linaId = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignInServiceTest);

// Signing in on both databases: email or username in any case, one answer for a
// wrong password and an unknown account, lockout after consecutive failures and its
// end, inactive accounts, throttling per client address, and the audit trail.
#include "../Assertions.h"
#include "AccountsTestSupport.h"

#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"

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
        CPPUNIT_ASSERT_EQUAL(std::int64_t(15 * 60), sixth.retryAfterSeconds);
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

// Accounts made by commands on both databases: the first lab admin with a temporary
// password (molard --create-admin) and the demo's people (molard --demo-data).
#include "AccountsTestSupport.h"
#include "Assertions.h"

#include "accounts/AccountProvisioning.h"
#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <set>

using molar::host::AccountStore;
using molar::host::DemoSignIn;
using molar::host::PasswordHasher;
using molar::host::SessionStore;
using molar::host::SignInService;
using molar::host::SignInSettings;

namespace {

const std::string kTemporaryAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

} // namespace

class AccountProvisioningTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccountProvisioningTest);
    CPPUNIT_TEST(testCreateLabAdminMakesAnAdminWhoMustChangeThePassword);
    CPPUNIT_TEST(testCreateLabAdminRefusesATakenOrInvalidEmail);
    CPPUNIT_TEST(testTemporaryPasswordsAreLongAndDistinct);
    CPPUNIT_TEST(testSeedDemoAccountsTwiceMakesThemOnce);
    CPPUNIT_TEST(testEverySeededSignInWorks);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _f = std::make_unique<molar::test::AccountsFixture>();
        _sessions = std::make_unique<SessionStore>(_f->database(), _f->clock, std::chrono::hours(24 * 7));
    }

    void tearDown() override
    {
        _sessions.reset();
        _f.reset();
    }

    // The one test with the real (default) hashing cost, as molard uses it.
    void testCreateLabAdminMakesAnAdminWhoMustChangeThePassword()
    {
        const PasswordHasher hasher;
        const std::string password =
            molar::host::createLabAdmin(_f->database(), _f->clock, hasher, *_f->audit, "Chief@Lab.Example");
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), password.size());
        CPPUNIT_ASSERT_EQUAL(std::string::npos, password.find_first_not_of(kTemporaryAlphabet));

        auto admin = _f->accounts.findByLogin(_f->database(), "chief@lab.example");
        CPPUNIT_ASSERT(admin);
        CPPUNIT_ASSERT_EQUAL(std::string("lab"), admin->side);
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), admin->role);
        CPPUNIT_ASSERT_EQUAL(std::string("active"), admin->status);
        CPPUNIT_ASSERT_EQUAL(std::string("chief"), admin->username);
        CPPUNIT_ASSERT(admin->mustChangePassword);
        CPPUNIT_ASSERT(hasher.verify(password, admin->passwordHash));
        MOLAR_ASSERT_CONTAINS("$argon2id$v=19$m=19456,t=2,p=1$", admin->passwordHash);
        MOLAR_ASSERT_NOT_CONTAINS(password, admin->passwordHash);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"user.created"}, _f->auditActions());

        SignInService service(_f->database(), _f->clock, *_sessions, hasher, *_f->audit, SignInSettings{});
        auto result = service.signIn("chief", password, "198.51.100.7");
        CPPUNIT_ASSERT(result.outcome == SignInService::Outcome::SignedIn);
        CPPUNIT_ASSERT(result.mustChangePassword);
        CPPUNIT_ASSERT_EQUAL(admin->id, result.userId);
    }

    void testCreateLabAdminRefusesATakenOrInvalidEmail()
    {
        const std::string first = molar::host::createLabAdmin(_f->database(), _f->clock, _f->hasher,
                                                              *_f->audit, "chief@lab.example");
        for (const std::string email : {"chief@lab.example", "CHIEF@lab.example"}) {
            try {
                molar::host::createLabAdmin(_f->database(), _f->clock, _f->hasher, *_f->audit, email);
                CPPUNIT_FAIL("a second admin with " + email + " was created");
            } catch (const AccountStore::AccountError& e) {
                CPPUNIT_ASSERT_EQUAL(std::string("email"), e.field());
            }
        }
        CPPUNIT_ASSERT_THROW(
            molar::host::createLabAdmin(_f->database(), _f->clock, _f->hasher, *_f->audit, "not an email"),
            AccountStore::AccountError);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_users"));
        // The first admin's password still works; the refused calls changed nothing.
        auto admin = _f->accounts.findByLogin(_f->database(), "chief@lab.example");
        CPPUNIT_ASSERT(_f->hasher.verify(first, admin->passwordHash));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"user.created"}, _f->auditActions());
    }

    void testTemporaryPasswordsAreLongAndDistinct()
    {
        std::set<std::string> passwords;
        for (int i = 0; i < 200; ++i) {
            const std::string password = molar::host::temporaryPassword();
            CPPUNIT_ASSERT_EQUAL(std::size_t(16), password.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(password, std::string::npos,
                                         password.find_first_not_of(kTemporaryAlphabet));
            passwords.insert(password);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), passwords.size());
    }

    void testSeedDemoAccountsTwiceMakesThemOnce()
    {
        auto first = molar::host::seedDemoAccounts(_f->database(), _f->clock, _f->hasher, *_f->audit);
        _f->clock.advance(std::chrono::hours(1));
        auto second = molar::host::seedDemoAccounts(_f->database(), _f->clock, _f->hasher, *_f->audit);

        CPPUNIT_ASSERT_EQUAL(std::size_t(8), first.size());
        CPPUNIT_ASSERT_EQUAL(logins(first), logins(second));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _f->count("molar_organizations"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), _f->count("molar_clinics"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8), _f->count("molar_users"));
        auto created =
            _f->database().query("SELECT COUNT(*) FROM molar_audit WHERE action = ?", {"user.created"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8), created.row(0).at(0).asInt());

        // Pearl Dental Group has its two clinics and its two people.
        auto pearl =
            _f->database().query("SELECT id FROM molar_organizations WHERE name = ?", {"Pearl Dental Group"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pearl.size());
        const std::int64_t pearlId = pearl.row(0).at(0).asInt();
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(2),
            _f->database()
                .query("SELECT COUNT(*) FROM molar_clinics WHERE organization_id = ?", {pearlId})
                .row(0)
                .at(0)
                .asInt());
        CPPUNIT_ASSERT_EQUAL(pearlId,
                             _f->accounts.findByLogin(_f->database(), "pearldentist")->organizationId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             _f->accounts.findByLogin(_f->database(), "labadmin")->organizationId);
    }

    void testEverySeededSignInWorks()
    {
        molar::host::seedDemoAccounts(_f->database(), _f->clock, _f->hasher, *_f->audit);
        auto demo = molar::host::seedDemoAccounts(_f->database(), _f->clock, _f->hasher, *_f->audit);
        SignInService service(_f->database(), _f->clock, *_sessions, _f->hasher, *_f->audit,
                              SignInSettings{});
        std::set<std::int64_t> users;
        for (const auto& person : demo) {
            auto result = service.signIn(person.login, person.password, "198.51.100.7");
            CPPUNIT_ASSERT_MESSAGE(person.who, result.outcome == SignInService::Outcome::SignedIn);
            CPPUNIT_ASSERT_MESSAGE(person.who, !result.mustChangePassword);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(person.who, result.userId,
                                         _sessions->resolve(result.sessionToken).value_or(0));
            users.insert(result.userId);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), users.size());
    }

private:
    static std::vector<std::string> logins(const std::vector<DemoSignIn>& people)
    {
        std::vector<std::string> out;
        for (const auto& p : people)
            out.push_back(p.login + " / " + p.password);
        return out;
    }

    std::unique_ptr<molar::test::AccountsFixture> _f;
    std::unique_ptr<SessionStore> _sessions;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountProvisioningTest);

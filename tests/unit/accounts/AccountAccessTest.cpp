// Who may use an account, on both databases: blocking an organization ends its
// members' sessions and refuses their sign-in and new members, and lifting it gives
// each member back their own status; a block the lab set is lifted by the lab only;
// names with control characters are refused beside their field; a registration
// with an email or username that an account has gets the answer a new one gets,
// and that account's owner is told instead.
#include "AccountsTestSupport.h"
#include "Assertions.h"

#include "accounts/AccountAdministration.h"
#include "accounts/AccountForms.h"
#include "accounts/HostAccounts.h"
#include "accounts/RegistrationRoutes.h"
#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"
#include "accounts/security/PasswordPolicy.h"
#include "jobs/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using host::AccountAdministration;
using host::RegistrationRoutes;
using host::SignInService;

namespace {

const std::string kPassword = "amber tide over the corniche";

struct Published
{
    std::string event;
    sdk::Value payload;
};

} // namespace

class AccountAccessTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccountAccessTest);
    CPPUNIT_TEST(testBlockingAnOrganizationEndsItsMembersSessionsAndSignIns);
    CPPUNIT_TEST(testBlockedOrganizationsCodeIsAnsweredAsAnUnknownOne);
    CPPUNIT_TEST(testOwnerCannotLiftTheLabsBlock);
    CPPUNIT_TEST(testControlCharactersAreFoundInEveryForm);
    CPPUNIT_TEST(testNamesWithControlCharactersAreRefusedBesideTheField);
    CPPUNIT_TEST(testTakenEmailGetsTheNewAccountsAnswerAndItsOwnerIsTold);
    CPPUNIT_TEST(testTakenUsernameTellsItsOwner);
    CPPUNIT_TEST(testAnOwnerIsToldThreeTimesAnHourAtMost);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _f = std::make_unique<test::AccountsFixture>();
        _queue = std::make_unique<host::JobQueue>(_f->database(), _f->clock, "host-a");
        _runner = std::make_unique<host::JobRunner>(*_queue, _f->database(), _f->clock, "host-a", 0,
                                                    std::chrono::milliseconds(5));
        _events = std::make_unique<host::EventBus>(*_runner);
        _runner->define(
            "host", "test.message", [](const sdk::Job&) {}, sdk::JobOptions{});
        for (const char* event : {RegistrationRoutes::EVENT, RegistrationRoutes::ATTEMPT_EVENT}) {
            _events->onDurable("host", event, "test.message");
            _events->on("test", event, [this, event](sdk::Transaction&, const sdk::Event& e) {
                _published.push_back({event, e.payload});
            });
        }
        _policy = std::make_unique<host::PasswordPolicy>(std::unordered_set<std::string>{"password123"});
        _views = std::make_unique<host::ViewEngine>(_catalog, std::vector<host::Language>{{"en", "English"}},
                                                    "Molar");
        _registration = std::make_unique<RegistrationRoutes>(_f->database(), _f->clock, *_views, *_events,
                                                             _f->hasher, *_policy, *_f->audit);
        _hostAccounts = std::make_unique<host::HostAccounts>(_f->database());
        _admin =
            std::make_unique<AccountAdministration>(_f->database(), _f->clock, *_f->audit, *_events,
                                                    *_hostAccounts, _f->hasher, "https://portal.example");
        _sessions = std::make_unique<host::SessionStore>(_f->database(), _f->clock, std::chrono::hours(24));
        _signIn = std::make_unique<SignInService>(_f->database(), _f->clock, *_sessions, _f->hasher,
                                                  *_f->audit, host::SignInSettings{});
    }

    void tearDown() override
    {
        _signIn.reset();
        _sessions.reset();
        _admin.reset();
        _hostAccounts.reset();
        _registration.reset();
        _views.reset();
        _events.reset();
        _runner.reset();
        _queue.reset();
        _f.reset();
    }

    void testBlockingAnOrganizationEndsItsMembersSessionsAndSignIns()
    {
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        const std::int64_t smile = _f->createOrganization("Smile Studio");
        const std::int64_t owner = member(pearl, "owner@pearl.example", "owner", "active");
        const std::int64_t dentist = member(pearl, "dentist@pearl.example", "dentist", "active");
        const std::int64_t waiting = member(pearl, "new@pearl.example", "dentist", "blocked");
        const std::int64_t other = member(smile, "dentist@smile.example", "dentist", "active");
        const std::string ownerToken = signIn("owner@pearl.example");
        const std::string dentistToken = signIn("dentist@pearl.example");
        const std::string otherToken = signIn("dentist@smile.example");
        CPPUNIT_ASSERT_EQUAL(owner, _sessions->resolve(ownerToken).value_or(0));

        CPPUNIT_ASSERT(_admin->blockOrganization(labAdmin(), pearl).done());
        // Signed out at once; the other organization's member is not.
        CPPUNIT_ASSERT(!_sessions->resolve(ownerToken));
        CPPUNIT_ASSERT(!_sessions->resolve(dentistToken));
        CPPUNIT_ASSERT_EQUAL(other, _sessions->resolve(otherToken).value_or(0));
        // Every reader sees them blocked, as sign-in and the session resolver do.
        for (const std::int64_t id : {owner, dentist}) {
            auto user = _f->accounts.findById(_f->database(), id);
            CPPUNIT_ASSERT_EQUAL(std::string("blocked"), user->status);
            CPPUNIT_ASSERT_EQUAL(std::string("active"), user->ownStatus);
            CPPUNIT_ASSERT(user->organizationBlocked);
        }
        for (const std::string login : {"owner@pearl.example", "dentist@pearl.example"}) {
            auto refused = _signIn->signIn(login, kPassword, "192.0.2.9");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, std::string("Inactive"),
                                         std::string(SignInService::name(refused.outcome)));
            CPPUNIT_ASSERT(refused.sessionToken.empty());
        }
        CPPUNIT_ASSERT_EQUAL(std::string("SignedIn"),
                             std::string(SignInService::name(
                                 _signIn->signIn("dentist@smile.example", kPassword, "192.0.2.9").outcome)));
        CPPUNIT_ASSERT(has(_f->auditActions(), "organization.blocked"));

        // Lifted: each member has their own status back.
        AccountAdministration::Errors errors;
        _admin->addClinic(labAdmin(), pearl, "Pearl West Bay", "Tower 12, West Bay", "QA", errors);
        CPPUNIT_ASSERT(_admin->activateOrganization(labAdmin(), pearl).done());
        CPPUNIT_ASSERT_EQUAL(std::string("active"), _f->accounts.findById(_f->database(), dentist)->status);
        CPPUNIT_ASSERT_EQUAL(std::string("blocked"), _f->accounts.findById(_f->database(), waiting)->status);
        CPPUNIT_ASSERT(!signIn("owner@pearl.example").empty());
    }

    void testBlockedOrganizationsCodeIsAnsweredAsAnUnknownOne()
    {
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        member(pearl, "owner@pearl.example", "owner", "active");
        _admin->blockOrganization(labAdmin(), pearl);
        const auto users = _f->count("molar_users");
        auto f = form();
        f.reference = *_f->accounts.organizationReference(_f->database(), pearl);
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), result.errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("register.error.reference"), result.errors["reference"]);
        f.reference = "ZZZZ2222";
        CPPUNIT_ASSERT_EQUAL(std::string("register.error.reference"),
                             _registration->submit(f, visitor()).errors["reference"]);
        CPPUNIT_ASSERT_EQUAL(users, _f->count("molar_users"));
        CPPUNIT_ASSERT(_published.empty());
    }

    void testOwnerCannotLiftTheLabsBlock()
    {
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        const std::int64_t owner = member(pearl, "owner@pearl.example", "owner", "active");
        const std::int64_t dentist = member(pearl, "dentist@pearl.example", "dentist", "active");
        const auto manager = ownerOf(pearl, owner);

        CPPUNIT_ASSERT(_admin->setUserStatus(labAdmin(), dentist, "blocked").done());
        auto refused = _admin->setUserStatus(manager, dentist, "active");
        CPPUNIT_ASSERT_EQUAL(std::string("admin.error.labBlocked"), refused.refusal);
        auto user = _f->accounts.findById(_f->database(), dentist);
        CPPUNIT_ASSERT_EQUAL(std::string("blocked"), user->status);
        CPPUNIT_ASSERT(user->blockedByLab);
        CPPUNIT_ASSERT(_admin->setUserStatus(labAdmin(), dentist, "active").done());
        CPPUNIT_ASSERT_EQUAL(std::string("active"), _f->accounts.findById(_f->database(), dentist)->status);

        // The owner's own block is theirs to lift...
        CPPUNIT_ASSERT(_admin->setUserStatus(manager, dentist, "blocked").done());
        CPPUNIT_ASSERT(!_f->accounts.findById(_f->database(), dentist)->blockedByLab);
        CPPUNIT_ASSERT(_admin->setUserStatus(manager, dentist, "active").done());
        // ...unless the lab blocks the account too: then the block is the lab's.
        CPPUNIT_ASSERT(_admin->setUserStatus(manager, dentist, "blocked").done());
        CPPUNIT_ASSERT(_admin->setUserStatus(labAdmin(), dentist, "blocked").done());
        CPPUNIT_ASSERT(_f->accounts.findById(_f->database(), dentist)->blockedByLab);
        CPPUNIT_ASSERT_EQUAL(std::string("admin.error.labBlocked"),
                             _admin->setUserStatus(manager, dentist, "active").refusal);
        CPPUNIT_ASSERT_EQUAL(std::string("blocked"), _f->accounts.findById(_f->database(), dentist)->status);
    }

    void testControlCharactersAreFoundInEveryForm()
    {
        using host::AccountForms::hasControlCharacters;
        for (const std::string fine :
             {"Layla Haddad", "Zoë O'Brien-Núñez", "ليلى حداد", "佐藤", "🦷 Studio", "Rue de l’Église"})
            CPPUNIT_ASSERT_MESSAGE(fine, !hasControlCharacters(fine));
        for (const std::string& bad :
             {std::string("Layla\r\nHaddad"), std::string("Layla\n"), std::string("a\tb"),
              std::string("a\x1b[31m"), std::string("a\x7f"), std::string("a\0b", 3),
              std::string("a\xc2\x85"
                          "b"), // NEL, a C1 control
              std::string("a\xc2\x9b"
                          "b"), // CSI, a C1 control
              std::string("a\xe2\x80\xa8"
                          "b"), // line separator
              std::string("a\xe2\x80\xa9"
                          "b"),             // paragraph separator
              std::string("a\xc3"),         // cut short
              std::string("a\xc0\x8a"),     // an overlong LF
              std::string("a\xed\xa0\x80"), // a surrogate
              std::string("a\xff")})
            CPPUNIT_ASSERT_MESSAGE(bad, hasControlCharacters(bad));
        CPPUNIT_ASSERT(!host::AccountForms::isEmail("lina\x01@pearl.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("accountForm.error.control"),
                             host::AccountForms::textError("Lina\rX", 100, "profile.error.required"));
        CPPUNIT_ASSERT_EQUAL(std::string("profile.error.required"),
                             host::AccountForms::textError("", 100, "profile.error.required"));
        CPPUNIT_ASSERT_EQUAL(std::string(),
                             host::AccountForms::textError("Lina", 100, "profile.error.required"));
    }

    void testNamesWithControlCharactersAreRefusedBesideTheField()
    {
        const std::string control = "accountForm.error.control";
        // Registration: names, business name and address.
        auto f = form();
        f.firstName = "Huda\r\n2026-12-01 INFO sign_in admin";
        f.lastName = "Rahman\xe2\x80\xa8";
        f.businessName = "Corniche\x1b[2J";
        f.address = "Road 5\xc2\x85";
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(control, result.errors["firstName"]);
        CPPUNIT_ASSERT_EQUAL(control, result.errors["lastName"]);
        CPPUNIT_ASSERT_EQUAL(control, result.errors["businessName"]);
        CPPUNIT_ASSERT_EQUAL(control, result.errors["address"]);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_users"));

        // The lab's forms: organizations, clinics, new users; an owner's or the lab's edits.
        AccountAdministration::Errors errors;
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            _admin->createOrganization(labAdmin(), "Pearl\nDental", "West\tBay", "Tower 12", "QA", errors));
        CPPUNIT_ASSERT_EQUAL(control, errors["name"]);
        CPPUNIT_ASSERT_EQUAL(control, errors["clinicName"]);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_organizations"));
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        errors.clear();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             _admin->addClinic(labAdmin(), pearl, "Al Sadd", "Street\r\n870", "QA", errors));
        CPPUNIT_ASSERT_EQUAL(control, errors["address"]);
        errors.clear();
        AccountAdministration::NewUser user;
        user.side = "clinic";
        user.role = "staff";
        user.organizationId = pearl;
        user.firstName = "Noor\x7f";
        user.lastName = "Saleh\xc2\x9b";
        user.email = "noor@pearl.example";
        user.username = "noor";
        std::string temporary;
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _admin->createUser(labAdmin(), user, errors, temporary));
        CPPUNIT_ASSERT_EQUAL(control, errors["firstName"]);
        CPPUNIT_ASSERT_EQUAL(control, errors["lastName"]);
        const std::int64_t owner = member(pearl, "owner@pearl.example", "owner", "active");
        const std::int64_t dentist = member(pearl, "dentist@pearl.example", "dentist", "active");
        errors.clear();
        _admin->editUser(ownerOf(pearl, owner), dentist, {"Karim\nX", "Nasser\xe2\x80\xa9", "", "dentist"},
                         errors);
        CPPUNIT_ASSERT_EQUAL(control, errors["firstName"]);
        CPPUNIT_ASSERT_EQUAL(control, errors["lastName"]);
        CPPUNIT_ASSERT_EQUAL(std::string("Lina"), _f->accounts.findById(_f->database(), dentist)->firstName);
    }

    void testTakenEmailGetsTheNewAccountsAnswerAndItsOwnerIsTold()
    {
        const std::int64_t lina = _f->createUser("lina@clinic.example", "lina", kPassword);
        auto f = form();
        f.email = "LINA@clinic.example";
        const auto users = _f->count("molar_users");
        auto taken = _registration->submit(f, visitor());
        // What the page is given to answer with: nothing that a new email would not give.
        CPPUNIT_ASSERT(taken.errors.empty());
        CPPUNIT_ASSERT(taken.taken);
        CPPUNIT_ASSERT(!taken.joined);
        CPPUNIT_ASSERT_EQUAL(users, _f->count("molar_users"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_organizations"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _published.size());
        CPPUNIT_ASSERT_EQUAL(std::string(RegistrationRoutes::ATTEMPT_EVENT), _published[0].event);
        CPPUNIT_ASSERT_EQUAL(lina, _published[0].payload.getInt("userId"));
        CPPUNIT_ASSERT_EQUAL(std::string("/password/forgot"), _published[0].payload.getString("resetPath"));
        // Nothing the stranger typed reaches the owner's message.
        CPPUNIT_ASSERT(!_published[0].payload.has("password"));
        CPPUNIT_ASSERT_EQUAL(std::string("Lina Haddad"), _published[0].payload.getString("name"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), jobs());
        CPPUNIT_ASSERT(has(_f->auditActions(), "registration.taken"));

        // The same form with a new email makes the account, with the same kind of answer.
        _published.clear();
        f.email = "huda@corniche.example";
        auto fresh = _registration->submit(f, visitor());
        CPPUNIT_ASSERT(fresh.errors.empty());
        CPPUNIT_ASSERT(!fresh.taken);
        CPPUNIT_ASSERT_EQUAL(fresh.joined, taken.joined);
        CPPUNIT_ASSERT(fresh.userId > 0);
        CPPUNIT_ASSERT_EQUAL(std::string(RegistrationRoutes::EVENT), _published.at(0).event);
    }

    void testTakenUsernameTellsItsOwner()
    {
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        const std::int64_t lina = _f->createUser("lina@clinic.example", "lina", kPassword);
        const std::int64_t omar = member(pearl, "omar@pearl.example", "dentist", "active");
        auto f = form();
        f.email = "omar@pearl.example";
        f.username = "Lina";
        f.reference = *_f->accounts.organizationReference(_f->database(), pearl);
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT(result.errors.empty());
        CPPUNIT_ASSERT(result.joined);
        // Both accounts' owners hear of it, once each.
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _published.size());
        CPPUNIT_ASSERT_EQUAL(omar, _published[0].payload.getInt("userId"));
        CPPUNIT_ASSERT_EQUAL(lina, _published[1].payload.getInt("userId"));
        // One account with both: its owner hears of it once.
        _published.clear();
        f.email = "OMAR@pearl.example";
        f.username = "omar." + std::to_string(pearl);
        CPPUNIT_ASSERT(_registration->submit(f, visitor()).taken);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _published.size());
        CPPUNIT_ASSERT_EQUAL(omar, _published[0].payload.getInt("userId"));
    }

    void testAnOwnerIsToldThreeTimesAnHourAtMost()
    {
        const std::int64_t lina = _f->createUser("lina@clinic.example", "lina", kPassword);
        auto f = form();
        f.email = "lina@clinic.example";
        for (int i = 0; i < 5; ++i) {
            auto result = _registration->submit(f, visitor());
            CPPUNIT_ASSERT(result.errors.empty());
            CPPUNIT_ASSERT(result.taken);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), _published.size());
        CPPUNIT_ASSERT(has(_f->auditActions(), "registration.taken_unsent"));
        _f->clock.advance(std::chrono::minutes(61));
        _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), _published.size());
        CPPUNIT_ASSERT_EQUAL(lina, _published.back().payload.getInt("userId"));
    }

private:
    RegistrationRoutes::Form form() const
    {
        RegistrationRoutes::Form f;
        f.businessName = "Corniche Smiles";
        f.firstName = "Huda";
        f.lastName = "Rahman";
        f.email = "huda@corniche.example";
        f.username = "huda.rahman";
        f.password = f.confirm = "seven amber lanterns glow";
        f.phone = "+971501234567";
        f.address = "Corniche Road 5, Abu Dhabi";
        f.country = "AE";
        return f;
    }

    std::int64_t member(std::int64_t organizationId, const std::string& email, const std::string& role,
                        const std::string& status)
    {
        host::UserRecord user;
        user.side = "clinic";
        user.role = role;
        user.organizationId = organizationId;
        user.email = email;
        user.username = email.substr(0, email.find('@')) + "." + std::to_string(organizationId);
        user.firstName = "Lina";
        user.lastName = "Haddad";
        user.phone = "+97455001122";
        user.status = status;
        user.passwordHash = _f->hasher.hash(kPassword);
        return _f->insertUser(user);
    }

    std::string signIn(const std::string& login)
    {
        auto result = _signIn->signIn(login, kPassword, "192.0.2.8");
        return result.sessionToken;
    }

    static sdk::Actor visitor() { return sdk::Actor{0, "anonymous", "192.0.2.7"}; }

    static AccountAdministration::Manager labAdmin()
    {
        AccountAdministration::Manager m;
        m.actor = sdk::Actor{1, "Lab admin", "192.0.2.1"};
        m.userId = 1000000;
        return m;
    }

    static AccountAdministration::Manager ownerOf(std::int64_t org, std::int64_t owner)
    {
        AccountAdministration::Manager m;
        m.actor = sdk::Actor{owner, "Owner", "192.0.2.2"};
        m.userId = owner;
        m.organizationId = org;
        return m;
    }

    std::int64_t jobs() { return _f->count("molar_jobs"); }

    static bool has(const std::vector<std::string>& actions, const std::string& action)
    {
        return std::find(actions.begin(), actions.end(), action) != actions.end();
    }

    std::unique_ptr<test::AccountsFixture> _f;
    std::unique_ptr<host::JobQueue> _queue;
    std::unique_ptr<host::JobRunner> _runner;
    std::unique_ptr<host::EventBus> _events;
    std::unique_ptr<host::PasswordPolicy> _policy;
    host::MessageCatalog _catalog;
    std::unique_ptr<host::ViewEngine> _views;
    std::unique_ptr<RegistrationRoutes> _registration;
    std::unique_ptr<host::HostAccounts> _hostAccounts;
    std::unique_ptr<AccountAdministration> _admin;
    std::unique_ptr<host::SessionStore> _sessions;
    std::unique_ptr<SignInService> _signIn;
    std::vector<Published> _published;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountAccessTest);

// Registration and account administration on both databases: what a registration
// with and without a reference code makes, that nothing is saved on an error, the
// owner's and the lab admin's activation and blocking, activation requirements
// (the host's and a plugin's), users created with a temporary password, and the
// user search with its status filter and keyset pages.
#include "AccountsTestSupport.h"
#include "Assertions.h"

#include "accounts/AccountAdministration.h"
#include "accounts/HostAccounts.h"
#include "accounts/RegistrationRoutes.h"
#include "accounts/security/PasswordPolicy.h"
#include "core/Json.h"
#include "jobs/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <set>

using namespace molar;
using host::AccountAdministration;
using host::RegistrationRoutes;

namespace {

struct Published
{
    std::string event;
    sdk::Value payload;
    std::int64_t usersSeen = 0; // molar_users rows the handler saw in the publisher's transaction
};

} // namespace

class AccountAdministrationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccountAdministrationTest);
    CPPUNIT_TEST(testRegistrationWithoutCodeMakesAPendingPractice);
    CPPUNIT_TEST(testRegistrationWithCodeJoinsBlockedAsDentist);
    CPPUNIT_TEST(testRegistrationErrorsSaveNothing);
    CPPUNIT_TEST(testRegistrationWithTakenEmailAndUsernameMakesNothing);
    CPPUNIT_TEST(testUnknownReferenceCodeIsAFieldError);
    CPPUNIT_TEST(testOwnerActivatesAndBlocksTheirMembers);
    CPPUNIT_TEST(testOwnerCannotReachAnotherOrganizationsUsers);
    CPPUNIT_TEST(testOwnerCannotBlockThemselvesOrDropTheLastOwner);
    CPPUNIT_TEST(testLabActivationListsWhatIsMissingThenActivatesTheOwner);
    CPPUNIT_TEST(testPluginRequirementBlocksActivation);
    CPPUNIT_TEST(testManyOrganizationsAndUsersAreFoundAtOnce);
    CPPUNIT_TEST(testCreatedUserGetsAWorkingTemporaryPasswordAndAWelcome);
    CPPUNIT_TEST(testRoleChangeIsAuditedWithOldAndNewRole);
    CPPUNIT_TEST(testSearchFilterAndPagesReturnEachUserOnce);
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
        for (const char* event : {RegistrationRoutes::EVENT, AccountAdministration::WELCOME_EVENT}) {
            _events->onDurable("host", event, "test.message");
            _events->on("test", event, [this, event](sdk::Transaction& tx, const sdk::Event& e) {
                _published.push_back(
                    {event, e.payload, tx.query("SELECT COUNT(*) FROM molar_users").row(0).at(0).asInt()});
            });
        }
        _policy = std::make_unique<host::PasswordPolicy>(std::unordered_set<std::string>{"password123"});
        _registration = std::make_unique<RegistrationRoutes>(_f->database(), _f->clock, *_views(), *_events,
                                                             _f->hasher, *_policy, *_f->audit);
        _hostAccounts = std::make_unique<host::HostAccounts>(_f->database());
        _admin =
            std::make_unique<AccountAdministration>(_f->database(), _f->clock, *_f->audit, *_events,
                                                    *_hostAccounts, _f->hasher, "https://portal.example/");
    }

    void tearDown() override
    {
        _admin.reset();
        _hostAccounts.reset();
        _registration.reset();
        _events.reset();
        _runner.reset();
        _queue.reset();
        _f.reset();
    }

    void testRegistrationWithoutCodeMakesAPendingPractice()
    {
        auto result = _registration->submit(form(), visitor());
        CPPUNIT_ASSERT(result.errors.empty());
        CPPUNIT_ASSERT(!result.joined);
        auto user = _f->accounts.findById(_f->database(), result.userId);
        CPPUNIT_ASSERT(user);
        CPPUNIT_ASSERT_EQUAL(std::string("owner"), user->role);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), user->status);
        CPPUNIT_ASSERT_EQUAL(std::string("clinic"), user->side);
        auto organization = _f->accounts.findOrganization(_f->database(), result.organizationId);
        CPPUNIT_ASSERT(organization);
        CPPUNIT_ASSERT_EQUAL(std::string("Corniche Smiles"), organization->name);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), organization->status);
        auto clinics = _f->accounts.clinics(_f->database(), result.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), clinics.size());
        CPPUNIT_ASSERT_EQUAL(std::string("AE"), clinics[0].country);
        CPPUNIT_ASSERT_EQUAL(std::string("Corniche Road 5, Abu Dhabi"), clinics[0].address);
        CPPUNIT_ASSERT(_f->hasher.verify("seven amber lanterns glow", user->passwordHash));
        assertRegisteredEvent(result.userId, result.organizationId);
        CPPUNIT_ASSERT(has(_f->auditActions(), "registration"));
        CPPUNIT_ASSERT(has(_f->auditActions(), "organization.created"));
        CPPUNIT_ASSERT(has(_f->auditActions(), "clinic.created"));
    }

    void testRegistrationWithCodeJoinsBlockedAsDentist()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        const std::int64_t clinicsBefore = _f->count("molar_clinics");
        auto f = form();
        f.businessName.clear();
        f.address.clear();
        f.reference = " " + Poco::toLower(*_f->accounts.organizationReference(_f->database(), org)) + " ";
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT(result.errors.empty());
        CPPUNIT_ASSERT(result.joined);
        CPPUNIT_ASSERT_EQUAL(org, result.organizationId);
        auto user = _f->accounts.findById(_f->database(), result.userId);
        CPPUNIT_ASSERT_EQUAL(std::string("dentist"), user->role);
        CPPUNIT_ASSERT_EQUAL(std::string("blocked"), user->status);
        CPPUNIT_ASSERT_EQUAL(org, user->organizationId);
        CPPUNIT_ASSERT_EQUAL(clinicsBefore, _f->count("molar_clinics"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_organizations"));
        assertRegisteredEvent(result.userId, org);
        CPPUNIT_ASSERT(has(_f->auditActions(), "registration"));
    }

    void testRegistrationErrorsSaveNothing()
    {
        auto f = form();
        f.confirm = "something else entirely";
        f.phone = "55060499";
        f.country = "XX";
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(std::string("password.error.mismatch"), result.errors["confirm"]);
        CPPUNIT_ASSERT_EQUAL(std::string("profile.error.phone"), result.errors["phone"]);
        CPPUNIT_ASSERT_EQUAL(std::string("accountForm.error.country"), result.errors["country"]);
        f = form();
        f.password = f.confirm = "password123";
        result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(std::string("password.common"), result.errors["password"]);
        f = form();
        f.businessName.clear();
        f.email = "not an email";
        result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(std::string("register.error.businessName"), result.errors["businessName"]);
        CPPUNIT_ASSERT_EQUAL(std::string("profile.error.email"), result.errors["email"]);
        assertNothingSaved();
    }

    // The answer is a new account's (AccountAccessTest follows the owner's message).
    void testRegistrationWithTakenEmailAndUsernameMakesNothing()
    {
        _f->createUser("lina@clinic.example", "lina", "first password here");
        auto f = form();
        f.email = "LINA@clinic.example";
        f.username = "Lina";
        const auto users = _f->count("molar_users");
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT(result.errors.empty());
        CPPUNIT_ASSERT(result.taken);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), result.userId);
        CPPUNIT_ASSERT_EQUAL(users, _f->count("molar_users"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_organizations"));
        CPPUNIT_ASSERT(_published.empty());
    }

    void testUnknownReferenceCodeIsAFieldError()
    {
        _f->createOrganization("Pearl Dental Group");
        auto f = form();
        f.reference = "ZZZZ2222";
        auto result = _registration->submit(f, visitor());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), result.errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("register.error.reference"), result.errors["reference"]);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_organizations"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_users"));
    }

    void testOwnerActivatesAndBlocksTheirMembers()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        const std::int64_t owner = createOwner(org, "owner@pearl.example", "active");
        auto f = form();
        f.reference = *_f->accounts.organizationReference(_f->database(), org);
        const std::int64_t dentist = _registration->submit(f, visitor()).userId;
        auto manager = ownerOf(org, owner);
        CPPUNIT_ASSERT(_admin->setUserStatus(manager, dentist, "active").done());
        CPPUNIT_ASSERT_EQUAL(std::string("active"), _f->accounts.findById(_f->database(), dentist)->status);
        CPPUNIT_ASSERT(_admin->setUserStatus(manager, dentist, "blocked").done());
        CPPUNIT_ASSERT_EQUAL(std::string("blocked"), _f->accounts.findById(_f->database(), dentist)->status);
        auto actions = _f->auditActions();
        CPPUNIT_ASSERT(has(actions, "user.activated"));
        CPPUNIT_ASSERT(has(actions, "user.blocked"));
    }

    void testOwnerCannotReachAnotherOrganizationsUsers()
    {
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        const std::int64_t smile = _f->createOrganization("Smile Studio");
        const std::int64_t owner = createOwner(pearl, "owner@pearl.example", "active");
        const std::int64_t other =
            _f->createUser("dentist@smile.example", "smiledentist", "x password x", "blocked", smile);
        auto manager = ownerOf(pearl, owner);
        CPPUNIT_ASSERT(!_admin->managedUser(manager, other));
        CPPUNIT_ASSERT(!_admin->setUserStatus(manager, other, "active").found);
        AccountAdministration::Errors errors;
        CPPUNIT_ASSERT(!_admin->editUser(manager, other, {"Evil", "Edit", "", "owner"}, errors).found);
        auto user = _f->accounts.findById(_f->database(), other);
        CPPUNIT_ASSERT_EQUAL(std::string("blocked"), user->status);
        CPPUNIT_ASSERT_EQUAL(std::string("dentist"), user->role);
        CPPUNIT_ASSERT_EQUAL(std::string("Lina"), user->firstName);
        host::UserQuery query;
        query.organizationId = pearl;
        for (const auto& entry : _f->accounts.searchUsers(_f->database(), query))
            CPPUNIT_ASSERT_EQUAL(pearl, entry.user.organizationId);
    }

    void testOwnerCannotBlockThemselvesOrDropTheLastOwner()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        const std::int64_t owner = createOwner(org, "owner@pearl.example", "active");
        auto manager = ownerOf(org, owner);
        CPPUNIT_ASSERT_EQUAL(std::string("admin.error.notYourself"),
                             _admin->setUserStatus(manager, owner, "blocked").refusal);
        AccountAdministration::Errors errors;
        _admin->editUser(manager, owner, {"Layla", "Haddad", "+97455000000", "dentist"}, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("admin.error.lastOwner"), errors["role"]);
        CPPUNIT_ASSERT_EQUAL(std::string("owner"), _f->accounts.findById(_f->database(), owner)->role);
        // Nor may the lab block the last active owner.
        CPPUNIT_ASSERT_EQUAL(std::string("admin.error.lastOwner"),
                             _admin->setUserStatus(labAdmin(), owner, "blocked").refusal);
    }

    void testLabActivationListsWhatIsMissingThenActivatesTheOwner()
    {
        AccountAdministration::Errors errors;
        const std::int64_t org = _admin->createOrganization(labAdmin(), "Corniche Smiles", "Corniche West",
                                                            "Corniche Road 5", "AE", errors);
        CPPUNIT_ASSERT(errors.empty());
        auto refused = _admin->activateOrganization(labAdmin(), org);
        CPPUNIT_ASSERT(!refused.done());
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"organization.missing.owner"}, refused.missingKeys);
        // An owner without a phone is not a complete profile.
        const std::int64_t owner = createOwner(org, "owner@corniche.example", "pending", "");
        refused = _admin->activateOrganization(labAdmin(), org);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"organization.missing.ownerProfile"},
                             refused.missingKeys);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"),
                             _f->accounts.findOrganization(_f->database(), org)->status);

        _f->database().execute("UPDATE molar_users SET phone = '+971501234567' WHERE id = ?", {owner});
        CPPUNIT_ASSERT(_admin->activateOrganization(labAdmin(), org).done());
        CPPUNIT_ASSERT_EQUAL(std::string("active"),
                             _f->accounts.findOrganization(_f->database(), org)->status);
        CPPUNIT_ASSERT_EQUAL(std::string("active"), _f->accounts.findById(_f->database(), owner)->status);
        auto actions = _f->auditActions();
        CPPUNIT_ASSERT(has(actions, "organization.created"));
        CPPUNIT_ASSERT(has(actions, "clinic.created"));
        CPPUNIT_ASSERT(has(actions, "organization.activated"));
        CPPUNIT_ASSERT(has(actions, "user.activated"));

        // An organization without a clinic says so.
        std::int64_t bare = 0;
        _f->database().transaction(
            [&](sdk::Transaction& tx) { bare = _f->accounts.createOrganization(tx, "Bare", "pending", 1); });
        createOwner(bare, "owner@bare.example", "pending");
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"organization.missing.clinic"},
                             _admin->activateOrganization(labAdmin(), bare).missingKeys);
        CPPUNIT_ASSERT(_admin->addClinic(labAdmin(), bare, "Bare Main", "Street 1", "QA", errors) > 0);
        CPPUNIT_ASSERT(_admin->activateOrganization(labAdmin(), bare).done());
    }

    void testPluginRequirementBlocksActivation()
    {
        AccountAdministration::Errors errors;
        const std::int64_t org = _admin->createOrganization(labAdmin(), "Corniche Smiles", "Corniche West",
                                                            "Road 5", "AE", errors);
        createOwner(org, "owner@corniche.example", "pending");
        bool cardOnFile = false;
        _hostAccounts->addActivationRequirement("billing", "payment-method", [&](std::int64_t) {
            return cardOnFile ? std::string() : std::string("Add a payment method for card billing.");
        });
        auto refused = _admin->activateOrganization(labAdmin(), org);
        CPPUNIT_ASSERT(refused.missingKeys.empty());
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"Add a payment method for card billing."},
                             refused.missingSentences);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"),
                             _f->accounts.findOrganization(_f->database(), org)->status);
        cardOnFile = true;
        CPPUNIT_ASSERT(_admin->activateOrganization(labAdmin(), org).done());
        _hostAccounts->removeOwner("billing");
    }

    // organizationsById and usersById answer what organization() and user() answer for
    // each id, once per id however often it is asked, and leave out ids nobody has.
    void testManyOrganizationsAndUsersAreFoundAtOnce()
    {
        const std::int64_t pearl = _f->createOrganization("Pearl Dental Group");
        const std::int64_t corniche = _f->createOrganization("Corniche Smiles");
        const std::int64_t lina =
            _f->createUser("lina@pearl.example", "lina", "seven amber lanterns glow", "active", pearl);
        const std::int64_t tech = _f->createUser("tech@lab.example", "tech", "seven amber lanterns glow");
        const std::int64_t nobody = corniche + tech + 1000;

        const auto organizations = _hostAccounts->organizationsById({corniche, pearl, corniche, nobody});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), organizations.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Pearl Dental Group"), organizations.at(pearl).name);
        CPPUNIT_ASSERT_EQUAL(_hostAccounts->organization(corniche)->referenceCode,
                             organizations.at(corniche).referenceCode);
        CPPUNIT_ASSERT_EQUAL(std::string("active"), organizations.at(corniche).status);

        const auto users = _hostAccounts->usersById({tech, nobody, lina, tech});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), users.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Lina Haddad"), users.at(lina).displayName);
        CPPUNIT_ASSERT_EQUAL(pearl, users.at(lina).organizationId);
        CPPUNIT_ASSERT_EQUAL(std::string("lab"), users.at(tech).side);
        CPPUNIT_ASSERT_EQUAL(_hostAccounts->user(tech)->timeZone, users.at(tech).timeZone);
        CPPUNIT_ASSERT(_hostAccounts->usersById({}).empty());

        // More ids than one statement takes: every one is still found.
        std::vector<std::int64_t> many(1200, nobody);
        many.push_back(pearl);
        for (std::int64_t i = 1; i < 1200; ++i)
            many[static_cast<std::size_t>(i)] = nobody + i;
        many.push_back(corniche);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _hostAccounts->organizationsById(many).size());
    }

    void testCreatedUserGetsAWorkingTemporaryPasswordAndAWelcome()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        AccountAdministration::NewUser user;
        user.side = "clinic";
        user.role = "staff";
        user.organizationId = org;
        user.firstName = "Noor";
        user.lastName = "Saleh";
        user.email = "Noor@Pearl.example";
        user.username = "noor.saleh";
        user.phone = "+97455112233";
        AccountAdministration::Errors errors;
        std::string temporary;
        const std::int64_t id = _admin->createUser(labAdmin(), user, errors, temporary);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), temporary.size());
        auto stored = _f->accounts.findById(_f->database(), id);
        CPPUNIT_ASSERT(stored->mustChangePassword);
        CPPUNIT_ASSERT_EQUAL(std::string("active"), stored->status);
        CPPUNIT_ASSERT_EQUAL(std::string("noor@pearl.example"), stored->email);
        CPPUNIT_ASSERT(_f->hasher.verify(temporary, stored->passwordHash));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _published.size());
        const auto& welcome = _published[0];
        CPPUNIT_ASSERT_EQUAL(std::string("account.welcome"), welcome.event);
        CPPUNIT_ASSERT_EQUAL(id, welcome.payload.getInt("userId"));
        // No secret in the event: a reset link's id, the link made when the email goes out.
        CPPUNIT_ASSERT(!welcome.payload.has("temporaryPassword"));
        CPPUNIT_ASSERT(host::toJson(welcome.payload).find(temporary) == std::string::npos);
        const std::string linkId = welcome.payload.getString("resetId");
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            _f->database()
                .query("SELECT COUNT(*) FROM molar_password_resets WHERE link_id = ? AND user_id = ?",
                       {linkId, id})
                .row(0)
                .at(0)
                .asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("https://portal.example/sign-in"),
                             welcome.payload.getString("signInUrl"));
        CPPUNIT_ASSERT_EQUAL(std::string("Noor Saleh"), welcome.payload.getString("name"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), welcome.usersSeen); // the new row, inside the transaction
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), jobs());
        CPPUNIT_ASSERT(has(_f->auditActions(), "user.created"));

        // The same email again: an error beside the field, no second welcome.
        temporary.clear();
        user.username = "noor2";
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _admin->createUser(labAdmin(), user, errors, temporary));
        CPPUNIT_ASSERT_EQUAL(std::string("profile.error.emailTaken"), errors["email"]);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), jobs());
        // A lab role on the clinic side is refused.
        errors.clear();
        user.email = "other@pearl.example";
        user.role = "technician";
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _admin->createUser(labAdmin(), user, errors, temporary));
        CPPUNIT_ASSERT_EQUAL(std::string("accountForm.error.role"), errors["role"]);
    }

    void testRoleChangeIsAuditedWithOldAndNewRole()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        createOwner(org, "owner@pearl.example", "active");
        const std::int64_t dentist =
            _f->createUser("dentist@pearl.example", "pearldentist", "x password x", "active", org);
        AccountAdministration::Errors errors;
        CPPUNIT_ASSERT(
            _admin->editUser(labAdmin(), dentist, {"Karim", "Nasser", "", "owner"}, errors).done());
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("owner"), _f->accounts.findById(_f->database(), dentist)->role);
        auto rows = _f->database().query("SELECT detail FROM molar_audit WHERE action = 'user.role_changed'");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("dentist -> owner"), rows.row(0).at(0).asString());
    }

    void testSearchFilterAndPagesReturnEachUserOnce()
    {
        const std::int64_t org = _f->createOrganization("Pearl Dental Group");
        const std::int64_t other = _f->createOrganization("Smile Studio");
        std::set<std::int64_t> blocked, all;
        for (int i = 0; i < 60; ++i) {
            const std::string n = std::to_string(i);
            const std::string status = i % 3 == 0 ? "blocked" : "active";
            const std::int64_t id =
                _f->createUser("member" + n + "@pearl.example", "member" + n, "x", status, org);
            all.insert(id);
            if (status == "blocked")
                blocked.insert(id);
        }
        _f->createUser("someone@smile.example", "someone", "x", "blocked", other);
        _f->createUser("100%_sure!@pearl.example", "odd", "x", "active", org);

        auto collect = [&](host::UserQuery query) {
            std::vector<std::int64_t> seen;
            query.limit = 25;
            for (;;) {
                auto page = _f->accounts.searchUsers(_f->database(), query);
                for (const auto& entry : page)
                    seen.push_back(entry.user.id);
                if (static_cast<int>(page.size()) < query.limit)
                    return seen;
                query.afterId = page.back().user.id;
            }
        };
        host::UserQuery query;
        query.organizationId = org;
        query.search = "MEMBER";
        auto seen = collect(query);
        CPPUNIT_ASSERT_EQUAL(all.size(), seen.size());
        CPPUNIT_ASSERT(std::set<std::int64_t>(seen.begin(), seen.end()) == all);

        query.status = "blocked";
        seen = collect(query);
        CPPUNIT_ASSERT_EQUAL(blocked.size(), seen.size());
        CPPUNIT_ASSERT(std::set<std::int64_t>(seen.begin(), seen.end()) == blocked);

        // Names: every word must match; LIKE wildcards in the search are literal.
        query = {};
        query.search = "lina HADDAD";
        CPPUNIT_ASSERT_EQUAL(std::size_t(62), collect(query).size());
        query.search = "100%_";
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), collect(query).size());
        query.search = "%";
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), collect(query).size());
        query.search = "nobody";
        CPPUNIT_ASSERT(collect(query).empty());
    }

private:
    host::ViewEngine* _views()
    {
        if (!_viewEngine)
            _viewEngine = std::make_unique<host::ViewEngine>(
                _catalog, std::vector<host::Language>{{"en", "English"}}, "Molar");
        return _viewEngine.get();
    }

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

    static sdk::Actor visitor() { return sdk::Actor{0, "anonymous", "192.0.2.7"}; }

    AccountAdministration::Manager labAdmin() const
    {
        AccountAdministration::Manager m;
        m.actor = sdk::Actor{1, "Lab admin", "192.0.2.1"};
        m.userId = 1000000;
        return m;
    }

    AccountAdministration::Manager ownerOf(std::int64_t org, std::int64_t owner) const
    {
        AccountAdministration::Manager m;
        m.actor = sdk::Actor{owner, "Owner", "192.0.2.2"};
        m.userId = owner;
        m.organizationId = org;
        return m;
    }

    std::int64_t createOwner(std::int64_t org, const std::string& email, const std::string& status,
                             const std::string& phone = "+97455000000")
    {
        host::UserRecord user;
        user.side = "clinic";
        user.role = "owner";
        user.organizationId = org;
        user.email = email;
        user.username = email.substr(0, email.find('@')) + std::to_string(org);
        user.firstName = "Layla";
        user.lastName = "Haddad";
        user.phone = phone;
        user.status = status;
        user.passwordHash = _f->hasher.hash("owner password here");
        std::int64_t id = 0;
        _f->database().transaction(
            [&](sdk::Transaction& tx) { id = _f->accounts.createUser(tx, user, _f->nowMs()); });
        return id;
    }

    void assertRegisteredEvent(std::int64_t userId, std::int64_t organizationId)
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _published.size());
        const auto& e = _published[0];
        CPPUNIT_ASSERT_EQUAL(std::string("account.registered"), e.event);
        CPPUNIT_ASSERT_EQUAL(userId, e.payload.getInt("userId"));
        CPPUNIT_ASSERT_EQUAL(organizationId, e.payload.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(std::string("huda@corniche.example"), e.payload.getString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("Huda Rahman"), e.payload.getString("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("en"), e.payload.getString("language"));
        // The handler saw the new user: it ran inside the registration's transaction.
        CPPUNIT_ASSERT_EQUAL(_f->count("molar_users"), e.usersSeen);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), jobs());
    }

    void assertNothingSaved()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_users"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_organizations"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_clinics"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_audit"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), jobs());
        CPPUNIT_ASSERT(_published.empty());
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
    std::unique_ptr<host::ViewEngine> _viewEngine;
    std::unique_ptr<RegistrationRoutes> _registration;
    std::unique_ptr<host::HostAccounts> _hostAccounts;
    std::unique_ptr<AccountAdministration> _admin;
    std::vector<Published> _published;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountAdministrationTest);

// The registration, organization-owner and lab-admin pages over real HTTP on both
// databases, with the demo's people: errors beside their fields, a dentist who joins
// by reference code and is activated by the owner, owners who cannot reach another
// organization's users (404) and non-owners who cannot reach the pages (403); a
// blocked organization shut out at once, the lab's block shown to the owner, a taken
// email answered like a new one, names with line breaks refused, and a new email
// that needs the current password.
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"
#include "TestDatabase.h"

#include "accounts/AccountProvisioning.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <memory>
#include <thread>

using namespace molar;
using namespace molar::host;
using test::Answer;
using test::HttpBrowser;

class AccountPagesHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccountPagesHttpTest);
    CPPUNIT_TEST(testRegistrationErrorsStandBesideTheirFields);
    CPPUNIT_TEST(testDentistJoinsByCodeAndTheOwnerActivatesThem);
    CPPUNIT_TEST(testOwnerCannotReachAnotherOrganizationsUser);
    CPPUNIT_TEST(testOnlyOwnersAndLabAdminsReachTheirPages);
    CPPUNIT_TEST(testLabAdminActivationShowsWhatIsMissing);
    CPPUNIT_TEST(testRegistrationsFromOneAddressAreBounded);
    CPPUNIT_TEST(testBlockedOrganizationIsShutOutAtOnce);
    CPPUNIT_TEST(testOwnerSeesTheLabsBlockAndCannotLiftIt);
    CPPUNIT_TEST(testTakenEmailGetsTheSameAnswerAndItsOwnerAMessage);
    CPPUNIT_TEST(testProfileNamesWithLineBreaksAreRefused);
    CPPUNIT_TEST(testChangingTheEmailAsksForThePassword);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        // Email goes to the log, so that account messages are made (and can be checked).
        _demoPortal = std::make_unique<test::DemoPortal>(
            _clock, test::DemoPortal::Settings{{"notifications.logChannels", "email"}});
        _portal = &_demoPortal->portal();
    }

    void tearDown() override
    {
        _portal = nullptr;
        _demoPortal.reset();
    }

    void testRegistrationErrorsStandBesideTheirFields()
    {
        HttpBrowser browser(*_portal);
        Answer page = browser.get("/register");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<label for=\"reference\">", page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"IN\"", page.body);
        const auto users = count("molar_users");
        Answer answer = browser.post("/register", registration("ZZZZ2222", "55060499"));
        CPPUNIT_ASSERT_EQUAL(422, answer.status);
        MOLAR_ASSERT_CONTAINS("aria-describedby=\"phone-hint phone-error\" aria-invalid=\"true\"",
                              answer.body);
        MOLAR_ASSERT_CONTAINS("<p id=\"phone-error\" class=\"field-error\">", answer.body);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"reference-error\" class=\"field-error\">No organization has this reference code.",
            answer.body);
        MOLAR_ASSERT_CONTAINS("value=\"huda@corniche.example\"", answer.body);
        MOLAR_ASSERT_NOT_CONTAINS("seven amber lanterns glow", answer.body);
        CPPUNIT_ASSERT_EQUAL(users, count("molar_users"));
    }

    void testDentistJoinsByCodeAndTheOwnerActivatesThem()
    {
        const std::string code = pearlCode();
        HttpBrowser owner(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, owner.signIn("owner@pearl.example", "demo pearl owner").status);
        Answer list = owner.get("/organization/users");
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        MOLAR_ASSERT_CONTAINS(code, list.body);
        MOLAR_ASSERT_CONTAINS("href=\"/organization/users\">Users</a>", list.body);

        HttpBrowser dentist(*_portal);
        dentist.get("/register");
        Answer done = dentist.post("/register", registration(Poco::toLower(code), "+971501234567"));
        CPPUNIT_ASSERT_EQUAL(303, done.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/register/done?joined=1"), done.header("Location"));
        MOLAR_ASSERT_CONTAINS("owner to activate it", dentist.get("/register/done?joined=1").body);
        CPPUNIT_ASSERT_EQUAL(403, dentist.signIn("huda.rahman", "seven amber lanterns glow").status);

        const std::int64_t id = userId("huda@corniche.example");
        list = owner.get("/organization/users?status=blocked&q=huda");
        MOLAR_ASSERT_CONTAINS("Huda Rahman", list.body);
        MOLAR_ASSERT_NOT_CONTAINS("Karim Nasser", list.body);
        CPPUNIT_ASSERT_EQUAL(
            303, owner.post("/organization/users/" + std::to_string(id) + "/activate", {}).status);
        CPPUNIT_ASSERT_EQUAL(303, dentist.signIn("huda.rahman", "seven amber lanterns glow").status);
        CPPUNIT_ASSERT_EQUAL(200, dentist.get("/").status);
    }

    void testOwnerCannotReachAnotherOrganizationsUser()
    {
        HttpBrowser owner(*_portal);
        owner.signIn("owner@pearl.example", "demo pearl owner");
        const std::string other = std::to_string(userId("dentist@smile.example"));
        const std::string mine = std::to_string(userId("dentist@pearl.example"));
        CPPUNIT_ASSERT_EQUAL(200, owner.get("/organization/users/" + mine).status);
        CPPUNIT_ASSERT_EQUAL(404, owner.get("/organization/users/" + other).status);
        CPPUNIT_ASSERT_EQUAL(404, owner.get("/organization/users/999999").status);
        CPPUNIT_ASSERT_EQUAL(404, owner.post("/organization/users/" + other + "/block", {}).status);
        CPPUNIT_ASSERT_EQUAL(
            404, owner
                     .post("/organization/users/" + other,
                           {{"firstName", "X"}, {"lastName", "Y"}, {"phone", ""}, {"role", "staff"}})
                     .status);
        auto rows = _portal->database().query(
            "SELECT status, role, first_name FROM molar_users WHERE email = ?", {"dentist@smile.example"});
        CPPUNIT_ASSERT_EQUAL(std::string("active"), rows.row(0).at(0).asString());
        CPPUNIT_ASSERT_EQUAL(std::string("dentist"), rows.row(0).at(1).asString());
        CPPUNIT_ASSERT_EQUAL(std::string("Arjun"), rows.row(0).at(2).asString());
        MOLAR_ASSERT_NOT_CONTAINS("Arjun", owner.get("/organization/users").body);
        // Editing one's own member works and is audited.
        CPPUNIT_ASSERT_EQUAL(303, owner
                                      .post("/organization/users/" + mine, {{"firstName", "Karim"},
                                                                            {"lastName", "Nasser"},
                                                                            {"phone", "+97455000001"},
                                                                            {"role", "staff"}})
                                      .status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _portal->database()
                                 .query("SELECT COUNT(*) FROM molar_audit WHERE action = 'user.role_changed'")
                                 .row(0)
                                 .at(0)
                                 .asInt());
    }

    void testOnlyOwnersAndLabAdminsReachTheirPages()
    {
        HttpBrowser dentist(*_portal);
        dentist.signIn("dentist@pearl.example", "demo pearl dentist");
        CPPUNIT_ASSERT_EQUAL(403, dentist.get("/organization/users").status);
        CPPUNIT_ASSERT_EQUAL(403, dentist.get("/admin/users").status);
        HttpBrowser owner(*_portal);
        owner.signIn("owner@pearl.example", "demo pearl owner");
        CPPUNIT_ASSERT_EQUAL(403, owner.get("/admin/organizations").status);
        HttpBrowser admin(*_portal);
        admin.signIn("admin@lab.example", "demo lab admin");
        Answer organizations = admin.get("/admin/organizations");
        CPPUNIT_ASSERT_EQUAL(200, organizations.status);
        MOLAR_ASSERT_CONTAINS("Pearl Dental Group", organizations.body);
        MOLAR_ASSERT_CONTAINS("<th scope=\"col\">", organizations.body);
        Answer users = admin.get("/admin/users?q=pearl");
        CPPUNIT_ASSERT_EQUAL(200, users.status);
        MOLAR_ASSERT_CONTAINS("Karim Nasser", users.body);
        MOLAR_ASSERT_NOT_CONTAINS("Arjun Mehta", users.body);
        CPPUNIT_ASSERT_EQUAL(200, admin.get("/admin/users/new").status);
        CPPUNIT_ASSERT_EQUAL(200, admin.get("/admin/organizations/new").status);
        // Signed out: sent to sign in, the register link in the banner.
        HttpBrowser visitor(*_portal);
        MOLAR_ASSERT_CONTAINS("<a href=\"/register\">Register</a>", visitor.get("/").body);
    }

    void testLabAdminActivationShowsWhatIsMissing()
    {
        HttpBrowser admin(*_portal);
        admin.signIn("admin@lab.example", "demo lab admin");
        Answer created = admin.post("/admin/organizations", {{"name", "Corniche Smiles"},
                                                             {"clinicName", "Corniche West"},
                                                             {"address", "Corniche Road 5"},
                                                             {"country", "AE"}});
        CPPUNIT_ASSERT_EQUAL(303, created.status);
        const std::string page = created.header("Location").substr(0, created.header("Location").find('?'));
        Answer refused = admin.post(page + "/activate", {});
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        MOLAR_ASSERT_CONTAINS("role=\"alert\"", refused.body);
        MOLAR_ASSERT_CONTAINS("<li>The organization has no owner yet: create an owner for it.</li>",
                              refused.body);
        const std::string orgId = page.substr(page.rfind('/') + 1);
        Answer user = admin.post("/admin/users", {{"side", "clinic"},
                                                  {"clinicRole", "owner"},
                                                  {"labRole", "admin"},
                                                  {"organizationId", orgId},
                                                  {"firstName", "Huda"},
                                                  {"lastName", "Rahman"},
                                                  {"email", "huda@corniche.example"},
                                                  {"username", "huda"},
                                                  {"phone", "+971501234567"}});
        CPPUNIT_ASSERT_EQUAL(200, user.status);
        MOLAR_ASSERT_CONTAINS("Temporary password", user.body);
        CPPUNIT_ASSERT_EQUAL(303, admin.post(page + "/activate", {}).status);
        MOLAR_ASSERT_CONTAINS("The organization and its pending owners are active.",
                              admin.get(page + "?done=activated").body);
    }

    void testBlockedOrganizationIsShutOutAtOnce()
    {
        HttpBrowser owner(*_portal), dentist(*_portal), other(*_portal), admin(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, owner.signIn("owner@pearl.example", "demo pearl owner").status);
        CPPUNIT_ASSERT_EQUAL(303, dentist.signIn("dentist@pearl.example", "demo pearl dentist").status);
        CPPUNIT_ASSERT_EQUAL(303, other.signIn("owner@smile.example", "demo smile owner").status);
        CPPUNIT_ASSERT_EQUAL(200, owner.get("/organization/users").status);
        CPPUNIT_ASSERT_EQUAL(303, admin.signIn("admin@lab.example", "demo lab admin").status);
        const std::string pearl = std::to_string(organizationId("Pearl Dental Group"));
        CPPUNIT_ASSERT_EQUAL(303, admin.post("/admin/organizations/" + pearl + "/block", {}).status);

        // The sessions they had stop working with the next request: signed out, sent to sign in.
        Answer page = owner.get("/organization/users");
        CPPUNIT_ASSERT_EQUAL(303, page.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/sign-in?return=%2Forganization%2Fusers"), page.header("Location"));
        CPPUNIT_ASSERT_EQUAL(401, owner.post("/organization/users/1/activate", {}).status);
        page = dentist.get("/account/profile");
        CPPUNIT_ASSERT_EQUAL(std::string("/sign-in?return=%2Faccount%2Fprofile"), page.header("Location"));
        MOLAR_ASSERT_CONTAINS("href=\"/sign-in?return=", owner.get("/").body);
        CPPUNIT_ASSERT_EQUAL(200, other.get("/organization/users").status);
        // Signing in again says what a blocked account is told, and makes no session.
        HttpBrowser again(*_portal);
        Answer refused = again.signIn("owner@pearl.example", "demo pearl owner");
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        MOLAR_ASSERT_CONTAINS("Your account is not active yet.", refused.body);
        CPPUNIT_ASSERT(again.cookie("molar_session").empty());
        // Its reference code takes no one in, and says no more than for an unknown code.
        HttpBrowser newcomer(*_portal);
        newcomer.get("/register");
        Answer joined = newcomer.post("/register", registration(pearlCode(), "+971501234567"));
        CPPUNIT_ASSERT_EQUAL(422, joined.status);
        MOLAR_ASSERT_CONTAINS("No organization has this reference code.", joined.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _portal->database()
                                                  .query("SELECT COUNT(*) FROM molar_users WHERE email = ?",
                                                         {"huda@corniche.example"})
                                                  .row(0)
                                                  .at(0)
                                                  .asInt());
        // The lab's page says so; activating it again lets its people back in.
        MOLAR_ASSERT_CONTAINS("Blocked with its organization",
                              admin.get("/admin/users?organization=" + pearl).body);
        CPPUNIT_ASSERT_EQUAL(303, admin.post("/admin/organizations/" + pearl + "/activate", {}).status);
        CPPUNIT_ASSERT_EQUAL(303, again.signIn("owner@pearl.example", "demo pearl owner").status);
    }

    void testOwnerSeesTheLabsBlockAndCannotLiftIt()
    {
        const std::string dentistId = std::to_string(userId("dentist@pearl.example"));
        HttpBrowser admin(*_portal);
        admin.signIn("admin@lab.example", "demo lab admin");
        CPPUNIT_ASSERT_EQUAL(303, admin.post("/admin/users/" + dentistId + "/block", {}).status);
        HttpBrowser owner(*_portal);
        owner.signIn("owner@pearl.example", "demo pearl owner");
        Answer list = owner.get("/organization/users?status=blocked");
        MOLAR_ASSERT_CONTAINS("Blocked by the lab", list.body);
        MOLAR_ASSERT_NOT_CONTAINS("Activate Karim Nasser", list.body);
        Answer refused = owner.post("/organization/users/" + dentistId + "/activate", {});
        CPPUNIT_ASSERT_EQUAL(303, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/organization/users?refused=labBlocked"),
                             refused.header("Location"));
        MOLAR_ASSERT_CONTAINS("The lab blocked this account; only the lab can activate it again.",
                              owner.get(refused.header("Location")).body);
        HttpBrowser dentist(*_portal);
        CPPUNIT_ASSERT_EQUAL(403, dentist.signIn("dentist@pearl.example", "demo pearl dentist").status);
        CPPUNIT_ASSERT_EQUAL(303, admin.post("/admin/users/" + dentistId + "/activate", {}).status);
        CPPUNIT_ASSERT_EQUAL(303, dentist.signIn("dentist@pearl.example", "demo pearl dentist").status);
    }

    void testTakenEmailGetsTheSameAnswerAndItsOwnerAMessage()
    {
        HttpBrowser browser(*_portal);
        browser.get("/register");
        Answer fresh = browser.post("/register", registration("", "+971501234567"));
        auto taken = registration("", "+971501234567");
        for (auto& [name, value] : taken) {
            if (name == "email")
                value = "Owner@Smile.example";
            if (name == "username")
                value = "someone.else";
        }
        const auto users = count("molar_users");
        const auto organizations = count("molar_organizations");
        Answer answer = browser.post("/register", taken);
        CPPUNIT_ASSERT_EQUAL(fresh.status, answer.status);
        CPPUNIT_ASSERT_EQUAL(fresh.header("Location"), answer.header("Location"));
        CPPUNIT_ASSERT_EQUAL(fresh.body, answer.body);
        CPPUNIT_ASSERT_EQUAL(users, count("molar_users"));
        CPPUNIT_ASSERT_EQUAL(organizations, count("molar_organizations"));
        // The account's owner gets an email about it, in their own words.
        const std::int64_t owner = userId("owner@smile.example");
        std::string summary;
        for (int i = 0; i < 200 && summary.empty(); ++i) {
            auto rows =
                _portal->database().query("SELECT summary FROM molar_notifications WHERE user_id = ? AND"
                                          " rule = 'registration_attempt' AND channel = 'email'",
                                          {owner});
            if (!rows.empty())
                summary = rows.row(0).at(0).asString();
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        MOLAR_ASSERT_CONTAINS("Someone tried to register with your Molar Dental Lab account's details",
                              summary);
    }

    void testProfileNamesWithLineBreaksAreRefused()
    {
        HttpBrowser dentist(*_portal);
        dentist.signIn("dentist@pearl.example", "demo pearl dentist");
        Answer refused = dentist.post("/account/profile", {{"firstName", "Karim\r\n[audit] admin signed in"},
                                                           {"lastName", "Nasser\u2028"},
                                                           {"email", "dentist@pearl.example"},
                                                           {"phone", "+97455000000"},
                                                           {"language", "en"},
                                                           {"timeZone", "Asia/Qatar"}});
        CPPUNIT_ASSERT_EQUAL(422, refused.status);
        MOLAR_ASSERT_CONTAINS("<p id=\"firstName-error\" class=\"field-error\">Remove the line breaks",
                              refused.body);
        MOLAR_ASSERT_CONTAINS("<p id=\"lastName-error\" class=\"field-error\">Remove the line breaks",
                              refused.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Karim"), column("first_name", "dentist@pearl.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("Nasser"), column("last_name", "dentist@pearl.example"));
    }

    void testChangingTheEmailAsksForThePassword()
    {
        HttpBrowser dentist(*_portal);
        dentist.signIn("dentist@pearl.example", "demo pearl dentist");
        test::Form form{
            {"firstName", "Karim"},    {"lastName", "Nasser"}, {"email", "karim@elsewhere.example"},
            {"phone", "+97455000000"}, {"language", "en"},     {"timeZone", "Asia/Qatar"}};
        Answer missing = dentist.post("/account/profile", form);
        CPPUNIT_ASSERT_EQUAL(422, missing.status);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"currentPassword-error\" class=\"field-error\">Enter your current password "
            "to change your email address.</p>",
            missing.body);
        MOLAR_ASSERT_CONTAINS(
            "aria-describedby=\"currentPassword-hint currentPassword-error\" aria-invalid=\"true\"",
            missing.body);
        form.emplace_back("currentPassword", "not my password at all");
        Answer wrong = dentist.post("/account/profile", form);
        CPPUNIT_ASSERT_EQUAL(422, wrong.status);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"currentPassword-error\" class=\"field-error\">That is not your current password.</p>",
            wrong.body);
        MOLAR_ASSERT_NOT_CONTAINS("not my password at all", wrong.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count("molar_users WHERE email = 'dentist@pearl.example'"));

        form.back().second = "demo pearl dentist";
        Answer saved = dentist.post("/account/profile", form);
        CPPUNIT_ASSERT_EQUAL(303, saved.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count("molar_users WHERE email = 'karim@elsewhere.example'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count("molar_audit WHERE action = 'profile.email_changed'"));
        // Other fields alone need no password.
        form.pop_back();
        form[0].second = "Kareem";
        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", form).status);
        CPPUNIT_ASSERT_EQUAL(std::string("Kareem"), column("first_name", "karim@elsewhere.example"));
    }

private:
    void testRegistrationsFromOneAddressAreBounded()
    {
        // Ten a quarter-hour by default; each one, right or wrong, counts.
        HttpBrowser browser(*_portal);
        browser.get("/register");
        for (int i = 0; i < 10; ++i)
            CPPUNIT_ASSERT_EQUAL(422,
                                 browser.post("/register", registration("ZZZZ2222", "+97455060499")).status);
        Answer refused = browser.post("/register", registration("", "+97455060499"));
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        MOLAR_ASSERT_CONTAINS("Too many registrations from your network. Try again in 15 minutes.",
                              refused.body);
        _clock.advance(std::chrono::minutes(15));
        CPPUNIT_ASSERT_EQUAL(303, browser.post("/register", registration("", "+97455060499")).status);
    }

    test::Form registration(const std::string& code, const std::string& phone)
    {
        return {{"businessName", "Corniche Smiles"},
                {"firstName", "Huda"},
                {"lastName", "Rahman"},
                {"email", "huda@corniche.example"},
                {"username", "huda.rahman"},
                {"password", "seven amber lanterns glow"},
                {"confirm", "seven amber lanterns glow"},
                {"phone", phone},
                {"address", "Corniche Road 5"},
                {"country", "AE"},
                {"reference", code}};
    }

    std::string pearlCode()
    {
        return _portal->database()
            .query("SELECT reference_code FROM molar_organizations WHERE name = ?", {"Pearl Dental Group"})
            .row(0)
            .at(0)
            .asString();
    }

    std::int64_t userId(const std::string& email)
    {
        return _portal->database()
            .query("SELECT id FROM molar_users WHERE email = ?", {email})
            .row(0)
            .at(0)
            .asInt();
    }

    std::int64_t organizationId(const std::string& name)
    {
        return _portal->database()
            .query("SELECT id FROM molar_organizations WHERE name = ?", {name})
            .row(0)
            .at(0)
            .asInt();
    }

    std::string column(const std::string& name, const std::string& email)
    {
        return _portal->database()
            .query("SELECT " + name + " FROM molar_users WHERE email = ?", {email})
            .row(0)
            .at(0)
            .asString();
    }

    std::int64_t count(const std::string& table)
    {
        return _portal->database().query("SELECT COUNT(*) FROM " + table).row(0).at(0).asInt();
    }

    ManualClock _clock{std::chrono::system_clock::time_point(std::chrono::milliseconds(1795377660000))};
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountPagesHttpTest);

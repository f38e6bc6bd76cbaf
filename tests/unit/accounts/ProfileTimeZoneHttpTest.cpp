// Time zones on both databases: a user who chose none reads times in the lab's
// (portal.timeZone), as the SDK's accounts give it to plugins; the profile offers the
// system's zones in a <select> and keeps a choice; a zone not in the list is refused
// beside the field; the migration turns the old default 'UTC' into '' (the lab's).
#include "AccountsTestSupport.h"
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include "accounts/AccountMigrations.h"
#include "app/Portal.h"
#include "core/Clocks.h"
#include "db/Migrator.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace molar;
using namespace molar::host;
using test::Answer;
using test::HttpBrowser;

class ProfileTimeZoneHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProfileTimeZoneHttpTest);
    CPPUNIT_TEST(testAUserWithoutAZoneHasTheLabs);
    CPPUNIT_TEST(testAChosenZoneSticksAndCanBeGivenBack);
    CPPUNIT_TEST(testAZoneOutsideTheListIsRefused);
    CPPUNIT_TEST(testAZoneTypedBeforeTheListStaysOffered);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _demoPortal = std::make_unique<test::DemoPortal>(
            _clock, test::DemoPortal::Settings{{"portal.timeZone", "Asia/Qatar"}});
        _portal = &_demoPortal->portal();
    }

    void tearDown() override
    {
        _portal = nullptr;
        _demoPortal.reset();
    }

    void testAUserWithoutAZoneHasTheLabs()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), storedZone()); // new users choose none
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Qatar"), pluginsSee());
        HttpBrowser dentist(*_portal);
        dentist.signIn(DENTIST, PASSWORD);
        Answer page = dentist.get("/account/profile");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<label for=\"timeZone\">Time zone</label>", page.body);
        MOLAR_ASSERT_CONTAINS("<select id=\"timeZone\" name=\"timeZone\" aria-describedby=\"timeZone-hint\">",
                              page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"\" selected>The lab&apos;s time zone (Asia/Qatar)</option>",
                              page.body);
        MOLAR_ASSERT_CONTAINS("<optgroup label=\"Asia\">", page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"Asia/Kolkata\" translate=\"no\">Kolkata</option>", page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"America/Argentina/Buenos_Aires\" translate=\"no\">Argentina / "
                              "Buenos Aires</option>",
                              page.body);
        MOLAR_ASSERT_CONTAINS("<p id=\"timeZone-hint\" class=\"hint\">", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("<input id=\"timeZone\"", page.body);
        // In French, the regions too.
        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", profile("", "fr")).status);
        Answer french = dentist.get("/account/profile");
        MOLAR_ASSERT_CONTAINS("Le fuseau horaire du laboratoire (Asia/Qatar)", french.body);
        MOLAR_ASSERT_CONTAINS("<optgroup label=\"Asie\">", french.body);
    }

    void testAChosenZoneSticksAndCanBeGivenBack()
    {
        HttpBrowser dentist(*_portal);
        dentist.signIn(DENTIST, PASSWORD);
        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", profile("Asia/Kolkata")).status);
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Kolkata"), storedZone());
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Kolkata"), pluginsSee());
        Answer page = dentist.get("/account/profile");
        MOLAR_ASSERT_CONTAINS("<option value=\"Asia/Kolkata\" translate=\"no\" selected>Kolkata</option>",
                              page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"\">The lab&apos;s time zone (Asia/Qatar)</option>", page.body);

        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", profile("UTC")).status);
        CPPUNIT_ASSERT_EQUAL(std::string("UTC"), pluginsSee());
        MOLAR_ASSERT_CONTAINS("<option value=\"UTC\" translate=\"no\" selected>UTC</option>",
                              dentist.get("/account/profile").body);

        // The first option: back to the lab's.
        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", profile("")).status);
        CPPUNIT_ASSERT_EQUAL(std::string(), storedZone());
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Qatar"), pluginsSee());
    }

    void testAZoneOutsideTheListIsRefused()
    {
        HttpBrowser dentist(*_portal);
        dentist.signIn(DENTIST, PASSWORD);
        // Etc/GMT+3 and US/Eastern are files in zoneinfo, but not zones of the list.
        for (const char* bogus :
             {"Mars/Olympus_Mons", "Etc/GMT+3", "US/Eastern", "../../etc/passwd", "asia/qatar"}) {
            Answer refused = dentist.post("/account/profile", profile(bogus));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bogus, 422, refused.status);
            MOLAR_ASSERT_CONTAINS(
                "<p id=\"timeZone-error\" class=\"field-error\">Choose a time zone from the "
                "list.</p>",
                refused.body);
            MOLAR_ASSERT_CONTAINS("aria-describedby=\"timeZone-hint timeZone-error\" aria-invalid=\"true\"",
                                  refused.body);
            CPPUNIT_ASSERT_EQUAL(std::string(), storedZone());
        }
    }

    // A zone typed into the old free-text field, not in today's list, is kept when the
    // page is saved again; it cannot be chosen anew once left.
    void testAZoneTypedBeforeTheListStaysOffered()
    {
        _portal->database().execute("UPDATE molar_users SET time_zone = 'US/Eastern' WHERE email = ?",
                                    {DENTIST});
        CPPUNIT_ASSERT_EQUAL(std::string("US/Eastern"), pluginsSee());
        HttpBrowser dentist(*_portal);
        dentist.signIn(DENTIST, PASSWORD);
        MOLAR_ASSERT_CONTAINS("<option value=\"US/Eastern\" translate=\"no\" selected>US/Eastern</option>",
                              dentist.get("/account/profile").body);
        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", profile("US/Eastern")).status);
        CPPUNIT_ASSERT_EQUAL(std::string("US/Eastern"), storedZone());
        CPPUNIT_ASSERT_EQUAL(422, dentist.post("/account/profile", profile("US/Pacific")).status);
        CPPUNIT_ASSERT_EQUAL(303, dentist.post("/account/profile", profile("Europe/Paris")).status);
        MOLAR_ASSERT_NOT_CONTAINS("US/Eastern", dentist.get("/account/profile").body);
        CPPUNIT_ASSERT_EQUAL(422, dentist.post("/account/profile", profile("US/Eastern")).status);
    }

private:
    static constexpr const char* DENTIST = "dentist@pearl.example";
    static constexpr const char* PASSWORD = "demo pearl dentist";

    static test::Form profile(const std::string& zone, const std::string& language = "en")
    {
        return {{"firstName", "Karim"},    {"lastName", "Nasser"}, {"email", DENTIST},
                {"phone", "+97455000000"}, {"language", language}, {"timeZone", zone}};
    }

    std::string storedZone()
    {
        return _portal->database()
            .query("SELECT time_zone FROM molar_users WHERE email = ?", {DENTIST})
            .row(0)
            .at(0)
            .asString();
    }

    // The zone the SDK's accounts give plugins for the dentist.
    std::string pluginsSee()
    {
        const auto id = _portal->database()
                            .query("SELECT id FROM molar_users WHERE email = ?", {DENTIST})
                            .row(0)
                            .at(0)
                            .asInt();
        return _portal->accounts().user(id)->timeZone;
    }

    ManualClock _clock{std::chrono::system_clock::time_point(std::chrono::milliseconds(1795377660000))};
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProfileTimeZoneHttpTest);

// Accounts migration 11 on a database that has every earlier one.
class AccountTimeZoneMigrationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccountTimeZoneMigrationTest);
    CPPUNIT_TEST(testTheOldDefaultBecomesTheLabs);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheOldDefaultBecomesTheLabs()
    {
        test::TestDatabase db;
        Migrator migrator(db.pool());
        migrator.apply("host", hostMigrations(db.dialect()));
        auto accounts = accountMigrations(db.dialect());
        std::vector<Migration> before;
        for (const auto& m : accounts)
            if (m.version < 11)
                before.push_back(m);
        CPPUNIT_ASSERT(before.size() < accounts.size());
        migrator.apply("accounts", before);
        AccountStore store;
        for (const auto& [email, zone] : std::vector<std::pair<std::string, std::string>>{
                 {"old@lab.example", "UTC"}, {"chose@lab.example", "Asia/Kolkata"}}) {
            UserRecord user;
            user.side = "lab";
            user.role = "technician";
            user.email = email;
            user.username = email.substr(0, email.find('@'));
            user.firstName = "Lina";
            user.lastName = "Haddad";
            user.timeZone = zone;
            db.database().transaction([&](sdk::Transaction& tx) { store.createUser(tx, user, 1); });
        }
        migrator.apply("accounts", accounts);
        const auto zoneOf = [&](const std::string& email) {
            return db.database()
                .query("SELECT time_zone FROM molar_users WHERE email = ?", {email})
                .row(0)
                .at(0)
                .asString();
        };
        CPPUNIT_ASSERT_EQUAL(std::string(), zoneOf("old@lab.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Kolkata"), zoneOf("chose@lab.example"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountTimeZoneMigrationTest);

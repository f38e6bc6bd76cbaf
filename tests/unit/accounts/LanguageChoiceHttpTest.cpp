// The header's language picker on both databases: a visitor's choice stays in the
// browser; a signed-in user's is also kept in their profile (audited), so their other
// browsers and their messages follow it.
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include "app/Portal.h"
#include "audit/AuditLog.h"
#include "core/Clocks.h"
#include "locale/IcuLocales.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace molar;
using namespace molar::host;
using test::Answer;
using test::HttpBrowser;

class LanguageChoiceHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LanguageChoiceHttpTest);
    CPPUNIT_TEST(testASignedInChoiceIsKeptInTheProfile);
    CPPUNIT_TEST(testAVisitorsChoiceStaysInTheBrowser);
    CPPUNIT_TEST(testTheAuditLogShowsTimesAsTheReaderWritesThem);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _demoPortal = std::make_unique<test::DemoPortal>(_clock);
        _portal = &_demoPortal->portal();
    }

    void tearDown() override
    {
        _portal = nullptr;
        _demoPortal.reset();
    }

    void testASignedInChoiceIsKeptInTheProfile()
    {
        HttpBrowser laptop(*_portal);
        laptop.signIn(DENTIST, PASSWORD);
        Answer chosen = laptop.post("/prefs/language", {{"lang", "hi"}, {"return", "/account/profile"}});
        CPPUNIT_ASSERT_EQUAL(303, chosen.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/account/profile"), chosen.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::string("hi"), storedLanguage());
        CPPUNIT_ASSERT_EQUAL(std::string("en -> hi"), lastChange());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), changes());
        MOLAR_ASSERT_CONTAINS("<html lang=\"hi\" dir=\"ltr\"", laptop.get("/account/profile").body);
        // Another browser of the same user, which never chose, follows the profile.
        HttpBrowser phone(*_portal);
        phone.signIn(DENTIST, PASSWORD);
        MOLAR_ASSERT_CONTAINS("<html lang=\"hi\" dir=\"ltr\"", phone.get("/account/profile").body);
        // Choosing the language the profile already has changes nothing more.
        CPPUNIT_ASSERT_EQUAL(303, phone.post("/prefs/language", {{"lang", "hi"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), changes());
        // A language the portal does not offer is refused and leaves the profile alone.
        CPPUNIT_ASSERT_EQUAL(400, phone.post("/prefs/language", {{"lang", "xx"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("hi"), storedLanguage());
        CPPUNIT_ASSERT_EQUAL(303, phone.post("/prefs/language", {{"lang", "ur"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("ur"), storedLanguage());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), changes());
        MOLAR_ASSERT_CONTAINS("<html lang=\"ur\" dir=\"rtl\"", phone.get("/account/profile").body);
        // The laptop keeps the language it chose itself.
        MOLAR_ASSERT_CONTAINS("<html lang=\"hi\" dir=\"ltr\"", laptop.get("/account/profile").body);
    }

    void testAVisitorsChoiceStaysInTheBrowser()
    {
        HttpBrowser visitor(*_portal);
        visitor.get("/");
        CPPUNIT_ASSERT_EQUAL(303, visitor.post("/prefs/language", {{"lang", "ar"}}).status);
        MOLAR_ASSERT_CONTAINS("<html lang=\"ar\" dir=\"rtl\"", visitor.get("/").body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), changes());
        CPPUNIT_ASSERT_EQUAL(std::string("en"), storedLanguage());
    }

    // The audit page's times in the reader's language and zone; the datetime attribute stays UTC.
    void testTheAuditLogShowsTimesAsTheReaderWritesThem()
    {
        HttpBrowser admin(*_portal);
        admin.signIn(ADMIN, ADMIN_PASSWORD);
        const auto id = _portal->database()
                            .query("SELECT id FROM molar_users WHERE email = ?", {ADMIN})
                            .row(0)
                            .at(0)
                            .asInt();
        const std::string zone = _portal->accounts().user(id)->timeZone;
        const std::int64_t now = millisSinceEpoch(_clock.now());
        for (const std::string language : {"en", "hi", "ar"}) {
            CPPUNIT_ASSERT_EQUAL(303, admin.post("/prefs/language", {{"lang", language}}).status);
            const std::string page = admin.get("/admin/audit").body;
            const std::string shown = languageData().dateTime(now, {language, zone}, sdk::DateStyle::Medium);
            MOLAR_ASSERT_CONTAINS("<time datetime=\"" + AuditLog::isoUtc(now) + "\">" + shown + "</time>",
                                  page);
        }
        CPPUNIT_ASSERT(languageData().dateTime(now, {"hi", zone}, sdk::DateStyle::Medium) !=
                       languageData().dateTime(now, {"en", zone}, sdk::DateStyle::Medium));
    }

private:
    static constexpr const char* ADMIN = "admin@lab.example";
    static constexpr const char* ADMIN_PASSWORD = "demo lab admin";
    static constexpr const char* DENTIST = "dentist@pearl.example";
    static constexpr const char* PASSWORD = "demo pearl dentist";

    std::string storedLanguage()
    {
        return _portal->database()
            .query("SELECT language FROM molar_users WHERE email = ?", {DENTIST})
            .row(0)
            .at(0)
            .asString();
    }

    std::int64_t changes()
    {
        return _portal->database()
            .query("SELECT COUNT(*) FROM molar_audit WHERE action = 'profile.language_changed'")
            .row(0)
            .at(0)
            .asInt();
    }

    std::string lastChange()
    {
        return _portal->database()
            .query(
                "SELECT detail FROM molar_audit WHERE action = 'profile.language_changed' ORDER BY id DESC")
            .row(0)
            .at(0)
            .asString();
    }

    ManualClock _clock{std::chrono::system_clock::time_point(std::chrono::milliseconds(1795377660000))};
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LanguageChoiceHttpTest);

// HostSettings::read: the host's own keys, validated at start-up.
#include "config/HostSettings.h"

#include "Assertions.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::host::ConfigStore;
using molar::host::ConfigView;
using molar::host::HostSettings;
using molar::sdk::ConfigError;

class HostSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HostSettingsTest);
    CPPUNIT_TEST(testReadsValuesAndDefaults);
    CPPUNIT_TEST(testRejectsUnknownDatabaseScheme);
    CPPUNIT_TEST(testRejectsMissingDatabaseUrl);
    CPPUNIT_TEST(testRejectsPortAboveRange);
    CPPUNIT_TEST(testRejectsDefaultLanguageOutsideList);
    CPPUNIT_TEST(testViewsReportUnreadHostKeys);
    CPPUNIT_TEST(testReadsTheFilesRoot);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _store = std::make_unique<ConfigStore>();
        _store->set("db.url", "sqlite:/var/lib/molar/molar.db");
    }

    void tearDown() override
    {
        _views.clear();
        _store.reset();
    }

    void testReadsValuesAndDefaults()
    {
        _store->set("http.port", "9090");
        _store->set("db.poolSize", "3");
        _store->set("views.languages", "fr, en");
        _store->set("views.defaultLanguage", "fr");
        _store->set("logging.levels.jobs", "debug");
        _store->set("plugins.enabled", "hello, billing");
        auto s = HostSettings::read(*_store, "/opt/molar", _views);
        CPPUNIT_ASSERT_EQUAL(9090, s.http.port);
        CPPUNIT_ASSERT_EQUAL(16, s.http.threads);
        CPPUNIT_ASSERT_EQUAL(3, s.db.poolSize);
        CPPUNIT_ASSERT_EQUAL(std::string("sqlite:/var/lib/molar/molar.db"), s.db.url);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"fr", "en"}), s.views.languages);
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), s.views.defaultLanguage);
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/molar/templates"), s.views.templates);
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/molar/var/files"), s.files.root);
        CPPUNIT_ASSERT_EQUAL(std::string("debug"), s.logging.levels.at("jobs"));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"hello", "billing"}), s.pluginsEnabled);
    }

    void testReadsTheFilesRoot()
    {
        _store->set("files.root", "/srv/molar/files");
        auto s = HostSettings::read(*_store, "/opt/molar", _views);
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/molar/files"), s.files.root);
    }

    void testRejectsUnknownDatabaseScheme()
    {
        _store->set("db.url", "postgres://molar:secret@localhost/molar");
        try {
            HostSettings::read(*_store, "/opt/molar", _views);
            CPPUNIT_FAIL("a postgres:// URL was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("db.url"), e.key());
            CPPUNIT_ASSERT_EQUAL(std::string("postgres://molar:secret@localhost/molar"), e.value());
            MOLAR_ASSERT_CONTAINS("sqlite:", e.allowed());
            MOLAR_ASSERT_CONTAINS("mysql://", e.allowed());
        }
    }

    void testRejectsMissingDatabaseUrl()
    {
        _store->set("db.url", " ");
        try {
            HostSettings::read(*_store, "/opt/molar", _views);
            CPPUNIT_FAIL("an empty db.url was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("db.url"), e.key());
        }
    }

    void testRejectsPortAboveRange()
    {
        _store->set("http.port", "70000");
        try {
            HostSettings::read(*_store, "/opt/molar", _views);
            CPPUNIT_FAIL("port 70000 was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("http.port"), e.key());
            CPPUNIT_ASSERT_EQUAL(std::string("70000"), e.value());
            MOLAR_ASSERT_CONTAINS("65535", e.allowed());
        }
    }

    void testRejectsDefaultLanguageOutsideList()
    {
        _store->set("views.languages", "en, fr");
        _store->set("views.defaultLanguage", "ar");
        try {
            HostSettings::read(*_store, "/opt/molar", _views);
            CPPUNIT_FAIL("a default language outside views.languages was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("views.defaultLanguage"), e.key());
            CPPUNIT_ASSERT_EQUAL(std::string("one of en, fr"), e.allowed());
        }
    }

    void testViewsReportUnreadHostKeys()
    {
        _store->set("http.prot", "9090");
        _store->set("logging.levels.jobs", "debug");
        HostSettings::read(*_store, "/opt/molar", _views);
        std::vector<std::string> unread;
        for (const auto& view : _views)
            for (const auto& key : view->unreadKeys())
                unread.push_back(key);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"http.prot"}), unread);
    }

private:
    std::unique_ptr<ConfigStore> _store;
    std::vector<std::unique_ptr<ConfigView>> _views;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostSettingsTest);

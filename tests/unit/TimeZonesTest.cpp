// TimeZones: the zones users and the lab may choose, from the system's tz database;
// portal.timeZone checked against them at start-up.
#include "config/TimeZones.h"
#include "config/HostSettings.h"

#include "Assertions.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using molar::host::ConfigStore;
using molar::host::ConfigView;
using molar::host::HostSettings;
using molar::host::TimeZones;
using molar::host::zoneLabel;

class TimeZonesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TimeZonesTest);
    CPPUNIT_TEST(testReadsTheThirdColumnOfATable);
    CPPUNIT_TEST(testGroupsByRegion);
    CPPUNIT_TEST(testLabels);
    CPPUNIT_TEST(testTheSystemList);
    CPPUNIT_TEST(testAMissingFolderLeavesUtc);
    CPPUNIT_TEST(testPortalTimeZoneDefaultsToUtc);
    CPPUNIT_TEST(testPortalTimeZoneIsChecked);
    CPPUNIT_TEST_SUITE_END();

public:
    void testReadsTheThirdColumnOfATable()
    {
        // zone.tab's shape (zone1970.tab has a list of codes first, the same columns).
        std::istringstream table("# comment\tnot\ta zone\n"
                                 "QA\t+2517+05132\tAsia/Qatar\n"
                                 "FR\t+4852+00220\tEurope/Paris\r\n"
                                 "AR,UY\t-3436-05827\tAmerica/Argentina/Buenos_Aires\tBuenos Aires (BA, CF)\n"
                                 "XX\t+0000+00000\t../../etc/passwd\n"
                                 "XX\t+0000+00000\tAsia/<script>\n"
                                 "short line\n"
                                 "\n");
        const TimeZones zones = TimeZones::fromTable(table);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), zones.names().size());
        CPPUNIT_ASSERT(zones.contains("UTC")); // always, though no table lists it
        CPPUNIT_ASSERT(zones.contains("Asia/Qatar"));
        CPPUNIT_ASSERT(zones.contains("Europe/Paris"));
        CPPUNIT_ASSERT(zones.contains("America/Argentina/Buenos_Aires"));
        CPPUNIT_ASSERT(!zones.contains("../../etc/passwd"));
        CPPUNIT_ASSERT(!zones.contains("Asia/<script>"));
        CPPUNIT_ASSERT(!zones.contains(""));
    }

    void testGroupsByRegion()
    {
        std::istringstream table("QA\t+2517+05132\tAsia/Qatar\n"
                                 "AE\t+2518+05518\tAsia/Dubai\n"
                                 "US\t+404251-0740023\tAmerica/New_York\n"
                                 "AR\t-3436-05827\tAmerica/Argentina/Buenos_Aires\n");
        const auto regions = TimeZones::fromTable(table).regions();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), regions.size()); // UTC belongs to none
        CPPUNIT_ASSERT_EQUAL(std::string("America"), regions[0].name);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"America/Argentina/Buenos_Aires", "America/New_York"}),
                             regions[0].zones);
        CPPUNIT_ASSERT_EQUAL(std::string("Asia"), regions[1].name);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"Asia/Dubai", "Asia/Qatar"}), regions[1].zones);
    }

    void testLabels()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Qatar"), zoneLabel("Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(std::string("Kuala Lumpur"), zoneLabel("Asia/Kuala_Lumpur"));
        CPPUNIT_ASSERT_EQUAL(std::string("Argentina / Buenos Aires"),
                             zoneLabel("America/Argentina/Buenos_Aires"));
        CPPUNIT_ASSERT_EQUAL(std::string("UTC"), zoneLabel("UTC"));
    }

    // Debian's tzdata, which scripts/install-deps.sh installs.
    void testTheSystemList()
    {
        const TimeZones& zones = TimeZones::system();
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/share/zoneinfo/zone.tab"), zones.source());
        for (const char* zone : {"UTC", "Asia/Qatar", "Europe/Paris", "America/New_York", "Asia/Kolkata"})
            CPPUNIT_ASSERT_MESSAGE(zone, zones.contains(zone));
        for (const char* zone :
             {"Mars/Olympus_Mons", "Qatar", "posix/Asia/Qatar", "Etc/GMT+3", "../zone.tab"})
            CPPUNIT_ASSERT_MESSAGE(zone, !zones.contains(zone));
        CPPUNIT_ASSERT(zones.names().size() > 300);
        const auto regions = zones.regions();
        CPPUNIT_ASSERT_EQUAL(std::string("Africa"), regions.front().name);
        CPPUNIT_ASSERT_EQUAL(&TimeZones::system(), &zones); // read once
    }

    void testAMissingFolderLeavesUtc()
    {
        const TimeZones zones = TimeZones::fromFolder("/nonexistent/zoneinfo");
        CPPUNIT_ASSERT_EQUAL(std::string(), zones.source());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), zones.names().size());
        CPPUNIT_ASSERT(zones.contains("UTC"));
    }

    void testPortalTimeZoneDefaultsToUtc()
    {
        ConfigStore store;
        store.set("db.url", "sqlite:/var/lib/molar/molar.db");
        std::vector<std::unique_ptr<ConfigView>> views;
        CPPUNIT_ASSERT_EQUAL(std::string("UTC"),
                             HostSettings::read(store, "/opt/molar", views).portal.timeZone);
        store.set("portal.timeZone", " Asia/Qatar ");
        views.clear();
        CPPUNIT_ASSERT_EQUAL(std::string("Asia/Qatar"),
                             HostSettings::read(store, "/opt/molar", views).portal.timeZone);
    }

    void testPortalTimeZoneIsChecked()
    {
        for (const char* bad : {"Asia/Doha City", "Qatar", "", "../../etc/passwd", "asia/qatar"}) {
            ConfigStore store;
            store.set("db.url", "sqlite:/var/lib/molar/molar.db");
            store.set("portal.timeZone", bad);
            std::vector<std::unique_ptr<ConfigView>> views;
            try {
                HostSettings::read(store, "/opt/molar", views);
                CPPUNIT_FAIL(std::string("portal.timeZone = '") + bad + "' was accepted");
            } catch (const molar::sdk::ConfigError& e) {
                CPPUNIT_ASSERT_EQUAL(std::string("portal.timeZone"), e.key());
                MOLAR_ASSERT_CONTAINS("an IANA time zone listed in /usr/share/zoneinfo/zone.tab",
                                      e.allowed());
                MOLAR_ASSERT_CONTAINS("Asia/Qatar", e.allowed());
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TimeZonesTest);

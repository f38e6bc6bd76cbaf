// The home page over HTTP: a visitor reads what the lab offers, how to sign in or
// register and the lab's contact details, never a list of modules; a signed-in user
// goes to the landing path of their kind of organization when one is set. Landing
// paths and home-page sections are checked when the portal starts.
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using namespace molar;
using namespace molar::host;
using test::Answer;
using test::DemoPortal;
using test::HttpBrowser;

namespace {

const DemoPortal::Settings CONTACT{{"portal.contact.name", "Pearl & Gulf Lab"},
                                   {"portal.contact.email", "lab@pearl-gulf.example"},
                                   {"portal.contact.phone", "+974 4000 1234"},
                                   {"portal.contact.address", "Building 12, Street 340\nDoha"}};

Answer homeAs(DemoPortal& demo, const std::string& login, const std::string& password)
{
    HttpBrowser browser(demo.portal());
    const Answer signedIn = browser.signIn(login, password);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("sign-in of " + login, 303, signedIn.status);
    return browser.get("/");
}

} // namespace

class HomePageHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HomePageHttpTest);
    CPPUNIT_TEST(testVisitorsReadTheLabAndItsContact);
    CPPUNIT_TEST(testNoContactNoAddress);
    CPPUNIT_TEST(testSignedInUsersGoToTheirKindsLandingPath);
    CPPUNIT_TEST(testWithoutLandingPathsTheHomePageStays);
    CPPUNIT_TEST(testLandingPathsMustStayOnThePortal);
    CPPUNIT_TEST(testSectionsAreTheirPluginsTemplates);
    CPPUNIT_TEST(testTheDemoIsALabsPortal);
    CPPUNIT_TEST_SUITE_END();

public:
    void testVisitorsReadTheLabAndItsContact()
    {
        ManualClock clock;
        DemoPortal demo(clock, CONTACT);
        HttpBrowser visitor(demo.portal());
        const Answer home = visitor.get("/");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_CONTAINS("<a href=\"/sign-in\">Sign in</a>", home.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/register\">Register your clinic</a>", home.body);
        MOLAR_ASSERT_CONTAINS("<address class=\"home-contact\">", home.body);
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">Pearl &amp; Gulf Lab</strong>", home.body);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Building 12, Street 340</span><br>", home.body);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Doha</span><br>", home.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"tel:+97440001234\" translate=\"no\">+974 4000 1234</a>", home.body);
        MOLAR_ASSERT_CONTAINS(
            "<a href=\"mailto:lab@pearl-gulf.example\" translate=\"no\">lab@pearl-gulf.example</a>",
            home.body);
        MOLAR_ASSERT_NOT_CONTAINS("Modules on this portal", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("plugins.enabled", home.body);
    }

    void testNoContactNoAddress()
    {
        ManualClock clock;
        DemoPortal demo(clock);
        HttpBrowser visitor(demo.portal());
        const Answer home = visitor.get("/");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_NOT_CONTAINS("<address", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("Contact the lab", home.body);
    }

    void testSignedInUsersGoToTheirKindsLandingPath()
    {
        ManualClock clock;
        DemoPortal demo(
            clock, {{"portal.landing.clinic", "/clinic/start?tab=1"}, {"portal.landing.lab", "/lab/start"}});
        for (const auto& [login, password] :
             {std::pair<std::string, std::string>{"owner@pearl.example", "demo pearl owner"},
              {"dentist@smile.example", "demo smile dentist"}}) {
            const Answer home = homeAs(demo, login, password);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, 303, home.status);
            CPPUNIT_ASSERT_EQUAL(std::string("/clinic/start?tab=1"), home.header("Location"));
        }
        for (const auto& [login, password] :
             {std::pair<std::string, std::string>{"admin@lab.example", "demo lab admin"},
              {"tech@lab.example", "demo technician"}}) {
            const Answer home = homeAs(demo, login, password);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(login, 303, home.status);
            CPPUNIT_ASSERT_EQUAL(std::string("/lab/start"), home.header("Location"));
        }
        // A visitor still reads the home page.
        HttpBrowser visitor(demo.portal());
        CPPUNIT_ASSERT_EQUAL(200, visitor.get("/").status);
    }

    void testWithoutLandingPathsTheHomePageStays()
    {
        ManualClock clock;
        DemoPortal demo(clock, {{"portal.landing.lab", "/lab/start"}});
        const Answer home = homeAs(demo, "owner@pearl.example", "demo pearl owner");
        CPPUNIT_ASSERT_EQUAL(200, home.status);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Layla Haddad</span>", home.body);
        // Signed in: no invitation to sign in or register.
        MOLAR_ASSERT_NOT_CONTAINS("Register your clinic", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("Modules on this portal", home.body);
    }

    void testLandingPathsMustStayOnThePortal()
    {
        for (const std::string bad :
             {"https://elsewhere.example/", "//elsewhere.example/x", "/", "cases", "/\\elsewhere.example"}) {
            const std::string refused = refusal({{"portal.landing.clinic", bad}});
            MOLAR_ASSERT_CONTAINS("portal.landing.clinic", refused);
            MOLAR_ASSERT_CONTAINS("a path on this portal other than /", refused);
        }
        MOLAR_ASSERT_CONTAINS("portal.landing.patient", refusal({{"portal.landing.patient", "/x"}}));
        MOLAR_ASSERT_CONTAINS("portal.contact.email", refusal({{"portal.contact.email", "not an address"}}));
        CPPUNIT_ASSERT_EQUAL(std::string(), refusal({{"portal.landing.clinic", "/cases/dashboard"}}));
    }

    void testSectionsAreTheirPluginsTemplates()
    {
        // A plugin names only its own templates.
        MOLAR_ASSERT_CONTAINS("portal.home.sections.cases",
                              refusal({{"portal.home.sections.cases", "billing/home"}}));
        MOLAR_ASSERT_CONTAINS("portal.home.sections.cases",
                              refusal({{"portal.home.sections.cases", "cases/"}}));
        // The section of a plugin that is not running (a site's file still names it) is left out.
        ManualClock clock;
        DemoPortal demo(clock, {{"portal.home.sections.billing", "billing/home"}});
        HttpBrowser visitor(demo.portal());
        CPPUNIT_ASSERT_EQUAL(200, visitor.get("/").status);
    }

    void testTheDemoIsALabsPortal()
    {
        // The demo shows the lab's contact details and runs the lab's modules, not the SDK's example.
        ConfigStore config;
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config/demo");
        ManualClock clock;
        Portal portal(config, molar::host::defaultDataDir(), clock);
        portal.configure();
        const auto& enabled = portal.settings().pluginsEnabled;
        CPPUNIT_ASSERT(std::find(enabled.begin(), enabled.end(), "cases") != enabled.end());
        CPPUNIT_ASSERT(std::find(enabled.begin(), enabled.end(), "hello") == enabled.end());
        CPPUNIT_ASSERT(config.leafKeys("hello").empty());
        const PortalSettings& lab = portal.settings().portal;
        CPPUNIT_ASSERT(!lab.contactName.empty());
        CPPUNIT_ASSERT(!lab.contactEmail.empty());
        CPPUNIT_ASSERT(!lab.contactPhone.empty());
        CPPUNIT_ASSERT(lab.contactAddress.size() > 1);
    }

private:
    // The start-up error for these settings over the defaults, or "" when accepted.
    static std::string refusal(const std::vector<std::pair<std::string, std::string>>& settings)
    {
        ConfigStore config;
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        for (const auto& [key, value] : settings)
            config.set(key, value);
        ManualClock clock;
        Portal portal(config, molar::host::defaultDataDir(), clock);
        try {
            portal.configure();
        } catch (const StartupError& e) {
            return e.what();
        }
        return "";
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HomePageHttpTest);

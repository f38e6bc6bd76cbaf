// The pseudo-locale en-XA: accented, 40 % longer, bracketed; placeholders untouched.
#include "views/PseudoLocale.h"
#include "locale/IcuLocales.h"
#include "views/MessageCatalog.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>

using namespace molar::host;

class PseudoLocaleTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PseudoLocaleTest);
    CPPUNIT_TEST(testTextIsAccentedLongerAndBracketed);
    CPPUNIT_TEST(testPlaceholdersStayAsTheyAre);
    CPPUNIT_TEST(testIcuMessagesStillFormat);
    CPPUNIT_TEST(testTheCatalogDerivesItFromEnglish);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTextIsAccentedLongerAndBracketed()
    {
        // 6 letters: 3 fillers (40 %, rounded).
        CPPUNIT_ASSERT_EQUAL(std::string("⟦Śíğñ íñ···⟧"), pseudoLocalized("Sign in"));
        CPPUNIT_ASSERT_EQUAL(std::string("⟦⟧"), pseudoLocalized(""));
        CPPUNIT_ASSERT_EQUAL(std::string("⟦2 × 3 = 6⟧"), pseudoLocalized("2 × 3 = 6"));
    }

    void testPlaceholdersStayAsTheyAre()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("⟦Çáśé {{number}} ŕéçéíṽéď·····⟧"),
                             pseudoLocalized("Case {{number}} received"));
        CPPUNIT_ASSERT_EQUAL(std::string("⟦{{#t}}cases.stage.{{stage}}{{/t}}: {{{html}}}⟧"),
                             pseudoLocalized("{{#t}}cases.stage.{{stage}}{{/t}}: {{{html}}}"));
        CPPUNIT_ASSERT_EQUAL(std::string("⟦ƒŕöɱ {answers} áñśŵéŕś·····⟧"),
                             pseudoLocalized("from {answers} answers"));
    }

    void testIcuMessagesStillFormat()
    {
        const std::string days = pseudoLocalized("for {n, plural, one {# day} other {# days}}");
        CPPUNIT_ASSERT_EQUAL(std::string("⟦ƒöŕ {n, plural, one {# ďáý} other {# ďáýś}}····⟧"), days);
        CPPUNIT_ASSERT_EQUAL(
            std::string("⟦ƒöŕ 3 ďáýś····⟧"),
            languageData().format(days, PSEUDO_LOCALE, molar::sdk::Value::object({{"n", 3}})));
    }

    void testTheCatalogDerivesItFromEnglish()
    {
        const auto dir = std::filesystem::temp_directory_path() / "molar-pseudo-test";
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "en.properties") << "home.title = Welcome\n";
        std::ofstream(dir / "fr.properties")
            << "home.title = Bienvenue\ncases.productName.crown = Couronne\n";
        MessageCatalog catalog;
        catalog.loadDirectory(dir.string());
        std::filesystem::remove_all(dir);
        CPPUNIT_ASSERT_EQUAL(std::string("⟦Ŵéĺçöɱé···⟧"), catalog.translate("home.title", PSEUDO_LOCALE));
        CPPUNIT_ASSERT_EQUAL(std::string("Bienvenue"), catalog.translate("home.title", "fr"));
        CPPUNIT_ASSERT(catalog.has("home.title", PSEUDO_LOCALE));
        // A name whose English comes from config is bracketed too, from another language.
        CPPUNIT_ASSERT_EQUAL(std::string("⟦Çöüŕöññé····⟧"),
                             catalog.translate("cases.productName.crown", PSEUDO_LOCALE));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.productName.crown"),
                             catalog.translate("cases.productName.crown", "en"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PseudoLocaleTest);

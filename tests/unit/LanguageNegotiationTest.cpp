// PreferencesMiddleware::negotiate: the page language from Accept-Language, by language, script
// and region.
#include "http/StandardMiddleware.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::host::PreferencesMiddleware;

class LanguageNegotiationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LanguageNegotiationTest);
    CPPUNIT_TEST(testHighestWeightWins);
    CPPUNIT_TEST(testRegionTagsMatchTheirLanguage);
    CPPUNIT_TEST(testUnsupportedLanguagesFallBack);
    CPPUNIT_TEST(testZeroWeightExcludes);
    CPPUNIT_TEST(testRegionsAndScriptsTellVariantsApart);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHighestWeightWins()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), negotiate("en;q=0.5, ar;q=0.9, fr;q=0.7"));
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), negotiate("fr, ar;q=0.9"));
        // Without q, a range weighs 1 and the first of equals is kept.
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), negotiate("ar, fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), negotiate("de, AR;q=0.2"));
    }

    void testRegionTagsMatchTheirLanguage()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), negotiate("fr-CA,fr;q=0.9,en;q=0.8"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), negotiate("ar-EG"));
        CPPUNIT_ASSERT_EQUAL(std::string("en"), negotiate("de-DE, en-GB;q=0.4, fr;q=0.3"));
    }

    void testUnsupportedLanguagesFallBack()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), negotiate("de-DE,de;q=0.9,es;q=0.8", "fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("en"), negotiate(""));
        CPPUNIT_ASSERT_EQUAL(std::string("en"), negotiate("*"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), negotiate(";;,,", "ar"));
    }

    void testZeroWeightExcludes()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("en"), negotiate("ar;q=0, de"));
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), negotiate("ar;q=0, fr;q=0.1"));
        // An unreadable weight counts as zero rather than as full preference.
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), negotiate("ar;q=high, fr;q=0.1"));
    }

    void testRegionsAndScriptsTellVariantsApart()
    {
        const std::vector<std::string> supported{"en", "ar", "pt-BR", "zh-Hans", "es", "ur", "fa"};
        // Portuguese of Portugal reads Brazil's before any other language.
        CPPUNIT_ASSERT_EQUAL(std::string("pt-BR"),
                             PreferencesMiddleware::negotiate("pt-PT, es;q=0.9", supported, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("pt-BR"), PreferencesMiddleware::negotiate("pt", supported, "en"));
        // zh-CN and zh-SG are written in Simplified characters; zh-Hans itself too.
        CPPUNIT_ASSERT_EQUAL(std::string("zh-Hans"),
                             PreferencesMiddleware::negotiate("zh-CN", supported, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("zh-Hans"),
                             PreferencesMiddleware::negotiate("zh-Hans-SG", supported, "en"));
        // A reader of Traditional characters who also reads English gets English.
        CPPUNIT_ASSERT_EQUAL(std::string("en"),
                             PreferencesMiddleware::negotiate("zh-TW, en;q=0.5", supported, "ar"));
        // Qatar's Arabic, Pakistan's Urdu, Iran's Persian.
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), PreferencesMiddleware::negotiate("ar-QA", supported, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("ur"),
                             PreferencesMiddleware::negotiate("ur-PK, en;q=0.1", supported, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("fa"), PreferencesMiddleware::negotiate("fa-IR", supported, "en"));
        // Tags in any case, and garbage between them.
        CPPUNIT_ASSERT_EQUAL(std::string("pt-BR"),
                             PreferencesMiddleware::negotiate("PT-br", supported, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("es"),
                             PreferencesMiddleware::negotiate("@@, es-419", supported, "en"));
    }

private:
    static std::string negotiate(const std::string& header, const std::string& fallback = "en")
    {
        return PreferencesMiddleware::negotiate(header, {"en", "ar", "fr"}, fallback);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LanguageNegotiationTest);

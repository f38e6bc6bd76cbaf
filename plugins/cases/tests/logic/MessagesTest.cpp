// The plugin's message catalogs: every English key has an Arabic and a French text, and
// every name the shipped config gives in English (products, form fields) has both.
#include "MessageCatalogs.h"
#include "PropertiesFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

namespace {

const std::string messages = std::string(MOLAR_SOURCE_DIR) + "/plugins/cases/messages";

} // namespace

class MessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MessagesTest);
    CPPUNIT_TEST(everyLanguageHasEveryKey);
    CPPUNIT_TEST(everyConfiguredNameIsTranslated);
    CPPUNIT_TEST_SUITE_END();

public:
    void everyLanguageHasEveryKey()
    {
        CPPUNIT_ASSERT(molar::test::catalogKeys(messages, "en").size() > 200);
        const auto differences =
            molar::test::catalogDifferences(messages, "en", {"ar", "fr"}, &MessagesTest::isConfiguredName);
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

    // English names come from config; the catalogs hold the other languages' names.
    void everyConfiguredNameIsTranslated()
    {
        const auto config = molar::cases::test::readProperties(std::string(MOLAR_SOURCE_DIR) +
                                                               "/plugins/cases/config/cases.properties");
        std::set<std::string> expected;
        for (const auto& [key, value] : config) {
            const auto dot = key.rfind('.');
            const std::string subject = key.substr(0, dot);
            if (key.rfind("cases.product.", 0) == 0 && key.substr(dot) == ".name")
                expected.insert("cases.productName." + subject.substr(14));
            if (key.rfind("cases.field.", 0) == 0 && key.substr(dot) == ".label")
                expected.insert("cases.fieldLabel." + subject.substr(12));
        }
        CPPUNIT_ASSERT(expected.size() > 30);
        const auto english = molar::test::catalogKeys(messages, "en");
        for (const char* language : {"ar", "fr"}) {
            const auto keys = molar::test::catalogKeys(messages, language);
            for (const auto& key : expected)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " lacks " + key, keys.count(key) == 1);
        }
        for (const auto& key : expected)
            CPPUNIT_ASSERT_MESSAGE("English names come from config, not " + key, english.count(key) == 0);
    }

private:
    static bool isConfiguredName(const std::string& key)
    {
        return key.rfind("cases.productName.", 0) == 0 || key.rfind("cases.fieldLabel.", 0) == 0;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagesTest);

// The plugin's message catalogs: every English key has an Arabic and a French text, and
// every name the shipped config gives in English (products, form fields) has both.
#include "PropertiesFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <set>
#include <string>

namespace {

std::set<std::string> keysOf(const std::string& language)
{
    std::ifstream in(std::string(MOLAR_SOURCE_DIR) + "/plugins/cases/messages/" + language + ".properties");
    std::set<std::string> keys;
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        std::string key = line.substr(start, eq - start);
        key.erase(key.find_last_not_of(" \t") + 1);
        keys.insert(key);
    }
    return keys;
}

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
        const auto english = keysOf("en");
        CPPUNIT_ASSERT(english.size() > 200);
        for (const char* language : {"ar", "fr"}) {
            const auto other = keysOf(language);
            for (const auto& key : english)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " lacks " + key, other.count(key) == 1);
            for (const auto& key : other)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " has a key English lacks: " + key,
                                       english.count(key) == 1 || isConfiguredName(key));
        }
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
        const auto english = keysOf("en");
        for (const char* language : {"ar", "fr"}) {
            const auto keys = keysOf(language);
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

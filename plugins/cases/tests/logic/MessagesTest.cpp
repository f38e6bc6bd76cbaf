// The plugin's message catalogs: every English key has an Arabic and a French text.
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
                                       english.count(key) == 1);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagesTest);

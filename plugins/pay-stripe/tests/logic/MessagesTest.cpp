// The plugin's catalogs: every key in English, French and Arabic, the provider's name,
// and plain words for every failure code the plugin reports by name.
#include "Declines.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

const std::string root = std::string(MOLAR_SOURCE_DIR) + "/plugins/pay-stripe/";

std::set<std::string> keysOf(const std::string& language)
{
    std::ifstream in(root + "messages/" + language + ".properties", std::ios::binary);
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
        const auto value = line.find_first_not_of(" \t", eq + 1);
        if (value != std::string::npos)
            keys.insert(key); // a key without words counts as missing
    }
    return keys;
}

} // namespace

class MessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MessagesTest);
    CPPUNIT_TEST(testEveryLanguageHasEveryKey);
    CPPUNIT_TEST(testEveryExplainedCodeHasWords);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        const auto english = keysOf("en");
        CPPUNIT_ASSERT(english.size() >= 10);
        for (const char* language : {"fr", "ar"}) {
            const auto other = keysOf(language);
            for (const auto& key : english)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " lacks " + key, other.count(key) == 1);
            for (const auto& key : other)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " has a key English lacks: " + key,
                                       english.count(key) == 1);
        }
    }

    void testEveryExplainedCodeHasWords()
    {
        const auto english = keysOf("en");
        CPPUNIT_ASSERT(english.count("payment.provider.stripe") == 1);
        const auto& codes = molar::paystripe::explainedFailureCodes();
        CPPUNIT_ASSERT(codes.size() >= 9);
        for (const auto& code : codes)
            CPPUNIT_ASSERT_MESSAGE("en lacks payment.failure." + code,
                                   english.count("payment.failure." + code) == 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagesTest);

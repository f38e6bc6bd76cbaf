// The plugin's catalogs: every key in English, French and Arabic, and every key the
// templates and the code name (or build from a code) in English.
#include "StatementMatch.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

const std::string root = std::string(MOLAR_SOURCE_DIR) + "/plugins/pay-bank/";

std::string read(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::set<std::string> keysOf(const std::string& language)
{
    std::istringstream in(read(root + "messages/" + language + ".properties"));
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
    CPPUNIT_TEST(testEveryLanguageHasEveryKey);
    CPPUNIT_TEST(testEveryNamedKeyExists);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        const auto english = keysOf("en");
        CPPUNIT_ASSERT(english.size() > 80);
        for (const char* language : {"fr", "ar"}) {
            const auto other = keysOf(language);
            for (const auto& key : english)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " lacks " + key, other.count(key) == 1);
            for (const auto& key : other)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " has a key English lacks: " + key,
                                       english.count(key) == 1);
        }
    }

    void testEveryNamedKeyExists()
    {
        const auto english = keysOf("en");
        std::set<std::string> named;
        const std::regex key("pay-bank\\.[a-zA-Z0-9]+(\\.[a-zA-Z0-9]+)*");
        for (const char* folder : {"templates", "src"}) {
            for (const auto& entry : std::filesystem::directory_iterator(root + folder)) {
                const std::string text = read(entry.path().string());
                for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) {
                    const std::string found = it->str();
                    // Prefixes the code completes ("pay-bank.state." + state) end with a dot in the source.
                    const auto after = static_cast<std::size_t>(it->position() + it->length());
                    if (after < text.size() && text[after] == '.')
                        continue;
                    if (it->position() > 0 && text[static_cast<std::size_t>(it->position()) - 1] == '/')
                        continue; // a path: /static/pay-bank/pay-bank.css
                    named.insert(found);
                }
            }
        }
        for (const char* built :
             {"pay-bank.state.awaiting", "pay-bank.state.partly", "pay-bank.state.paid",
              "pay-bank.source.manual", "pay-bank.source.statement", "pay-bank.outcome.applied",
              "pay-bank.outcome.already", "pay-bank.reason.notRecorded"})
            named.insert(built);
        using molar::paybank::LineOutcome;
        for (auto outcome :
             {LineOutcome::NotCredit, LineOutcome::NoReference, LineOutcome::UnknownReference,
              LineOutcome::CurrencyDiffers, LineOutcome::RepeatedLine, LineOutcome::SeveralReferences})
            named.insert("pay-bank.reason." + molar::paybank::outcomeName(outcome));
        CPPUNIT_ASSERT(named.size() > 60);
        for (const auto& name : named)
            CPPUNIT_ASSERT_MESSAGE("en lacks " + name, english.count(name) == 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagesTest);

// The plugin's catalogs: every key in English, French and Arabic, and the words the core
// builds from a code (entry kinds, top-up states, case moves, refusals) in English.
#include "MessageCatalogs.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace {

const std::string messages = std::string(MOLAR_SOURCE_DIR) + "/plugins/credits/messages";

} // namespace

class CreditsMessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CreditsMessagesTest);
    CPPUNIT_TEST(testEveryLanguageHasEveryKey);
    CPPUNIT_TEST(testEveryConfiguredPackIsNamed);
    CPPUNIT_TEST(testBuiltKeysExist);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        const auto differences = molar::test::catalogDifferences(messages, "en", {"fr", "ar"}, &isPackName);
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

    // A pack's English name comes from config; the catalogs hold the other languages' names.
    void testEveryConfiguredPackIsNamed()
    {
        const auto config = molar::test::catalogEntries(std::string(MOLAR_SOURCE_DIR) +
                                                        "/plugins/credits/config/credits.properties");
        int packs = 0;
        for (const auto& [key, value] : config) {
            const std::string prefix = "credits.pack.", suffix = ".name";
            if (key.rfind(prefix, 0) != 0 || key.size() <= prefix.size() + suffix.size() ||
                key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            ++packs;
            const std::string code = key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
            for (const char* language : {"fr", "ar"})
                CPPUNIT_ASSERT_MESSAGE(
                    std::string(language) + " names the pack " + code,
                    molar::test::catalogKeys(messages, language).count("credits.packName." + code));
        }
        CPPUNIT_ASSERT_EQUAL(4, packs);
    }

    static bool isPackName(const std::string& key) { return key.rfind("credits.packName.", 0) == 0; }

    void testBuiltKeysExist()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        for (const char* kind : {"topup", "debit", "debit_return", "topup_refund", "adjustment"})
            CPPUNIT_ASSERT_MESSAGE(kind, english.count(std::string("credits.kind.") + kind) == 1);
        for (const char* state : {"pending", "credited", "failed", "canceled"})
            CPPUNIT_ASSERT_MESSAGE(state, english.count(std::string("credits.topup.state.") + state) == 1);
        for (const char* key :
             {"credits.move.held", "credits.move.resumed", "credits.error.insufficient", "credits.error.pack",
              "credits.error.provider", "credits.error.tooLarge", "credits.menu"})
            CPPUNIT_ASSERT_MESSAGE(key, english.count(key) == 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreditsMessagesTest);

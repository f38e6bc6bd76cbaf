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
    CPPUNIT_TEST(testBuiltKeysExist);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        const auto differences = molar::test::catalogDifferences(messages, "en", {"fr", "ar"});
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

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

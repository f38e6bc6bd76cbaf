// The plugin's catalogs: every key in English, French and Arabic, and the keys the code
// builds from a state, a month or a language.
#include "MessageCatalogs.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace {

const std::string messages = std::string(MOLAR_SOURCE_DIR) + "/plugins/warranty/messages";

} // namespace

class WarrantyMessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WarrantyMessagesTest);
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
        for (const char* state : {"valid", "expired", "void"}) {
            CPPUNIT_ASSERT_MESSAGE(state, english.count(std::string("warranty.state.") + state) == 1);
            CPPUNIT_ASSERT_MESSAGE(state, english.count(std::string("warranty.panel.") + state) == 1);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WarrantyMessagesTest);

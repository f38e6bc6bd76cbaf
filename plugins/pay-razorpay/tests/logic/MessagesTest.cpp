// The plugin's catalogs: every key in English, French and Arabic, every key the
// templates and the code name in English, and the words for every failure code the
// provider reports.
#include "MessageCatalogs.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

namespace {

const std::string root = std::string(MOLAR_SOURCE_DIR) + "/plugins/pay-razorpay";
const std::string messages = root + "/messages";

} // namespace

class MessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MessagesTest);
    CPPUNIT_TEST(testEveryLanguageHasEveryKey);
    CPPUNIT_TEST(testEveryNamedKeyExists);
    CPPUNIT_TEST(testFailureCodesHaveWords);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        CPPUNIT_ASSERT(molar::test::catalogKeys(messages, "en").size() > 20);
        const auto differences = molar::test::catalogDifferences(messages, "en", {"fr", "ar"});
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

    void testEveryNamedKeyExists()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        const auto named = molar::test::keysNamedIn(root, {"templates", "src"},
                                                    "pay-razorpay\\.[a-zA-Z0-9]+(\\.[a-zA-Z0-9]+)+");
        CPPUNIT_ASSERT(named.size() > 12);
        for (const auto& name : named)
            CPPUNIT_ASSERT_MESSAGE("en lacks " + name, english.count(name) == 1);
        CPPUNIT_ASSERT(english.count("payment.provider.razorpay") == 1);
    }

    void testFailureCodesHaveWords()
    {
        // The codes the provider reports for a payment (billing reads payment.failure.<code>).
        const auto english = molar::test::catalogKeys(messages, "en");
        for (const char* code :
             {"payment_failed", "amount_too_small", "payment_cancelled", "payment_timed_out"})
            CPPUNIT_ASSERT_MESSAGE(code, english.count(std::string("payment.failure.") + code) == 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagesTest);

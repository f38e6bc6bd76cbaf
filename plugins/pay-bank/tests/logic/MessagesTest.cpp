// The plugin's catalogs: every key in English, French and Arabic, and every key the
// templates and the code name (or build from a code) in English.
#include "MessageCatalogs.h"
#include "StatementMatch.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

namespace {

const std::string root = std::string(MOLAR_SOURCE_DIR) + "/plugins/pay-bank";
const std::string messages = root + "/messages";

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
        CPPUNIT_ASSERT(molar::test::catalogKeys(messages, "en").size() > 80);
        const auto differences = molar::test::catalogDifferences(messages, "en", {"fr", "ar"});
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

    void testEveryNamedKeyExists()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        auto named =
            molar::test::keysNamedIn(root, {"templates", "src"}, "pay-bank\\.[a-zA-Z0-9]+(\\.[a-zA-Z0-9]+)*");
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
        // The job and the schedule that tell the host about untold receipts: names, not words.
        for (const char* job : {"pay-bank.untoldReceipts", "pay-bank.untoldReceiptsSweep"})
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), named.erase(job));
        CPPUNIT_ASSERT(named.size() > 60);
        for (const auto& name : named)
            CPPUNIT_ASSERT_MESSAGE("en lacks " + name, english.count(name) == 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessagesTest);

// The plugin's catalogs: every key in English, French and Arabic; the words of each of its
// notification rules (the host refuses to start without a subject and a body) and of the
// events they offer in the settings page; the timeline's entries and the refusals the
// rules give.
#include "MessageCatalogs.h"

#include <cppunit/extensions/HelperMacros.h>

#include <regex>
#include <set>
#include <string>

namespace {

const std::string plugin = std::string(MOLAR_SOURCE_DIR) + "/plugins/nps";
const std::string messages = plugin + "/messages";

} // namespace

class NpsMessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NpsMessagesTest);
    CPPUNIT_TEST(testEveryLanguageHasEveryKey);
    CPPUNIT_TEST(testEveryRuleHasItsWords);
    CPPUNIT_TEST(testTheRulesKeysExist);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        const auto differences = molar::test::catalogDifferences(messages, "en", {"fr", "ar"});
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

    void testEveryRuleHasItsWords()
    {
        const std::string rules = molar::test::readWholeFile(plugin + "/config/notifications.properties");
        static const std::regex event(R"(notifications\.rules\.([a-z_]+)\.event = ([a-z_.]+))");
        int found = 0;
        for (const char* language : {"en", "fr", "ar"}) {
            const auto keys = molar::test::catalogKeys(messages, language);
            for (auto it = std::sregex_iterator(rules.begin(), rules.end(), event);
                 it != std::sregex_iterator(); ++it, ++found) {
                const std::string rule = (*it)[1].str();
                for (const char* part : {"subject", "heading", "body", "action"})
                    CPPUNIT_ASSERT_MESSAGE(language + (" message." + rule + ".") + part,
                                           keys.count("message." + rule + "." + part) == 1);
                CPPUNIT_ASSERT_MESSAGE(language + (" notify.event." + (*it)[2].str()),
                                       keys.count("notify.event." + (*it)[2].str()) == 1);
            }
        }
        CPPUNIT_ASSERT_EQUAL(9, found);
    }

    void testTheRulesKeysExist()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        for (const char* key :
             {"cases.activity.feedback", "nps.timeline.answered", "nps.timeline.changed",
              "nps.timeline.followUpClosed", "nps.error.score", "nps.error.stars", "nps.error.comment",
              "nps.error.linkGone", "nps.error.answered", "nps.error.editClosed", "nps.error.notFound",
              "nps.error.noteRequired", "nps.error.noteTooLong", "nps.error.closed"})
            CPPUNIT_ASSERT_MESSAGE(key, english.count(key) == 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NpsMessagesTest);

// The plugin's catalogs against each other and against the code: English, Arabic and
// French hold the same keys in the same order, each translation keeps the placeholders of
// the English, every notification rule has its words, and every key the sources and
// templates name (whole, or built at run time from a prefix) is in English.
#include "MessageCatalogs.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

const std::string plugin = std::string(MOLAR_SOURCE_DIR) + "/plugins/aligners";
const std::string messages = plugin + "/messages";
const std::vector<std::string> translations = {"ar", "fr"};

using Entries = std::vector<std::pair<std::string, std::string>>;

// The key and value of each line of a catalog, in the file's order.
Entries entriesOf(const std::string& language)
{
    std::istringstream in(molar::test::readWholeFile(messages + "/" + language + ".properties"));
    Entries entries;
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(" \t");
        const auto eq = line.find('=');
        if (start == std::string::npos || line[start] == '#' || line[start] == '!' || eq == std::string::npos)
            continue;
        std::string key = line.substr(start, eq - start);
        key.erase(key.find_last_not_of(" \t") + 1);
        const auto valueStart = line.find_first_not_of(" \t", eq + 1);
        entries.emplace_back(key, valueStart == std::string::npos ? "" : line.substr(valueStart));
    }
    return entries;
}

// The {name} and {{name}} placeholders of a value: a translation must keep each of them.
std::set<std::string> placeholdersOf(const std::string& value)
{
    static const std::regex placeholder(R"(\{\{[A-Za-z0-9_]+\}\}|\{[A-Za-z0-9_]+\})");
    std::set<std::string> found;
    for (std::sregex_iterator it(value.begin(), value.end(), placeholder), end; it != end; ++it)
        found.insert(it->str());
    return found;
}

// The text of every file under `folder` whose name ends with one of `extensions`.
std::vector<std::pair<std::string, std::string>> filesUnder(const std::string& folder,
                                                            const std::vector<std::string>& extensions)
{
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file())
            continue;
        const std::string extension = entry.path().extension().string();
        for (const auto& wanted : extensions)
            if (extension == wanted)
                files.emplace_back(entry.path().string(), molar::test::readWholeFile(entry.path().string()));
    }
    return files;
}

// String literals of the sources naming the plugin's (or the cases plugin's) words. One ending
// in a dot or an underscore is a prefix the code completes at run time.
const std::regex literal(R"re("((?:aligners|cases)\.[A-Za-z0-9_.]*)")re");

bool isPrefix(const std::string& name)
{
    return !name.empty() && (name.back() == '.' || name.back() == '_');
}

// Names in the plugin's namespace that are not words shown to anyone: audit actions, a setting
// named in a configuration error, an event's source.
const std::set<std::string> notWords = {
    "aligners.currency",      "aligners.order_placed",  "aligners.plan",          "aligners.plan_shared",
    "aligners.plan_upgraded", "aligners.plan_uploaded", "aligners.share_revoked",
};

// Prefixes that build names other than catalog keys: the audit action "aligners.plan_" + state
// and the idempotency keys of case.charged ("aligners.replacement." + case id, "aligners.upgrade."
// + case id + plan type).
const std::set<std::string> notWordPrefixes = {"aligners.plan_", "aligners.replacement.",
                                               "aligners.upgrade."};

// Each prefix the sources complete at run time, with every ending the code gives it.
const std::map<std::string, std::vector<std::string>> builtKeys = {
    {"aligners.plan.state.", {"proposed", "accepted", "rejected", "modification_requested"}},
    {"aligners.panel.", {"proposed", "accepted", "rejected", "modification_requested"}},
    {"aligners.file.", {"report", "viewer"}},
    {"aligners.share.state.", {"active", "expired", "revoked"}},
    {"aligners.insights.period.", {"30", "90", "365"}},
    {"aligners.order.kind.", {"refinement", "phase", "retainer", "remake", "replacement"}},
    {"aligners.order.new.", {"refinement", "phase", "retainer", "remake", "replacement"}},
    {"aligners.panel.isOrder.", {"refinement", "phase", "retainer", "remake", "replacement"}},
    {"aligners.order.slot.", {"upper_scan", "lower_scan", "bite_scan"}},
    {"aligners.order.retainer.", {"fixed_lingual", "removable"}},
    {"aligners.order.arches.", {"upper", "lower", "both"}},
    {"aligners.replacement.error.", {"noSteps", "stepOutOfRange", "stepTwice", "tooManySteps", "tooSoon"}},
    {"aligners.timeline.expiring.", {"bold", "red"}},
};

// The states of the cases plugin's aligner workflow, whose words ("cases.status." + state) the
// plan and orders pages show from the cases plugin's catalog.
const std::vector<std::string> alignerCaseStates = {
    "in_planning", "waiting_for_approval", "rejected", "in_production", "shipped",
    "delivered",   "awaiting_credit",      "on_hold",  "cancelled",
};

} // namespace

class AlignersMessagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AlignersMessagesTest);
    CPPUNIT_TEST(testEveryLanguageHasEveryKey);
    CPPUNIT_TEST(testTheKeysComeInTheSameOrder);
    CPPUNIT_TEST(testTranslationsKeepThePlaceholders);
    CPPUNIT_TEST(testEveryRuleHasItsWords);
    CPPUNIT_TEST(testTheKeysTheSourcesNameExist);
    CPPUNIT_TEST(testTheKeysTheTemplatesNameExist);
    CPPUNIT_TEST(testEveryPrefixTheSourcesCompleteIsListed);
    CPPUNIT_TEST(testTheKeysBuiltAtRunTimeExist);
    CPPUNIT_TEST(testTheCaseStatesHaveWords);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryKey()
    {
        const auto differences = molar::test::catalogDifferences(messages, "en", translations);
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(differences), differences.empty());
    }

    // The same order keeps the three files side by side for whoever translates next.
    void testTheKeysComeInTheSameOrder()
    {
        const auto english = entriesOf("en");
        for (const auto& language : translations) {
            const auto other = entriesOf(language);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(language + " has as many lines", english.size(), other.size());
            for (std::size_t i = 0; i < english.size(); ++i)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(language + " line " + std::to_string(i + 1), english[i].first,
                                             other[i].first);
        }
    }

    void testTranslationsKeepThePlaceholders()
    {
        const auto english = entriesOf("en");
        std::vector<std::string> problems;
        for (const auto& language : translations) {
            std::map<std::string, std::string> values;
            for (const auto& [key, value] : entriesOf(language))
                values[key] = value;
            for (const auto& [key, value] : english) {
                const auto it = values.find(key);
                if (it == values.end())
                    continue; // testEveryLanguageHasEveryKey names it
                const auto translated = placeholdersOf(it->second);
                for (const auto& placeholder : placeholdersOf(value))
                    if (translated.count(placeholder) == 0)
                        problems.push_back(language + " " + key + " lacks " + placeholder);
            }
        }
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(problems), problems.empty());
    }

    // The host refuses a rule without a subject and a body; the settings page names its event.
    void testEveryRuleHasItsWords()
    {
        const std::string rules = molar::test::readWholeFile(plugin + "/config/notifications.properties");
        static const std::regex event(R"(notifications\.rules\.([a-z_]+)\.event = ([a-z_.]+))");
        int rulesSeen = 0;
        for (const char* language : {"en", "ar", "fr"}) {
            const auto keys = molar::test::catalogKeys(messages, language);
            for (std::sregex_iterator it(rules.begin(), rules.end(), event), end; it != end; ++it) {
                ++rulesSeen;
                for (const char* part : {"subject", "body", "action"}) {
                    const std::string key = "message." + (*it)[1].str() + "." + part;
                    CPPUNIT_ASSERT_MESSAGE(language + (" " + key), keys.count(key) == 1);
                }
                const std::string eventKey = "notify.event." + (*it)[2].str();
                CPPUNIT_ASSERT_MESSAGE(language + (" " + eventKey), keys.count(eventKey) == 1);
            }
        }
        CPPUNIT_ASSERT_EQUAL(3 * 6, rulesSeen);
    }

    void testTheKeysTheSourcesNameExist()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        std::vector<std::string> missing;
        int named = 0;
        for (const auto& [path, text] : filesUnder(plugin + "/src", {".cpp", ".h"}))
            for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
                const std::string name = (*it)[1].str();
                if (isPrefix(name) || name.rfind("aligners.", 0) != 0 || notWords.count(name) == 1)
                    continue;
                ++named;
                if (english.count(name) == 0)
                    missing.push_back(path + ": " + name);
            }
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(missing), missing.empty());
        CPPUNIT_ASSERT(named > 50);
    }

    void testTheKeysTheTemplatesNameExist()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        static const std::regex translated(R"(\{\{#t\}\}\s*([^{}\s]+)\s*\{\{/t\}\})");
        std::vector<std::string> missing;
        int named = 0;
        for (const auto& [path, text] : filesUnder(plugin + "/templates", {".mustache"}))
            for (std::sregex_iterator it(text.begin(), text.end(), translated), end; it != end; ++it, ++named)
                if (english.count((*it)[1].str()) == 0)
                    missing.push_back(path + ": " + (*it)[1].str());
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(missing), missing.empty());
        CPPUNIT_ASSERT(named > 50);
    }

    // A prefix new to the sources fails here until its endings join builtKeys.
    void testEveryPrefixTheSourcesCompleteIsListed()
    {
        std::vector<std::string> unlisted;
        for (const auto& [path, text] : filesUnder(plugin + "/src", {".cpp", ".h"}))
            for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
                const std::string name = (*it)[1].str();
                if (isPrefix(name) && builtKeys.count(name) == 0 && notWordPrefixes.count(name) == 0 &&
                    name != "cases.status.")
                    unlisted.push_back(path + ": " + name);
            }
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(unlisted), unlisted.empty());
    }

    void testTheKeysBuiltAtRunTimeExist()
    {
        const auto english = molar::test::catalogKeys(messages, "en");
        std::vector<std::string> missing;
        for (const auto& [prefix, endings] : builtKeys)
            for (const auto& ending : endings)
                if (english.count(prefix + ending) == 0)
                    missing.push_back(prefix + ending);
        // Steps get their own words by arch rather than "aligners.file.step".
        for (const char* key :
             {"aligners.file.upperStep", "aligners.file.lowerStep", "aligners.panel.yourDecision"})
            if (english.count(key) == 0)
                missing.push_back(key);
        CPPUNIT_ASSERT_MESSAGE(molar::test::joinLines(missing), missing.empty());
    }

    void testTheCaseStatesHaveWords()
    {
        const std::string casesMessages = std::string(MOLAR_SOURCE_DIR) + "/plugins/cases/messages";
        for (const char* language : {"en", "ar", "fr"}) {
            const auto keys = molar::test::catalogKeys(casesMessages, language);
            for (const auto& state : alignerCaseStates)
                CPPUNIT_ASSERT_MESSAGE(language + (" cases.status." + state),
                                       keys.count("cases.status." + state) == 1);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AlignersMessagesTest);

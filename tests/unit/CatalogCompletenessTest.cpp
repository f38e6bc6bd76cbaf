// Every message catalog of the host, every plugin and the SDK's example, in every
// language the portal offers (views.languages) or has a file for: the keys of English
// (and the names from config that French has), the same Mustache tags and ICU
// arguments, and every ICU message formatting for the numbers that pick each plural form.
#include "MessageCatalogs.h"

#include "locale/IcuLocales.h"

#include <Poco/AutoPtr.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using molar::host::IcuLocales;

namespace {

const std::string sourceDir = MOLAR_SOURCE_DIR;

using Entries = std::vector<std::pair<std::string, std::string>>; // in file order

Entries readCatalog(const fs::path& file)
{
    return molar::test::catalogEntries(file.string());
}

std::vector<fs::path> messageFolders()
{
    std::vector<fs::path> folders{fs::path(sourceDir) / "templates" / "messages"};
    std::vector<fs::path> plugins;
    for (const auto& entry : fs::directory_iterator(fs::path(sourceDir) / "plugins"))
        if (fs::is_directory(entry.path() / "messages"))
            plugins.push_back(entry.path() / "messages");
    std::sort(plugins.begin(), plugins.end());
    folders.insert(folders.end(), plugins.begin(), plugins.end());
    folders.push_back(fs::path(sourceDir) / "sdk" / "examples" / "hello" / "messages");
    return folders;
}

// The languages views.languages offers and those any folder has a file for.
std::set<std::string> languagesToCheck(const std::vector<fs::path>& folders)
{
    std::set<std::string> languages;
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config(
        new Poco::Util::PropertyFileConfiguration(sourceDir + "/config/molar.properties"));
    Poco::StringTokenizer offered(config->getString("views.languages"), ",",
                                  Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    languages.insert(offered.begin(), offered.end());
    for (const auto& folder : folders)
        for (const auto& entry : fs::directory_iterator(folder))
            if (entry.path().extension() == ".properties")
                languages.insert(entry.path().stem().string());
    return languages;
}

// "{{number}}", "{{#t}}": each Mustache tag, sorted.
std::vector<std::string> mustacheTags(const std::string& text)
{
    static const std::regex tag(R"(\{\{\{?\s*([#/^>&!]?)\s*([^}]*?)\s*\}?\}\})");
    std::vector<std::string> tags;
    for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it)
        tags.push_back((*it)[1].str() + (*it)[2].str());
    std::sort(tags.begin(), tags.end());
    return tags;
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : " ") + item;
    return "[" + out + "]";
}

} // namespace

class CatalogCompletenessTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CatalogCompletenessTest);
    CPPUNIT_TEST(testEveryLanguageHasEveryMessage);
    CPPUNIT_TEST(testEveryOfferedLanguageHasEveryCatalog);
    CPPUNIT_TEST(testIcuMessagesFormatForEveryPluralForm);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryLanguageHasEveryMessage()
    {
        const auto folders = messageFolders();
        std::vector<std::string> problems;
        for (const auto& folder : folders) {
            const std::string where = fs::relative(folder, sourceDir).string();
            Entries reference = readCatalog(folder / "en.properties");
            std::map<std::string, std::string> referenceText(reference.begin(), reference.end());
            if (fs::exists(folder / "fr.properties"))
                for (const auto& [key, text] : readCatalog(folder / "fr.properties"))
                    if (referenceText.emplace(key, text).second)
                        reference.emplace_back(key, text);
            for (const auto& language : languagesToCheck(folders)) {
                if (language == "en" || !fs::exists(folder / (language + ".properties")))
                    continue;
                std::map<std::string, std::string> texts;
                for (const auto& [key, text] : readCatalog(folder / (language + ".properties"))) {
                    if (!texts.emplace(key, text).second)
                        problems.push_back(where + " " + language + ": " + key + " twice");
                    if (referenceText.count(key) == 0)
                        problems.push_back(where + " " + language + ": " + key + " is in no English catalog");
                }
                for (const auto& [key, english] : reference) {
                    auto found = texts.find(key);
                    if (found == texts.end()) {
                        problems.push_back(where + " " + language + " lacks " + key);
                        continue;
                    }
                    if (found->second.empty())
                        problems.push_back(where + " " + language + ": " + key + " is empty");
                    if (mustacheTags(found->second) != mustacheTags(english))
                        problems.push_back(where + " " + language + ": " + key + " has tags " +
                                           join(mustacheTags(found->second)) + ", English " +
                                           join(mustacheTags(english)));
                    // Only ICU messages are parsed as ICU: in Mustache text an apostrophe
                    // before a brace means nothing.
                    if (!molar::host::isIcuMessage(english) && !molar::host::isIcuMessage(found->second))
                        continue;
                    // Only messages the host formats may be ICU: where English is not, the
                    // code fills the values in by hand and would show the pattern.
                    if (!molar::host::isIcuMessage(english)) {
                        problems.push_back(where + " " + language + ": " + key +
                                           " is an ICU message where English is not");
                        continue;
                    }
                    auto names = molar::host::icuArgumentNames(found->second);
                    auto englishNames = molar::host::icuArgumentNames(english);
                    std::sort(names.begin(), names.end());
                    std::sort(englishNames.begin(), englishNames.end());
                    if (names != englishNames)
                        problems.push_back(where + " " + language + ": " + key + " has ICU arguments " +
                                           join(names) + ", English " + join(englishNames));
                }
            }
        }
        report(problems);
    }

    void testEveryOfferedLanguageHasEveryCatalog()
    {
        const auto folders = messageFolders();
        std::vector<std::string> problems;
        for (const auto& language : languagesToCheck(folders))
            for (const auto& folder : folders)
                if (!fs::exists(folder / (language + ".properties")))
                    problems.push_back(fs::relative(folder, sourceDir).string() + " has no " + language +
                                       ".properties");
        report(problems);
    }

    void testIcuMessagesFormatForEveryPluralForm()
    {
        IcuLocales locales("UTC");
        const auto folders = messageFolders();
        std::vector<std::string> problems;
        int formatted = 0;
        for (const auto& folder : folders)
            for (const auto& language : languagesToCheck(folders)) {
                if (!fs::exists(folder / (language + ".properties")))
                    continue;
                for (const auto& [key, text] : readCatalog(folder / (language + ".properties"))) {
                    if (!molar::host::isIcuMessage(text))
                        continue;
                    // 0, 1, 2, few (3), many (11), other (100), and Russian's 21 and 1.5.
                    for (const char* n : {"0", "1", "2", "3", "11", "21", "100", "1.5"}) {
                        molar::sdk::Value arguments = molar::sdk::Value::object();
                        for (const auto& name : molar::host::icuArgumentNames(text))
                            arguments.set(name, n);
                        try {
                            const std::string out = locales.format(text, language, arguments);
                            if (out.find('{') != std::string::npos || out.find('}') != std::string::npos)
                                problems.push_back(language + " " + key + " leaves a brace for " + n + ": " +
                                                   out);
                            ++formatted;
                        } catch (const std::exception& e) {
                            problems.push_back(language + " " + key + " for " + n + ": " + e.what());
                            break;
                        }
                    }
                }
            }
        report(problems);
        CPPUNIT_ASSERT_MESSAGE("no ICU message was formatted", formatted > 0);
    }

private:
    static void report(const std::vector<std::string>& problems)
    {
        std::string text;
        for (std::size_t i = 0; i < problems.size() && i < 60; ++i)
            text += "\n  " + problems[i];
        if (problems.size() > 60)
            text += "\n  ... and " + std::to_string(problems.size() - 60) + " more";
        CPPUNIT_ASSERT_MESSAGE(std::to_string(problems.size()) + " problems:" + text, problems.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CatalogCompletenessTest);

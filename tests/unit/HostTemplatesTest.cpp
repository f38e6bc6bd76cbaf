// The real templates/ folder and catalogs: the home page in every language, catalog
// completeness, and rendering from several threads at once.
#include "app/DataDir.h"
#include "views/ViewEngine.h"

#include "Assertions.h"

#include <Poco/AutoPtr.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

using molar::host::MessageCatalog;
using molar::host::PageContext;
using molar::host::ViewEngine;
using molar::sdk::Value;

namespace {

const std::string TEMPLATES = std::string(molar::host::defaultDataDir()) + "/templates";
const std::string MESSAGES = TEMPLATES + "/messages";

// Read straight from the file, independently of MessageCatalog.
std::string message(const std::string& language, const std::string& key)
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
        new Poco::Util::PropertyFileConfiguration(MESSAGES + "/" + language + ".properties"));
    return file->getRawString(key);
}

std::vector<std::string> keysOf(const std::string& language)
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
        new Poco::Util::PropertyFileConfiguration(MESSAGES + "/" + language + ".properties"));
    std::vector<std::string> out;
    std::vector<std::string> pending{""};
    while (!pending.empty()) {
        std::string prefix = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys children;
        file->keys(prefix, children);
        for (const auto& child : children) {
            std::string key = prefix.empty() ? child : prefix + "." + child;
            if (file->hasProperty(key))
                out.push_back(key);
            pending.push_back(key);
        }
    }
    return out;
}

// Every `{{#t}}key{{/t}}` used by the .mustache files below `dir`.
void collectTemplateKeys(const Poco::Path& dir, std::set<std::string>& keys)
{
    static const std::regex tag(R"(\{\{#t\}\}\s*([A-Za-z0-9_.-]+)\s*\{\{/t\}\})");
    for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it) {
        if (it->isDirectory()) {
            collectTemplateKeys(Poco::Path(it->path()), keys);
            continue;
        }
        if (Poco::Path(it->path()).getExtension() != "mustache")
            continue;
        Poco::FileInputStream in(it->path());
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        for (std::sregex_iterator m(text.begin(), text.end(), tag), end; m != end; ++m)
            keys.insert((*m)[1].str());
    }
}

PageContext page(const std::string& language)
{
    PageContext context;
    context.language = language;
    context.csrfToken = "c0ffee";
    context.path = "/cases";
    context.returnPath = "/cases?x=<1>";
    return context;
}

} // namespace

class HostTemplatesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HostTemplatesTest);
    CPPUNIT_TEST(testHomePageInEnglish);
    CPPUNIT_TEST(testHomePageInArabic);
    CPPUNIT_TEST(testHomePageInFrench);
    CPPUNIT_TEST(testHomePageShowsTheLabsContactEscaped);
    CPPUNIT_TEST(testHomePageWithoutContactHasNoAddress);
    CPPUNIT_TEST(testCatalogsAreComplete);
    CPPUNIT_TEST(testTemplatesUseOnlyKnownKeys);
    CPPUNIT_TEST(testConcurrentRenderingIsIdentical);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _catalog = std::make_unique<MessageCatalog>();
        _catalog->loadDirectory(MESSAGES);
        _views = std::make_unique<ViewEngine>(
            *_catalog,
            std::vector<molar::host::Language>{{"en", "English"}, {"ar", "العربية"}, {"fr", "Français"}},
            "Molar");
        _views->addTemplateDirectory("host", TEMPLATES);
    }

    void tearDown() override
    {
        _views.reset();
        _catalog.reset();
    }

    void testHomePageInEnglish()
    {
        const std::string html = home("en");
        MOLAR_ASSERT_CONTAINS("<html lang=\"en\" dir=\"ltr\"", html);
        MOLAR_ASSERT_CONTAINS("<title>" + message("en", "home.title") + " · Molar</title>", html);
        MOLAR_ASSERT_CONTAINS("<h1>" + message("en", "home.title") + "</h1>", html);
        // A visitor is offered signing in and registering.
        MOLAR_ASSERT_CONTAINS("<a href=\"/sign-in\">" + message("en", "layout.signIn") + "</a>", html);
        MOLAR_ASSERT_CONTAINS("<a href=\"/register\">" + message("en", "home.register") + "</a>", html);
        // The preferences partial: the current language selected, the form's token
        // and the (escaped) return path.
        MOLAR_ASSERT_CONTAINS("<option value=\"en\" lang=\"en\" selected>English</option>", html);
        MOLAR_ASSERT_CONTAINS("<option value=\"ar\" lang=\"ar\">العربية</option>", html);
        MOLAR_ASSERT_CONTAINS("name=\"_csrf\" value=\"c0ffee\"", html);
        MOLAR_ASSERT_CONTAINS("value=\"/cases?x=&lt;1&gt;\"", html);
        MOLAR_ASSERT_NOT_CONTAINS("{{", html);
    }

    void testHomePageInArabic()
    {
        const std::string html = home("ar");
        const std::string title = message("ar", "home.title");
        CPPUNIT_ASSERT(title != message("en", "home.title"));
        MOLAR_ASSERT_CONTAINS("<html lang=\"ar\" dir=\"rtl\"", html);
        MOLAR_ASSERT_CONTAINS("<h1>" + title + "</h1>", html);
        MOLAR_ASSERT_CONTAINS(message("ar", "home.intro"), html);
        MOLAR_ASSERT_CONTAINS(message("ar", "layout.nav.home"), html);
        MOLAR_ASSERT_CONTAINS("<option value=\"ar\" lang=\"ar\" selected>", html);
        MOLAR_ASSERT_NOT_CONTAINS(message("en", "home.title"), html);
    }

    void testHomePageInFrench()
    {
        const std::string html = home("fr");
        MOLAR_ASSERT_CONTAINS("<html lang=\"fr\" dir=\"ltr\"", html);
        MOLAR_ASSERT_CONTAINS("<h1>" + message("fr", "home.title") + "</h1>", html);
        MOLAR_ASSERT_CONTAINS(message("fr", "prefs.theme.dark"), html);
        MOLAR_ASSERT_NOT_CONTAINS(message("en", "home.intro"), html);
    }

    void testHomePageShowsTheLabsContactEscaped()
    {
        Value address = Value::array();
        address.push("Building 12 <b>");
        address.push("Doha");
        Value data = Value::object({{"hasContact", true},
                                    {"contactName", "Pearl & Co Lab"},
                                    {"contactEmail", "lab@example.com"},
                                    {"contactPhone", "+974 4000 1234"},
                                    {"contactTel", "+97440001234"},
                                    {"contactAddress", address},
                                    {"sections", Value::array()}});
        const std::string html = _views->renderPage("host/pages/home", "home.title", data, page("en"));
        MOLAR_ASSERT_CONTAINS("<address class=\"home-contact\">", html);
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">Pearl &amp; Co Lab</strong>", html);
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Building 12 &lt;b&gt;</span><br>", html);
        MOLAR_ASSERT_CONTAINS("<a href=\"tel:+97440001234\" translate=\"no\">+974 4000 1234</a>", html);
        MOLAR_ASSERT_CONTAINS("<a href=\"mailto:lab@example.com\" translate=\"no\">lab@example.com</a>",
                              html);
    }

    void testHomePageWithoutContactHasNoAddress()
    {
        const std::string html = home("en");
        MOLAR_ASSERT_NOT_CONTAINS("<address", html);
        MOLAR_ASSERT_NOT_CONTAINS(message("en", "home.contact"), html);
        // Signed in: no invitation to sign in or register.
        PageContext signedIn = page("en");
        signedIn.signedIn = true;
        const std::string member = _views->renderPage("host/pages/home", "home.title",
                                                      Value::object({{"signedIn", true}}), signedIn);
        MOLAR_ASSERT_NOT_CONTAINS(message("en", "home.register"), member);
    }

    void testCatalogsAreComplete()
    {
        const auto english = keysOf("en");
        CPPUNIT_ASSERT(english.size() >= 10);
        for (const char* language : {"ar", "fr"}) {
            std::string missing;
            for (const auto& key : english)
                if (!_catalog->has(key, language) || _catalog->translate(key, language).empty())
                    missing += " " + key;
            CPPUNIT_ASSERT_MESSAGE(std::string(language) + ".properties lacks:" + missing, missing.empty());
        }
    }

    void testTemplatesUseOnlyKnownKeys()
    {
        std::set<std::string> used;
        collectTemplateKeys(Poco::Path(TEMPLATES), used);
        CPPUNIT_ASSERT(used.count("home.intro") == 1);
        std::string missing;
        for (const auto& key : used)
            if (!_catalog->has(key, "en"))
                missing += " " + key;
        CPPUNIT_ASSERT_MESSAGE("en.properties lacks keys the templates use:" + missing, missing.empty());
    }

    void testConcurrentRenderingIsIdentical()
    {
        const std::vector<std::string> languages{"en", "ar", "fr"};
        std::map<std::string, std::string> expected;
        for (const auto& language : languages)
            expected[language] = home(language);
        std::atomic<int> mismatches{0}, failures{0}, renders{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 60; ++i) {
                    const auto& language = languages[(i + t) % languages.size()];
                    try {
                        if (home(language) != expected[language])
                            ++mismatches;
                    } catch (...) {
                        ++failures;
                    }
                    ++renders;
                }
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(240, renders.load());
        CPPUNIT_ASSERT_EQUAL(0, failures.load());
        CPPUNIT_ASSERT_EQUAL(0, mismatches.load());
    }

private:
    std::string home(const std::string& language)
    {
        return _views->renderPage("host/pages/home", "home.title",
                                  Value::object({{"signedIn", false}, {"sections", Value::array()}}),
                                  page(language));
    }

    std::unique_ptr<MessageCatalog> _catalog;
    std::unique_ptr<ViewEngine> _views;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostTemplatesTest);

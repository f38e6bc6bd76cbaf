// ViewEngine with hand-made templates: escaping, translation, the layout, owners.
#include "views/ViewEngine.h"

#include "Assertions.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sstream>
#include <stdexcept>

using molar::host::MessageCatalog;
using molar::host::PageContext;
using molar::host::ViewEngine;
using molar::sdk::Value;

namespace {

const std::string LAYOUT =
    "<html lang=\"{{lang}}\" dir=\"{{dir}}\"><title>{{title}}</title>{{{content}}}</html>";

PageContext page(const std::string& language)
{
    PageContext context;
    context.language = language;
    return context;
}

// A request as a panel source reads it: its viewer and language.
class ViewerRequest : public molar::sdk::Request
{
public:
    explicit ViewerRequest(std::optional<molar::sdk::Principal> principal) : _principal(std::move(principal))
    {
    }
    const std::string& method() const override { return _text; }
    const std::string& path() const override { return _text; }
    const std::string& route() const override { return _text; }
    const std::string& requestId() const override { return _text; }
    std::string clientAddress() const override { return "127.0.0.1"; }
    std::string param(const std::string&) const override { return {}; }
    std::string query(const std::string&) const override { return {}; }
    std::string header(const std::string&) const override { return {}; }
    std::string cookie(const std::string&) const override { return {}; }
    std::string form(const std::string&) override { return {}; }
    std::istream& body() override { return _body; }
    Value json() override { return {}; }
    const std::string& language() const override { return _language; }
    const std::string& theme() const override { return _text; }
    const std::optional<molar::sdk::Principal>& principal() const override { return _principal; }
    const std::string& csrfToken() const override { return _text; }
    void parts(const std::function<void(const molar::sdk::Part&, std::istream&)>&) override {}

private:
    std::optional<molar::sdk::Principal> _principal;
    std::string _text;
    std::string _language = "en";
    std::istringstream _body;
};

molar::sdk::Principal clinicUser(std::int64_t organizationId)
{
    molar::sdk::Principal principal;
    principal.userId = 5;
    principal.organizationId = organizationId;
    principal.side = "clinic";
    principal.role = "owner";
    return principal;
}

} // namespace

class ViewEngineTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ViewEngineTest);
    CPPUNIT_TEST(testDoubleBracesEscape);
    CPPUNIT_TEST(testTripleBracesDoNotEscape);
    CPPUNIT_TEST(testTranslateUsesLanguageThenEnglishThenKey);
    CPPUNIT_TEST(testTranslationIsEscaped);
    CPPUNIT_TEST(testKeyMayNameAFieldsValue);
    CPPUNIT_TEST(testMessagesAddedLaterReachTemplatesAlreadyRendered);
    CPPUNIT_TEST(testMessagesWithBracesStayForTheLambda);
    CPPUNIT_TEST(testPartialThatIncludesItselfStops);
    CPPUNIT_TEST(testRenderPageWrapsInLayout);
    CPPUNIT_TEST(testRenderPageDirection);
    CPPUNIT_TEST(testUnparsableTemplateIsRefusedNamingFile);
    CPPUNIT_TEST(testTemplateDirectoryNamesByOwnerAndPath);
    CPPUNIT_TEST(testRemoveOwnerRemovesTemplates);
    CPPUNIT_TEST(testEachEngineRendersItsOwnTemplates);
    CPPUNIT_TEST(testEmptyStringIsFalse);
    CPPUNIT_TEST(testMenuLinksForSomeRoles);
    CPPUNIT_TEST(testPanelsOfEveryOwnerInOrder);
    CPPUNIT_TEST(testThrowingPanelSourceIsLeftOut);
    CPPUNIT_TEST(testRemoveOwnerDropsItsPanels);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _catalog = std::make_unique<MessageCatalog>();
        _catalog->add("en", "greet", "Hello");
        _catalog->add("fr", "greet", "Bonjour");
        _catalog->add("en", "only.english", "Only in English");
        _catalog->add("en", "page.title", "Cases & <invoices>");
        _catalog->add("ar", "page.title", "الحالات");
        _views = makeEngine(*_catalog);
        _views->addTemplate("host/layout", LAYOUT);
    }

    void tearDown() override
    {
        _views.reset();
        _catalog.reset();
    }

    void testEmptyStringIsFalse()
    {
        _views->addTemplate(
            "t/empty", "[{{#reason}}because {{reason}}{{/reason}}{{^reason}}none{{/reason}}|{{reason}}]");
        CPPUNIT_ASSERT_EQUAL(std::string("[none|]"),
                             _views->render("t/empty", Value::object({{"reason", ""}}), "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("[because late|late]"),
                             _views->render("t/empty", Value::object({{"reason", "late"}}), "en"));
    }

    void testDoubleBracesEscape()
    {
        _views->addTemplate("t/escape", "<p>{{x}}</p>");
        const std::string out =
            _views->render("t/escape", Value::object({{"x", "<b>\"Tom\" & 'Jerry'</b>"}}), "en");
        CPPUNIT_ASSERT_EQUAL(std::string("<p>&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;</p>"),
                             out);
    }

    void testTripleBracesDoNotEscape()
    {
        _views->addTemplate("t/raw", "<div>{{{x}}}</div>");
        const std::string out =
            _views->render("t/raw", Value::object({{"x", "<b>\"bold\" & 'raw'</b>"}}), "en");
        CPPUNIT_ASSERT_EQUAL(std::string("<div><b>\"bold\" & 'raw'</b></div>"), out);
    }

    void testTranslateUsesLanguageThenEnglishThenKey()
    {
        _views->addTemplate("t/greet",
                            "[{{#t}}greet{{/t}}|{{#t}} only.english {{/t}}|{{#t}}no.such.key{{/t}}]");
        CPPUNIT_ASSERT_EQUAL(std::string("[Bonjour|Only in English|no.such.key]"),
                             _views->render("t/greet", Value::object(), "fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Hello|Only in English|no.such.key]"),
                             _views->render("t/greet", Value::object(), "ar"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Hello|Only in English|no.such.key]"),
                             _views->render("t/greet", Value::object(), "de"));
    }

    void testTranslationIsEscaped()
    {
        _catalog->add("en", "danger", "<script>alert('x')</script> & co");
        _views->addTemplate("t/danger", "{{#t}}danger{{/t}}");
        CPPUNIT_ASSERT_EQUAL(std::string("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
                             _views->render("t/danger", Value::object(), "fr"));
    }

    // {{#t}}country.{{code}}{{/t}}: the key is rendered first. A value that names no message
    // is shown as it is: braces in it are never rendered as a template.
    void testKeyMayNameAFieldsValue()
    {
        _catalog->add("en", "country.QA", "Qatar");
        _catalog->add("fr", "country.QA", "Qatar (fr)");
        _views->addTemplate("t/country", "{{#t}}country.{{code}}{{/t}}|{{secret}}");
        CPPUNIT_ASSERT_EQUAL(
            std::string("Qatar (fr)|s"),
            _views->render("t/country", Value::object({{"code", "QA"}, {"secret", "s"}}), "fr"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("country.{{secret}}|s"),
            _views->render("t/country", Value::object({{"code", "{{secret}}"}, {"secret", "s"}}), "fr"));
    }

    // Templates are worded once per language and thread: a message added afterwards (a
    // plugin started later) must still reach them.
    void testMessagesAddedLaterReachTemplatesAlreadyRendered()
    {
        _views->addTemplate("t/later", "[{{#t}}later.word{{/t}}]");
        CPPUNIT_ASSERT_EQUAL(std::string("[later.word]"), _views->render("t/later", Value::object(), "fr"));
        _catalog->add("fr", "later.word", "plus tard");
        CPPUNIT_ASSERT_EQUAL(std::string("[plus tard]"), _views->render("t/later", Value::object(), "fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("[later.word]"), _views->render("t/later", Value::object(), "en"));
    }

    // A message with fields of the page, or braces of any kind, is rendered when the page
    // is: never written into the template as text, where its braces would be tags.
    void testMessagesWithBracesStayForTheLambda()
    {
        _catalog->add("en", "with.field", "Hello {{name}}");
        _catalog->add("en", "with.brace", "a { b");
        _views->addTemplate("t/braces", "{{#t}}with.field{{/t}}|{{#t}}with.brace{{/t}}{{name}}");
        CPPUNIT_ASSERT_EQUAL(std::string("Hello Zoé|a { bZoé"),
                             _views->render("t/braces", Value::object({{"name", "Zoé"}}), "en"));
    }

    void testPartialThatIncludesItselfStops()
    {
        _views->addTemplate("t/loop", "({{> t/loop}})");
        const std::string out = _views->render("t/loop", Value::object(), "en");
        // Some levels deep, then nothing: balanced, and not for ever.
        const std::size_t depth = out.find(')');
        CPPUNIT_ASSERT(depth >= 5 && depth < 50);
        CPPUNIT_ASSERT_EQUAL(std::string(depth, '(') + std::string(depth, ')'), out);
    }

    // A link for some roles shows to those among the users its access admits, and goes
    // with its owner like any other.
    void testMenuLinksForSomeRoles()
    {
        using molar::sdk::Access;
        _views->addTemplate("host/layout", "{{#menu}}{{href}};{{/menu}}");
        _views->addTemplate("t/page", "");
        _views->addMenuItem("billing", {"k", "/billing/price-list", Access::Clinic, 40}, {"owner"});
        _views->addMenuItem("billing", {"k", "/lab/billing/price-lists", Access::Lab, 40},
                            {"admin", "billing"});
        _views->addMenuItem("cases", {"k", "/cases", Access::Clinic, 10});
        auto menuOf = [&](const std::string& side, const std::string& role) {
            PageContext context = page("en");
            context.signedIn = true;
            context.side = side;
            context.role = role;
            return _views->renderPage("t/page", "page.title", Value::object(), context);
        };
        CPPUNIT_ASSERT_EQUAL(std::string("/cases;/billing/price-list;"), menuOf("clinic", "owner"));
        CPPUNIT_ASSERT_EQUAL(std::string("/cases;"), menuOf("clinic", "dentist"));
        CPPUNIT_ASSERT_EQUAL(std::string("/lab/billing/price-lists;"), menuOf("lab", "billing"));
        CPPUNIT_ASSERT_EQUAL(std::string("/lab/billing/price-lists;"), menuOf("lab", "admin"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), menuOf("lab", "technician"));
        // A lab user whose role a clinic's link names still needs the link's access.
        CPPUNIT_ASSERT_EQUAL(std::string(""), menuOf("lab", "owner"));
        _views->removeOwner("billing");
        CPPUNIT_ASSERT_EQUAL(std::string("/cases;"), menuOf("clinic", "owner"));
    }

    void testRenderPageWrapsInLayout()
    {
        _views->addTemplate("t/page", "<p>{{name}}</p>");
        const std::string out =
            _views->renderPage("t/page", "page.title", Value::object({{"name", "<Ana>"}}), page("en"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<html lang=\"en\" dir=\"ltr\"><title>Cases &amp; &lt;invoices&gt;</title>"
                        "<p>&lt;Ana&gt;</p></html>"),
            out);
    }

    void testRenderPageDirection()
    {
        _views->addTemplate("t/page", "<p>{{#t}}greet{{/t}}</p>");
        const std::string ar = _views->renderPage("t/page", "page.title", Value::object(), page("ar"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<html lang=\"ar\" dir=\"rtl\"><title>الحالات</title><p>Hello</p></html>"), ar);
        const std::string fr = _views->renderPage("t/page", "page.title", Value::object(), page("fr"));
        MOLAR_ASSERT_CONTAINS("<html lang=\"fr\" dir=\"ltr\">", fr);
        MOLAR_ASSERT_CONTAINS("<p>Bonjour</p>", fr);
        MOLAR_ASSERT_CONTAINS("dir=\"ltr\"",
                              _views->renderPage("t/page", "page.title", Value::object(), page("en")));
    }

    void testUnparsableTemplateIsRefusedNamingFile()
    {
        molar::test::TempDir dir;
        molar::test::writeFile(dir.file("good.mustache"), "<p>{{x}}</p>");
        molar::test::writeFile(dir.file("pages/broken.mustache"), "<p>{{#open}}never closed</p>");
        try {
            _views->addTemplateDirectory("plug", dir.path());
            CPPUNIT_FAIL("a template with an unclosed section was accepted");
        } catch (const std::runtime_error& e) {
            MOLAR_ASSERT_CONTAINS("pages/broken.mustache", e.what());
        }
        CPPUNIT_ASSERT(!_views->hasTemplate("plug/pages/broken"));
    }

    void testTemplateDirectoryNamesByOwnerAndPath()
    {
        molar::test::TempDir dir;
        molar::test::writeFile(dir.file("greeting.mustache"), "<p>{{#t}}greet{{/t}}, {{name}}</p>");
        molar::test::writeFile(dir.file("partials/card.mustache"), "[{{> hello/greeting}}]");
        molar::test::writeFile(dir.file("notes.txt"), "not a template");
        _views->addTemplateDirectory("hello", dir.path());
        CPPUNIT_ASSERT(_views->hasTemplate("hello/greeting"));
        CPPUNIT_ASSERT(_views->hasTemplate("hello/partials/card"));
        CPPUNIT_ASSERT(!_views->hasTemplate("hello/notes"));
        // Partials are found by the same names, and see the caller's data.
        CPPUNIT_ASSERT_EQUAL(std::string("[<p>Bonjour, Zoé</p>]"),
                             _views->render("hello/partials/card", Value::object({{"name", "Zoé"}}), "fr"));
    }

    void testRemoveOwnerRemovesTemplates()
    {
        _views->addTemplate("hello/greeting", "<p>hi</p>");
        _views->addTemplate("hello/partials/card", "<div></div>");
        _views->addTemplate("helloworld/page", "<p>other owner</p>");
        // Parsed and cached on this thread before the owner goes away.
        CPPUNIT_ASSERT_EQUAL(std::string("<p>hi</p>"),
                             _views->render("hello/greeting", Value::object(), "en"));
        _views->removeOwner("hello");
        CPPUNIT_ASSERT(!_views->hasTemplate("hello/greeting"));
        CPPUNIT_ASSERT(!_views->hasTemplate("hello/partials/card"));
        CPPUNIT_ASSERT(_views->hasTemplate("helloworld/page"));
        CPPUNIT_ASSERT(_views->hasTemplate("host/layout"));
        CPPUNIT_ASSERT_THROW(_views->render("hello/greeting", Value::object(), "en"), std::runtime_error);
    }

    void testEachEngineRendersItsOwnTemplates()
    {
        // Engines made one after another (a portal restarted in one process) may
        // reuse an address; neither may see the other's parsed templates.
        for (int i = 0; i < 4; ++i) {
            auto engine = makeEngine(*_catalog);
            engine->addTemplate("t/which", "engine " + std::to_string(i));
            CPPUNIT_ASSERT_EQUAL("engine " + std::to_string(i),
                                 engine->render("t/which", Value::object(), "en"));
        }
    }

    void testPanelsOfEveryOwnerInOrder()
    {
        using molar::sdk::Panel;
        _views->addPanel("credits", "clinic.dashboard", [](molar::sdk::Request& request) {
            // Only the organization it knows of has a balance.
            if (!request.principal() || request.principal()->organizationId != 7)
                return std::vector<Panel>{};
            return std::vector<Panel>{{"Credits", "Credit balance: QAR 12.00", "Credits", "/credits", 50}};
        });
        _views->addPanel("news", "clinic.dashboard", [](molar::sdk::Request&) {
            return std::vector<Panel>{{"News", "", "Read", "/news", 10}, {"Later", "", "More", "/more", 100}};
        });
        _views->addPanel("news", "lab.board", [](molar::sdk::Request&) {
            return std::vector<Panel>{{"Elsewhere", "", "x", "/x", 1}};
        });
        ViewerRequest seven(clinicUser(7));
        const auto panels = _views->panels("clinic.dashboard", seven);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), panels.size());
        CPPUNIT_ASSERT_EQUAL(std::string("News"), panels[0].heading);
        CPPUNIT_ASSERT_EQUAL(std::string("Credits"), panels[1].heading);
        CPPUNIT_ASSERT_EQUAL(std::string("/credits"), panels[1].linkPath);
        CPPUNIT_ASSERT_EQUAL(std::string("Later"), panels[2].heading);
        ViewerRequest eight(clinicUser(8));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _views->panels("clinic.dashboard", eight).size());
        ViewerRequest nobody(std::nullopt);
        CPPUNIT_ASSERT(_views->panels("no.such.place", nobody).empty());
    }

    void testThrowingPanelSourceIsLeftOut()
    {
        using molar::sdk::Panel;
        _views->addPanel("broken", "clinic.dashboard", [](molar::sdk::Request&) -> std::vector<Panel> {
            throw std::runtime_error("no database");
        });
        _views->addPanel("credits", "clinic.dashboard", [](molar::sdk::Request&) {
            return std::vector<Panel>{{"Credits", "", "Credits", "/credits", 100}};
        });
        ViewerRequest viewer(clinicUser(7));
        const auto panels = _views->panels("clinic.dashboard", viewer);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), panels.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Credits"), panels[0].heading);
    }

    void testRemoveOwnerDropsItsPanels()
    {
        using molar::sdk::Panel;
        _views->addPanel("credits", "clinic.dashboard", [](molar::sdk::Request&) {
            return std::vector<Panel>{{"Credits", "", "Credits", "/credits", 100}};
        });
        _views->addPanel("creditsplus", "clinic.dashboard", [](molar::sdk::Request&) {
            return std::vector<Panel>{{"Other", "", "Other", "/other", 100}};
        });
        _views->removeOwner("credits");
        ViewerRequest viewer(clinicUser(7));
        const auto panels = _views->panels("clinic.dashboard", viewer);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), panels.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Other"), panels[0].heading);
    }

private:
    static std::unique_ptr<ViewEngine> makeEngine(MessageCatalog& catalog)
    {
        return std::make_unique<ViewEngine>(
            catalog,
            std::vector<molar::host::Language>{{"en", "English"}, {"ar", "العربية"}, {"fr", "Français"}},
            "Molar");
    }

    std::unique_ptr<MessageCatalog> _catalog;
    std::unique_ptr<ViewEngine> _views;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ViewEngineTest);

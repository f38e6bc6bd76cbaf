// ViewEngine rendering with fuzzed user strings as values: a template of fields, a
// list, a translated message with the string as its argument (message.greeting) and
// a translation key built from it; then the host's real layout and error page around
// them. Escaped output never holds a user string's <, >, " or ' raw (a page has the
// layout's own and no more), every & starts an entity, and what the user wrote is all
// there once the entities are read back.
#include "FuzzCheck.h"

#include "app/DataDir.h"
#include "views/MessageCatalog.h"
#include "views/ViewEngine.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using molar::sdk::Value;
using namespace molar::host;

namespace {

const char* const LANGUAGES[] = {"en", "ar", "fr"};

// Markup-free, so any <, >, " or ' in the output came from a value.
const char* const VALUES_TEMPLATE = "[{{name}}|{{#t}}message.greeting{{/t}}|{{#t}}country.{{code}}{{/t}}|"
                                    "{{#items}}{{.}};{{/items}}|{{#t}} {{note}} {{/t}}]";

std::unique_ptr<MessageCatalog> catalog;
std::unique_ptr<ViewEngine> views;

std::vector<std::string> splitAtZero(const std::string& text, std::size_t most)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (parts.size() + 1 < most) {
        const auto zero = text.find('\0', start);
        if (zero == std::string::npos)
            break;
        parts.push_back(text.substr(start, zero - start));
        start = zero + 1;
    }
    parts.push_back(text.substr(start));
    parts.resize(most);
    return parts;
}

const char* const ENTITIES[][2] = {{"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
                                   {"&quot;", "\""}, {"&apos;", "'"}, {"&#39;", "'"}};

// The text with the entities the escapers write read back; false for a bare '&'.
bool unescape(const std::string& html, std::string& text)
{
    text.clear();
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '&') {
            text += html[i++];
            continue;
        }
        bool known = false;
        for (const auto& entity : ENTITIES)
            if (html.compare(i, std::char_traits<char>::length(entity[0]), entity[0]) == 0) {
                text += entity[1];
                i += std::char_traits<char>::length(entity[0]);
                known = true;
                break;
            }
        if (!known)
            return false;
    }
    return true;
}

bool hasMarkup(const std::string& text)
{
    return text.find_first_of("<>\"'") != std::string::npos;
}

// The text with <, >, " and ' as '_': the same length and truth, no markup.
std::string withoutMarkup(std::string text)
{
    for (auto& c : text)
        if (std::string("<>\"'").find(c) != std::string::npos)
            c = '_';
    return text;
}

std::string errorPage(const std::vector<std::string>& strings, const std::string& language)
{
    PageContext page;
    page.language = language;
    page.signedIn = true;
    page.side = "clinic";
    page.role = "owner";
    page.userName = strings[0];
    page.path = "/" + strings[1];
    page.requestId = strings[2];
    page.csrfToken = strings[3];
    return views->renderPage("host/pages/error", "error.title.4xx", Value::object({{"message", strings[4]}}),
                             page);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const std::string templates = std::string(molar::host::defaultDataDir()) + "/templates";
    catalog = std::make_unique<MessageCatalog>();
    catalog->loadDirectory(templates + "/messages");
    catalog->add("en", "country.QA", "Qatar");
    catalog->add("ar", "country.QA", "قطر");
    views = std::make_unique<ViewEngine>(
        *catalog, std::vector<Language>{{"en", "English"}, {"ar", "العربية"}, {"fr", "Français"}},
        "Molar Dental Lab");
    views->addTemplateDirectory("host", templates);
    views->addTemplate("fuzz/values", VALUES_TEMPLATE);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::string language = LANGUAGES[data[0] % 3];
    const auto strings = splitAtZero(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), 5);
    const std::string& name = strings[0];
    const std::string& code = strings[1];
    const std::string& note = strings[4];

    Value values = Value::object({{"name", name}, {"recipientName", name}, {"code", code}, {"note", note}});
    Value items = Value::array();
    items.push(strings[2]);
    items.push(strings[3]);
    values.set("items", items);
    const std::string out = views->render("fuzz/values", values, language);
    MOLAR_FUZZ_CHECK(!hasMarkup(out), "no <, >, \" or ' of a value is left raw");
    std::string text;
    MOLAR_FUZZ_CHECK(unescape(out, text), "every & in the output starts an entity");
    for (const std::string* shown : {&name, &strings[2], &strings[3]})
        MOLAR_FUZZ_CHECK(text.find(*shown) != std::string::npos, "the value is shown, escaped");

    // The layout has markup of its own: the page holds as much of it whatever the values hold.
    std::vector<std::string> plain;
    for (const auto& value : strings)
        plain.push_back(withoutMarkup(value));
    const std::string html = errorPage(strings, language);
    const std::string reference = errorPage(plain, language);
    for (char c : std::string("<>\"'"))
        MOLAR_FUZZ_CHECK(std::count(html.begin(), html.end(), c) ==
                             std::count(reference.begin(), reference.end(), c),
                         "a page never shows a value's markup raw");
    return 0;
}

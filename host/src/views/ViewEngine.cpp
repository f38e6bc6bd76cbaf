#include "views/ViewEngine.h"

#include "http/Exchange.h"
#include "locale/IcuLocales.h"
#include "views/TemplateText.h"

#include <algorithm>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <ctime>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace molar::host {

namespace km = kainjow::mustache;

namespace {

void collectTemplates(const Poco::Path& root, const Poco::Path& dir,
                      std::vector<std::pair<std::string, std::string>>& out)
{
    for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it) {
        if (it->isDirectory()) {
            collectTemplates(root, Poco::Path(it->path()), out);
            continue;
        }
        Poco::Path path(it->path());
        if (path.getExtension() != "mustache")
            continue;
        std::string relative = path.toString().substr(root.toString().size());
        relative = relative.substr(0, relative.size() - std::string(".mustache").size());
        if (!relative.empty() && relative.front() == '/')
            relative.erase(0, 1);
        out.emplace_back(relative, path.toString());
    }
}

// Generations are unique across all engines, not per engine: the per-thread
// caches are keyed by the engine's address, which a later engine may reuse.
std::uint64_t nextGeneration()
{
    static std::atomic<std::uint64_t> counter{1};
    return counter++;
}

std::string readFile(const std::string& path)
{
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

} // namespace

PageContext pageContextFor(const sdk::Request& request)
{
    PageContext page;
    page.language = request.language();
    page.theme = request.theme();
    page.csrfToken = request.csrfToken();
    page.path = request.path();
    page.returnPath = page.path;
    if (const auto* http = dynamic_cast<const HttpRequest*>(&request)) {
        const std::string& target = http->target();
        page.returnPath = target.substr(0, target.find('#'));
    }
    page.requestId = request.requestId();
    if (request.principal()) {
        page.signedIn = true;
        page.labAdmin = request.principal()->side == "lab" && request.principal()->role == "admin";
        page.orgOwner = request.principal()->side == "clinic" && request.principal()->role == "owner";
        page.side = request.principal()->side;
        page.role = request.principal()->role;
        page.userName = request.principal()->displayName;
    }
    return page;
}

std::string htmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

ViewEngine::ViewEngine(MessageCatalog& catalog, std::vector<Language> languages, std::string siteName)
    : _catalog(catalog), _languages(std::move(languages)), _siteName(std::move(siteName))
{
    _generation = nextGeneration();
}

void ViewEngine::addTemplateDirectory(const std::string& owner, const std::string& dir)
{
    Poco::File folder(dir);
    if (!folder.exists() || !folder.isDirectory())
        return;
    Poco::Path root(Poco::Path(dir).absolute());
    root.makeDirectory();
    std::vector<std::pair<std::string, std::string>> files;
    collectTemplates(Poco::Path(root.toString()), root, files);
    for (const auto& [relative, path] : files) {
        std::string text = readFile(path);
        km::mustache check(text);
        if (!check.is_valid())
            throw std::runtime_error("template " + path + " does not parse: " + check.error_message());
        addTemplate(owner + "/" + relative, text);
    }
}

void ViewEngine::addTemplate(const std::string& name, const std::string& text)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _templates[name] = text;
    _generation = nextGeneration();
}

void ViewEngine::removeOwner(const std::string& owner)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    const std::string prefix = owner + "/";
    for (auto it = _templates.begin(); it != _templates.end();)
        it = it->first.rfind(prefix, 0) == 0 ? _templates.erase(it) : std::next(it);
    _menu.erase(
        std::remove_if(_menu.begin(), _menu.end(), [&](const auto& entry) { return entry.owner == owner; }),
        _menu.end());
    _panels.erase(std::remove_if(_panels.begin(), _panels.end(),
                                 [&](const auto& entry) { return entry.owner == owner; }),
                  _panels.end());
    _generation = nextGeneration();
}

void ViewEngine::addMenuItem(const std::string& owner, const sdk::MenuItem& item,
                             const std::vector<std::string>& roles)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    auto at = std::upper_bound(_menu.begin(), _menu.end(), item.order,
                               [](int order, const auto& entry) { return order < entry.item.order; });
    _menu.insert(at, {owner, item, roles});
}

void ViewEngine::addPanel(const std::string& owner, const std::string& place, sdk::PanelSource source)
{
    if (!source)
        return;
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _panels.push_back({owner, place, std::move(source)});
}

std::vector<sdk::Panel> ViewEngine::panels(const std::string& place, sdk::Request& request) const
{
    // Copies of the sources, called without the lock: a source may take its time on the
    // database, and its plugin cannot stop while this request is in flight.
    std::vector<std::pair<std::string, sdk::PanelSource>> sources;
    {
        std::shared_lock<std::shared_mutex> lock(_mutex);
        for (const auto& entry : _panels)
            if (entry.place == place)
                sources.emplace_back(entry.owner, entry.source);
    }
    std::vector<sdk::Panel> out;
    for (const auto& [owner, source] : sources) {
        try {
            for (auto& panel : source(request))
                out.push_back(std::move(panel));
        } catch (const std::exception& e) {
            Poco::Logger::get("views").error("panel of %s for %s failed: %s", owner, place,
                                             std::string(e.what()));
        } catch (...) {
            Poco::Logger::get("views").error("panel of %s for %s failed", owner, place);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
    return out;
}

namespace {

bool mayOpen(sdk::Access access, const PageContext& page)
{
    switch (access) {
    case sdk::Access::Public:
        return true;
    case sdk::Access::SignedIn:
        return page.signedIn;
    case sdk::Access::Clinic:
        return page.side == "clinic";
    case sdk::Access::Lab:
        return page.side == "lab";
    case sdk::Access::LabAdmin:
        return page.side == "lab" && page.role == "admin";
    }
    return false;
}

bool mayOpen(sdk::Access access, const std::vector<std::string>& roles, const PageContext& page)
{
    return mayOpen(access, page) &&
           (roles.empty() || std::find(roles.begin(), roles.end(), page.role) != roles.end());
}

} // namespace

bool ViewEngine::hasTemplate(const std::string& name) const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    return _templates.count(name) > 0;
}

bool ViewEngine::supports(const std::string& language) const
{
    for (const auto& l : _languages)
        if (l.code == language)
            return true;
    return false;
}

namespace {

// What one thread keeps of the templates: kainjow's render is not const, so each
// thread renders its own parsed copies, one per template and language (see
// prepareTemplate); a change to the template set (a plugin stopping) or to the
// catalogs invalidates them.
struct ThreadTemplates
{
    std::uint64_t generation = 0;
    std::uint64_t catalogGeneration = 0;
    std::unordered_map<std::string, std::unique_ptr<km::mustache>> templates; // "<language> <name>"
};

ThreadTemplates& threadTemplates(const void* engine, std::uint64_t generation,
                                 std::uint64_t catalogGeneration)
{
    thread_local std::unordered_map<const void*, ThreadTemplates> caches;
    ThreadTemplates& cache = caches[engine];
    if (cache.generation != generation || cache.catalogGeneration != catalogGeneration) {
        cache.templates.clear();
        cache.generation = generation;
        cache.catalogGeneration = catalogGeneration;
    }
    return cache;
}

} // namespace

km::mustache& ViewEngine::parsed(const std::string& name, const std::string& language)
{
    ThreadTemplates& cache = threadTemplates(this, _generation.load(), _catalog.generation());
    const std::string key = language + ' ' + name;
    auto found = cache.templates.find(key);
    if (found != cache.templates.end())
        return *found->second;
    std::string text;
    {
        std::shared_lock<std::shared_mutex> lock(_mutex);
        auto t = _templates.find(name);
        if (t == _templates.end())
            throw std::runtime_error("no template named " + name);
        text = prepareTemplate(
            t->second,
            [this](const std::string& partial) -> std::optional<std::string> {
                auto p = _templates.find(partial);
                return p == _templates.end() ? std::nullopt : std::optional<std::string>(p->second);
            },
            [this, &language](const std::string& key) -> std::optional<std::string> {
                std::string message = _catalog.translate(key, language);
                // Braces belong to ICU arguments and Mustache tags: the lambda renders those.
                if (message.find_first_of("{}") != std::string::npos)
                    return std::nullopt;
                return message;
            });
    }
    auto made = std::make_unique<km::mustache>(text);
    if (!made->is_valid())
        throw std::runtime_error("template " + name + " (" + language +
                                 ") does not parse: " + made->error_message());
    return *cache.templates.emplace(key, std::move(made)).first->second;
}

namespace {

// A value as kainjow data, containers empty: fill() puts their members in place.
// The items of a list this file built, to add to in place: kainjow's push_back()
// copies what it is given, and a page's lists are rebuilt on every request.
km::list& listItems(km::data& list)
{
    return const_cast<km::list&>(list.list_value());
}

km::data shallowData(const sdk::Value& value)
{
    using Type = sdk::Value::Type;
    switch (value.type()) {
    case Type::Null:
        return km::data(false);
    case Type::Bool:
        return km::data(value.asBool());
    case Type::Int:
    case Type::Double:
        return km::data(value.toString());
    case Type::String:
        // An empty string is false, as in other Mustache implementations: {{#reason}}
        // shows nothing without a reason, and {{reason}} renders nothing either way.
        return value.asString().empty() ? km::data(false) : km::data(value.asString());
    case Type::Array:
        return km::data(km::data::type::list);
    case Type::Object:
        return km::data(km::data::type::object);
    }
    return km::data(false);
}

// kainjow's set() and push_back() copy what they are given, so a tree built bottom-up
// is copied once per level of depth. Members go in empty and are filled where they
// sit instead: every value is copied once. The containers are this function's own,
// so writing through list_value() is sound.
void fill(km::data& target, const sdk::Value& value)
{
    if (value.isArray()) {
        km::list& items = listItems(target);
        items.reserve(value.size());
        for (const auto& item : value.asArray()) {
            items.push_back(shallowData(item));
            fill(items.back(), item);
        }
    } else if (value.isObject()) {
        for (const auto& [name, member] : value.asObject()) {
            km::data& slot = target[name];
            slot = shallowData(member);
            fill(slot, member);
        }
    }
}

} // namespace

km::data ViewEngine::toData(const sdk::Value& value) const
{
    km::data data = shallowData(value);
    fill(data, value);
    return data;
}

void ViewEngine::addCommon(km::data& data, const std::string& language)
{
    // The key may name a code ({{#t}}country.{{code}}{{/t}}), so it is rendered first; the
    // text may use the page's fields, as any template does.
    data.set("t", km::lambda2{[this, language](const std::string& key, const km::renderer& render) {
                 const auto expand = [&render](const std::string& text) {
                     return text.find("{{") == std::string::npos ? text : render(text);
                 };
                 const std::string name = Poco::trim(expand(key));
                 const std::string text = _catalog.translate(name, language);
                 if (isIcuMessage(text)) {
                     // Each argument is the template's field of that name, unescaped: ICU
                     // formats the values and the whole message is escaped once.
                     sdk::Value arguments = sdk::Value::object();
                     for (const auto& argument : icuArgumentNames(text))
                         arguments.set(argument, render("{{{" + argument + "}}}"));
                     return htmlEscape(languageData().format(text, language, arguments));
                 }
                 // Only catalog text is a template: a key with a field's value in it that
                 // names no message is shown as it is, never rendered.
                 return text == name ? htmlEscape(text) : expand(htmlEscape(text));
             }});
}

std::string ViewEngine::renderData(const std::string& name, const std::string& language, km::data& data)
{
    auto& tmpl = parsed(name, language);
    std::string out = tmpl.render(data);
    if (!tmpl.error_message().empty())
        throw std::runtime_error("template " + name + ": " + tmpl.error_message());
    return out;
}

std::string ViewEngine::render(const std::string& name, const sdk::Value& data, const std::string& language)
{
    km::data d = data.isObject() ? toData(data) : km::data(km::data::type::object);
    addCommon(d, language);
    d.set("lang", language);
    return renderData(name, language, d);
}

std::string ViewEngine::renderPage(const std::string& name, const std::string& titleKey,
                                   const sdk::Value& data, const PageContext& page)
{
    // Page templates see the request's CSRF token and path too, for their own forms.
    km::data pageData = data.isObject() ? toData(data) : km::data(km::data::type::object);
    if (!data.has("csrf"))
        pageData.set("csrf", page.csrfToken);
    if (!data.has("path"))
        pageData.set("path", page.path);
    addCommon(pageData, page.language);
    pageData.set("lang", page.language);
    km::data layout(km::data::type::object);
    // Each value is made where it sits in the layout (operator[] and listItems), not
    // built beside it and copied in: set() and push_back() copy, and the page's
    // content, menu and language list are the largest values a page has.
    layout["content"] = km::data(renderData(name, page.language, pageData));
    addCommon(layout, page.language);
    layout.set("lang", page.language);
    layout.set("dir", isRightToLeft(page.language) ? "rtl" : "ltr");
    layout.set("theme", page.theme);
    layout.set("title", _catalog.translate(titleKey, page.language));
    layout.set("siteName", _siteName);
    layout.set("csrf", page.csrfToken);
    layout.set("path", page.path);
    layout.set("returnPath", page.returnPath);
    layout.set("requestId", page.requestId);
    layout.set("signedIn", page.signedIn);
    layout.set("labAdmin", page.labAdmin);
    layout.set("orgOwner", page.orgOwner);
    layout.set("userName", page.userName);
    km::data& menu = layout["menu"];
    menu = km::data(km::data::type::list);
    {
        std::shared_lock<std::shared_mutex> lock(_mutex);
        // The link for this page is the one with the longest path that covers it.
        auto covers = [&](const std::string& path) {
            return page.path == path || (path != "/" && page.path.rfind(path + "/", 0) == 0);
        };
        std::string current;
        for (const auto& [owner, item, roles] : _menu)
            if (mayOpen(item.access, roles, page) && covers(item.path) && item.path.size() > current.size())
                current = item.path;
        km::list& links = listItems(menu);
        for (const auto& [owner, item, roles] : _menu) {
            if (!mayOpen(item.access, roles, page))
                continue;
            km::data& link = links.emplace_back(km::data::type::object);
            link["label"] = km::data(_catalog.translate(item.labelKey, page.language));
            link["href"] = km::data(item.path);
            link["current"] = km::data(item.path == current);
        }
    }
    km::data& languages = layout["languages"];
    languages = km::data(km::data::type::list);
    km::list& choices = listItems(languages);
    choices.reserve(_languages.size());
    for (const auto& l : _languages) {
        km::data& choice = choices.emplace_back(km::data::type::object);
        choice["code"] = km::data(l.code);
        choice["name"] = km::data(l.name);
        choice["selected"] = km::data(l.code == page.language);
    }
    for (const char* theme : {"light", "dark", "system"})
        layout.set(std::string("theme_") + theme, page.theme == theme);
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    layout.set("year", std::to_string(1900 + utc.tm_year));
    return renderData("host/layout", page.language, layout);
}

std::string ViewEngine::translate(const std::string& key, const std::string& language) const
{
    return _catalog.translate(key, language);
}

} // namespace molar::host

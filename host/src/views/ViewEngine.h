#pragma once

#include "views/MessageCatalog.h"

#include "molar/sdk/Http.h"
#include "molar/sdk/Value.h"
#include "molar/sdk/Views.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace molar::host {

// What the layout needs to know about the request a page answers.
struct PageContext
{
    std::string language = "en";
    std::string theme = "system";
    std::string csrfToken;
    std::string path = "/";
    // Where the preference forms send the browser back: the path with its query, so a
    // page opened with one (a filtered list, a warranty's verify link) stays as it was.
    std::string returnPath = "/";
    std::string requestId;
    bool signedIn = false;
    bool labAdmin = false;
    bool orgOwner = false; // the owner of a clinic organization
    std::string side;      // "clinic" or "lab" when signed in
    std::string role;
    std::string userName;
};

// The layout's view of a request: language, theme, CSRF token, caller.
PageContext pageContextFor(const sdk::Request& request);

struct Language
{
    std::string code;
    std::string name; // in its own script: "English", "العربية"
};

// Mustache templates (kainjow), parsed and checked at start-up; HTML-escaped by
// default; `{{#t}}key{{/t}}` translates through the message catalog. Templates are
// named "<owner>/<path without .mustache>"; the host's live in templates/ (owner
// "host"). Partials are referenced by the same names ({{> host/partials/footer}}).
// Rendering is thread-safe: each thread keeps its own parsed copies.
class ViewEngine
{
public:
    ViewEngine(MessageCatalog& catalog, std::vector<Language> languages, std::string siteName);

    // Adds every *.mustache below `dir` for `owner`; throws std::runtime_error
    // naming the file for a template that does not parse.
    void addTemplateDirectory(const std::string& owner, const std::string& dir);
    void addTemplate(const std::string& name, const std::string& text);
    // Removes the owner's templates, menu items and panel sources.
    void removeOwner(const std::string& owner);
    // A plugin's link in the main navigation; with `roles`, only for users of one of them.
    void addMenuItem(const std::string& owner, const sdk::MenuItem& item,
                     const std::vector<std::string>& roles = {});
    // A plugin's panels for the page showing `place` (Views::addPanel).
    void addPanel(const std::string& owner, const std::string& place, sdk::PanelSource source);
    // Every owner's panels for `place` and the viewer of `request`, smallest order first
    // (equal orders in the order their sources were added); a source that throws is
    // logged and left out. Sources are called without the engine's lock held.
    std::vector<sdk::Panel> panels(const std::string& place, sdk::Request& request) const;
    bool hasTemplate(const std::string& name) const;

    std::string render(const std::string& name, const sdk::Value& data, const std::string& language);
    // `name` rendered inside host/layout, with the title from `titleKey`.
    std::string renderPage(const std::string& name, const std::string& titleKey, const sdk::Value& data,
                           const PageContext& page);
    std::string translate(const std::string& key, const std::string& language) const;

    const std::vector<Language>& languages() const { return _languages; }
    bool supports(const std::string& language) const;
    MessageCatalog& catalog() { return _catalog; }

private:
    // `name` with its partials and plain messages in `language` (prepareTemplate), parsed
    // once per thread.
    kainjow::mustache::mustache& parsed(const std::string& name, const std::string& language);
    kainjow::mustache::data toData(const sdk::Value& value) const;
    void addCommon(kainjow::mustache::data& data, const std::string& language);
    std::string renderData(const std::string& name, const std::string& language,
                           kainjow::mustache::data& data);

    MessageCatalog& _catalog;
    std::vector<Language> _languages;
    std::string _siteName;
    mutable std::shared_mutex _mutex;
    std::map<std::string, std::string> _templates; // name -> text
    struct MenuEntry
    {
        std::string owner;
        sdk::MenuItem item;
        std::vector<std::string> roles; // empty: every role the item's access admits
    };
    std::vector<MenuEntry> _menu; // in order
    struct PanelEntry
    {
        std::string owner;
        std::string place;
        sdk::PanelSource source;
    };
    std::vector<PanelEntry> _panels; // in the order they were added
    std::atomic<std::uint64_t> _generation{1};
};

std::string htmlEscape(const std::string& text);

} // namespace molar::host

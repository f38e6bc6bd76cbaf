#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Http.h"
#include "molar/sdk/Value.h"

#include <functional>
#include <string>
#include <vector>

namespace molar::sdk {

// A link in the site's main navigation, shown only to those who may open it.
struct MenuItem
{
    std::string labelKey; // catalog key of the link's text
    std::string path;     // "/cases"; marked current on that path and below it
    Access access = Access::SignedIn;
    int order = 100; // smaller first; the host's own links come before plugins'
};

// Since SDK 1.8. A box of a page that other plugins fill: a heading, a line of text
// and a link, every string already in the viewer's language (not catalog keys).
struct Panel
{
    std::string heading;
    std::string text;
    std::string linkText; // the link's visible text
    std::string linkPath; // "/credits"
    int order = 100;      // smaller first
};

// Since SDK 1.8. Answers the panels one plugin shows to the viewer of `request` (read
// request.principal() and request.language()); none for a viewer it has nothing for.
// Called on the request's thread while the page is built; it may read the database
// and call Views::translate, and must not add panels.
using PanelSource = std::function<std::vector<Panel>(Request& request)>;

// Mustache views. A plugin's templates live in its `templates/` folder and are
// named "<plugin>/<file without .mustache>"; its message catalogs live in
// `messages/<language>.properties`. `{{ }}` escapes HTML; `{{#t}}key{{/t}}`
// translates a catalog key into the request's language. Pages are wrapped in the
// shared layout (landmarks, language picker, theme toggle, right-to-left for Arabic).
// Templates are parsed once, at start-up.
//
// Ownership: host owns; valid until Plugin::stop() returns. Thread-safe.
class MOLAR_SDK_API Views
{
public:
    virtual ~Views();
    Views() = default;
    Views(const Views&) = delete; // interfaces are never copied or moved
    Views& operator=(const Views&) = delete;
    // Renders `templateName` with `data` inside the layout and sends it as HTML.
    // `title` is a catalog key for the page's <title> and main heading.
    virtual void page(Request& request, Response& response, const std::string& templateName,
                      const std::string& titleKey, const Value& data) = 0;
    // Renders a template alone (a fragment or an email body).
    virtual std::string render(const std::string& templateName, const Value& data,
                               const std::string& language) = 0;
    // A catalog message in `language`, falling back to English, then to the key.
    virtual std::string translate(const std::string& key, const std::string& language) = 0;

    // Since SDK 1.1. Adds a link to the main navigation; call from start(). The host
    // removes the plugin's links when it stops.
    virtual void addMenuItem(const MenuItem& item) = 0;

    // Since SDK 1.6. As addMenuItem, shown only to the users `item.access` admits whose
    // role is one of `roles`: {"owner"} for a clinic organization's owners, {"admin",
    // "billing"} for the lab's administrators and billing clerks. The SDK's library adds
    // the link for everyone `access` admits; hosts implement the roles.
    virtual void addMenuItemFor(const MenuItem& item, const std::vector<std::string>& roles);

    // Since SDK 1.8. Offers panels for the page that shows the place `place`
    // ("clinic.dashboard": the clinic's dashboard of the cases plugin); call from start().
    // The host drops the plugin's sources when it stops. The SDK's library ignores them.
    // Ownership: the host keeps `source` until the plugin stops.
    virtual void addPanel(const std::string& place, PanelSource source);
    // Since SDK 1.8. Every plugin's panels for `place` and this viewer, smallest order
    // first; a source that throws is logged and left out. Call while answering `request`.
    // The SDK's library answers none.
    virtual std::vector<Panel> panels(const std::string& place, Request& request);
};

} // namespace molar::sdk

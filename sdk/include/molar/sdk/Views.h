#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Http.h"
#include "molar/sdk/Value.h"

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
};

} // namespace molar::sdk

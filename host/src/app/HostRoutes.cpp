#include "app/HostRoutes.h"

#include "http/Exchange.h"
#include "http/ReturnPath.h"
#include "plugins/PluginManager.h"

#include "molar/sdk/Errors.h"

#include <algorithm>
#include <cctype>

namespace molar::host {

namespace {

const int ONE_YEAR = 365 * 24 * 3600;

Route hostRoute(const std::string& method, const std::string& path, sdk::Handler handler)
{
    return formRoute("host", method, path, sdk::Access::Public, std::move(handler));
}

} // namespace

HostRoutes::HostRoutes(ViewEngine& views, MetricsRegistry& metrics, const PluginManager& plugins,
                       Readiness readiness)
    : _views(views), _metrics(metrics), _plugins(plugins), _readiness(std::move(readiness))
{
}

bool HostRoutes::started(const std::string& plugin) const
{
    for (const auto& info : _plugins.started())
        if (info.name == plugin)
            return true;
    return false;
}

std::optional<PortalSettings::Section> HostRoutes::missingHomeSection() const
{
    for (const auto& section : _portal.homeSections)
        if (started(section.plugin) && !_views.hasTemplate(section.name))
            return section;
    return std::nullopt;
}

void HostRoutes::home(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = request.principal();
    if (principal) {
        const auto landing = _portal.landing.find(principal->side);
        if (landing != _portal.landing.end())
            return response.redirect(safeReturnPath(landing->second), 303);
    }
    const PageContext page = pageContextFor(request);
    // A section of a plugin that is not running (its key left in a site's file) is left out.
    sdk::Value sections = sdk::Value::array();
    const sdk::Value sectionData = sdk::Value::object({{"csrf", page.csrfToken}, {"path", page.path}});
    for (const auto& section : _portal.homeSections)
        if (started(section.plugin) && _views.hasTemplate(section.name))
            sections.push(
                sdk::Value::object({{"html", _views.render(section.name, sectionData, page.language)}}));
    sdk::Value address = sdk::Value::array();
    for (const auto& line : _portal.contactAddress)
        address.push(line);
    // tel: links take digits and a leading +, without the spaces people write.
    std::string tel;
    for (char c : _portal.contactPhone)
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '+' && tel.empty()))
            tel += c;
    const bool hasContact = !_portal.contactName.empty() || !_portal.contactEmail.empty() ||
                            !_portal.contactPhone.empty() || !_portal.contactAddress.empty();
    sdk::Value data = sdk::Value::object({{"signedIn", page.signedIn},
                                          {"sections", sections},
                                          {"hasContact", hasContact},
                                          {"contactName", _portal.contactName},
                                          {"contactEmail", _portal.contactEmail},
                                          {"contactPhone", _portal.contactPhone},
                                          {"contactTel", tel},
                                          {"contactAddress", address}});
    response.send("text/html; charset=utf-8", _views.renderPage("host/pages/home", "home.title", data, page));
}

void HostRoutes::registerAll(Router& router)
{
    router.add(hostRoute(
        "GET", "/", [this](sdk::Request& request, sdk::Response& response) { home(request, response); }));

    // POST /prefs/language belongs to the accounts (ProfileRoutes): a signed-in choice is
    // kept in the profile too.
    router.add(hostRoute("POST", "/prefs/theme", [](sdk::Request& request, sdk::Response& response) {
        const std::string theme = request.form("theme");
        if (theme != "light" && theme != "dark" && theme != "system")
            throw sdk::HttpError(400, "Choose the light, dark or system theme.");
        response.setCookie("molar_theme", theme, sdk::CookieOptions{ONE_YEAR, true, "Lax", "/"});
        response.redirect(safeReturnPath(request.form("return")), 303);
    }));

    // The probes answer whoever asks, a user held by a sign-in gate too.
    Route alive = hostRoute("GET", "/healthz", [](sdk::Request&, sdk::Response& response) {
        response.json(sdk::Value::object({{"status", "alive"}}));
    });
    alive.exemptFrom = {true, true};
    router.add(std::move(alive));

    Route ready = hostRoute("GET", "/readyz", [this](sdk::Request&, sdk::Response& response) {
        auto check = [](const std::function<bool()>& f) {
            try {
                return f && f();
            } catch (...) {
                return false;
            }
        };
        const bool database = check(_readiness.database);
        const bool migrations = database && check(_readiness.migrations);
        const bool plugins = check(_readiness.plugins);
        const bool ready = database && migrations && plugins;
        response.setStatus(ready ? 200 : 503);
        response.json(sdk::Value::object({{"status", ready ? "ready" : "not ready"},
                                          {"database", database},
                                          {"migrations", migrations},
                                          {"plugins", plugins}}));
    });
    ready.exemptFrom = {true, true};
    router.add(std::move(ready));

    router.add(hostRoute("GET", "/metrics", [this](sdk::Request& request, sdk::Response& response) {
        if (!_metricsAccess.allows(request)) {
            if (_metricsAccess.hasToken())
                response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
            response.setStatus(_metricsAccess.hasToken() ? 401 : 403);
            response.send("text/plain; charset=utf-8",
                          "/metrics answers only the addresses in metrics.allowFrom, or a request with the "
                          "bearer token of metrics.token.\n");
            return;
        }
        response.send("text/plain; version=0.0.4; charset=utf-8", _metrics.render());
    }));
}

} // namespace molar::host

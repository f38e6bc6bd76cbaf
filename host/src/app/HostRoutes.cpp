#include "app/HostRoutes.h"

#include "http/Exchange.h"
#include "http/ReturnPath.h"
#include "plugins/PluginManager.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

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

void HostRoutes::registerAll(Router& router)
{
    router.add(hostRoute("GET", "/", [this](sdk::Request& request, sdk::Response& response) {
        sdk::Value modules = sdk::Value::array();
        for (const auto& info : _plugins.started())
            modules.push(sdk::Value::object(
                {{"name", info.name}, {"version", info.version}, {"description", info.description}}));
        sdk::Value data = sdk::Value::object({{"modules", modules}, {"hasModules", modules.size() > 0}});
        response.send("text/html; charset=utf-8",
                      _views.renderPage("host/pages/home", "home.title", data, pageContextFor(request)));
    }));

    router.add(hostRoute("POST", "/prefs/language", [this](sdk::Request& request, sdk::Response& response) {
        const std::string lang = request.form("lang");
        if (!_views.supports(lang))
            throw sdk::HttpError(400, "Choose one of the languages in the list.");
        response.setCookie("molar_lang", lang, sdk::CookieOptions{ONE_YEAR, true, "Lax", "/"});
        response.redirect(safeReturnPath(request.form("return")), 303);
    }));

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

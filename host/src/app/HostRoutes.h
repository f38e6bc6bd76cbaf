#pragma once

#include "app/MetricsAccess.h"
#include "config/HostSettings.h"
#include "core/MetricsRegistry.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

#include <functional>
#include <optional>

namespace molar::host {

class PluginManager;

// Routes the host answers itself: the home page, language and theme choices,
// liveness, readiness and metrics. The home page sends a signed-in user to the
// landing path of their kind of organization, when one is set; otherwise it shows the
// lab's introduction, contact details and the sections plugins name in config.
class HostRoutes
{
public:
    struct Readiness
    {
        std::function<bool()> database;   // the database answers
        std::function<bool()> migrations; // every migration applied
        std::function<bool()> plugins;    // every enabled plugin started
    };
    HostRoutes(ViewEngine& views, MetricsRegistry& metrics, const PluginManager& plugins,
               Readiness readiness);
    void registerAll(Router& router);
    // Who may read /metrics (loopback only until set).
    void setMetricsAccess(MetricsAccess access) { _metricsAccess = std::move(access); }
    // The lab's contact details, landing paths and home-page sections (portal.*).
    void setPortal(PortalSettings portal) { _portal = std::move(portal); }
    // Once plugins have started: the first home-page section a started plugin does not
    // ship as a template, or none.
    std::optional<PortalSettings::Section> missingHomeSection() const;

private:
    void home(sdk::Request& request, sdk::Response& response);
    bool started(const std::string& plugin) const;

    ViewEngine& _views;
    MetricsRegistry& _metrics;
    const PluginManager& _plugins;
    Readiness _readiness;
    MetricsAccess _metricsAccess;
    PortalSettings _portal;
};

} // namespace molar::host

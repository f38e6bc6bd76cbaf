#pragma once

#include "app/MetricsAccess.h"
#include "core/MetricsRegistry.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

#include <functional>

namespace molar::host {

class PluginManager;

// Routes the host answers itself: the home page, language and theme choices,
// liveness, readiness and metrics.
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

private:
    ViewEngine& _views;
    MetricsRegistry& _metrics;
    const PluginManager& _plugins;
    Readiness _readiness;
    MetricsAccess _metricsAccess;
};

} // namespace molar::host

#pragma once

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Audit.h"
#include "molar/sdk/Catalog.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Config.h"
#include "molar/sdk/Database.h"
#include "molar/sdk/Events.h"
#include "molar/sdk/Export.h"
#include "molar/sdk/Files.h"
#include "molar/sdk/Http.h"
#include "molar/sdk/Jobs.h"
#include "molar/sdk/Locale.h"
#include "molar/sdk/Logger.h"
#include "molar/sdk/Metrics.h"
#include "molar/sdk/Notifications.h"
#include "molar/sdk/Payments.h"
#include "molar/sdk/RateLimits.h"
#include "molar/sdk/Version.h"
#include "molar/sdk/Views.h"

#include <string>
#include <vector>

namespace molar::sdk {

// What the host offers one plugin. Everything a plugin registers through it
// (routes, event handlers, jobs) is tagged with the plugin and removed by the host
// before Plugin::stop() is called.
//
// Ownership: host owns every object reached from here; valid until Plugin::stop() returns.
class MOLAR_SDK_API Host
{
public:
    virtual ~Host();
    Host() = default;
    Host(const Host&) = delete; // interfaces are never copied or moved
    Host& operator=(const Host&) = delete;
    virtual const std::string& pluginName() const = 0;
    // The folder the plugin's library was loaded from (templates/, messages/, migrations/).
    virtual const std::string& pluginDirectory() const = 0;
    virtual Config& config() = 0;
    virtual Logger& logger() = 0;
    virtual Database& database() = 0;
    virtual Routes& routes() = 0;
    virtual Views& views() = 0;
    virtual Events& events() = 0;
    virtual Jobs& jobs() = 0;
    virtual const Clock& clock() = 0;
    virtual Metrics& metrics() = 0;
    // The append-only audit log: record what users and the system do.
    virtual Audit& audit() = 0;
    // Users, notification settings, and the activation rules of clinic organizations.
    virtual Accounts& accounts() = 0;
    // The plugin's own file store (SDK 1.1): uploads and documents, written atomically.
    virtual FileStore& files() = 0;
    // How users reach the portal, without a trailing slash (`http.publicUrl`, SDK 1.1):
    // the start of links that leave the site, in messages or to share.
    virtual const std::string& publicUrl() const = 0;
    // The notification outbox (SDK 1.2): where channel plugins offer their channel
    // and report deliveries. Events become messages by the host's rules; plugins
    // only publish events.
    virtual Notifications& notifications() = 0;
    // Rate limits counted in the database (SDK 1.3), shared by every host of the
    // deployment; the plugin's buckets are its own.
    virtual RateLimiter& rateLimiter() = 0;
    // The lab's IANA time zone (`portal.timeZone`, SDK 1.5), e.g. "Asia/Qatar": for work
    // no viewer's zone applies to (working hours, the date in a case number) and for
    // visitors who are not signed in. A signed-in user's zone is their Principal's
    // timeZone: their own, or this one when they chose none.
    virtual const std::string& timeZone() const = 0;
    // Payments (SDK 1.6): where provider plugins offer their PaymentProvider, and
    // where the plugins that take payments find the providers.
    virtual Payments& payments() = 0;
    // What the lab sells (SDK 1.6): the items of every started plugin implementing
    // CatalogSource, in start order; empty when none does.
    virtual std::vector<CatalogItem> catalog() = 0;
    // Dates, numbers, money and messages in the reader's language and zone (SDK 1.10):
    // `locales().viewerOf(request)` names the reader, the calls format for them.
    virtual Locales& locales() = 0;
};

// A capability. The host calls, on its main thread and in dependency order:
// configure() after the plugin's migrations ran, then start(); and at shutdown,
// in reverse order, stop() once no request, handler or job of the plugin is running.
// An exception from configure() or start() refuses start-up with one line naming
// the plugin and the message.
class MOLAR_SDK_API Plugin
{
public:
    virtual ~Plugin();
    Plugin() = default;
    Plugin(const Plugin&) = delete; // interfaces are never copied or moved
    Plugin& operator=(const Plugin&) = delete;
    // Read and validate the plugin's configuration subtree (throw ConfigError).
    virtual void configure(Host& host);
    // Register routes, event handlers and jobs.
    virtual void start(Host& host) = 0;
    // Release what start() acquired beyond the host's registries.
    virtual void stop();
};

} // namespace molar::sdk

// The plain-C handshake the host reads before constructing anything.
extern "C" {
struct MolarPluginManifest
{
    unsigned abi;             // MOLAR_SDK_ABI the plugin was built with
    const char* name;         // [a-z][a-z0-9-]*, also its config subtree and table prefix
    const char* version;      // the plugin's own version
    const char* dependencies; // comma-separated names of plugins that must start first, or ""
    const char* description;  // one line for `molard --list-plugins` and logs
};

// Filled by molar_plugin_create on failure; host-owned memory.
struct MolarPluginError
{
    char message[512];
};
}

namespace molar::sdk::detail {
MOLAR_SDK_API void copyError(MolarPluginError* error, const char* message) noexcept;
}

// Exports a plugin: its ABI word, manifest, and a create/destroy pair that never
// lets an exception cross the library boundary. Use once, in the plugin's plugin.cpp:
//
//     MOLAR_PLUGIN(HelloPlugin, "hello", "1.0.0", "", "Greets visitors")
#define MOLAR_PLUGIN(PluginClass, NAME, VERSION, REQUIRES, DESCRIPTION)                                      \
    MOLAR_PLUGIN_EXPORT unsigned molar_plugin_abi() noexcept                                                 \
    {                                                                                                        \
        return MOLAR_SDK_ABI;                                                                                \
    }                                                                                                        \
    MOLAR_PLUGIN_EXPORT const MolarPluginManifest* molar_plugin_manifest() noexcept                          \
    {                                                                                                        \
        static const MolarPluginManifest manifest{MOLAR_SDK_ABI, NAME, VERSION, REQUIRES, DESCRIPTION};      \
        return &manifest;                                                                                    \
    }                                                                                                        \
    MOLAR_PLUGIN_EXPORT molar::sdk::Plugin* molar_plugin_create(MolarPluginError* error) noexcept            \
    {                                                                                                        \
        try {                                                                                                \
            return new PluginClass();                                                                        \
        } catch (const std::exception& e) {                                                                  \
            molar::sdk::detail::copyError(error, e.what());                                                  \
        } catch (...) {                                                                                      \
            molar::sdk::detail::copyError(error, "unknown exception");                                       \
        }                                                                                                    \
        return nullptr;                                                                                      \
    }                                                                                                        \
    MOLAR_PLUGIN_EXPORT void molar_plugin_destroy(molar::sdk::Plugin* plugin) noexcept                       \
    {                                                                                                        \
        try {                                                                                                \
            delete plugin;                                                                                   \
        } catch (...) {                                                                                      \
        }                                                                                                    \
    }

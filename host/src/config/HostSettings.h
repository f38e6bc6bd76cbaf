#pragma once

#include "config/ConfigView.h"
#include "notify/NotificationSettings.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace molar::host {

struct HttpSettings
{
    std::string address = "127.0.0.1";
    int port = 8080;
    int threads = 16; // workers; keep near db.poolSize (config/molar.properties)
    int queue = 1024;
    int keepAliveSeconds = 5;
    int headTimeoutSeconds = 10; // the whole request head must arrive within this
    std::size_t maxHeadBytes = 32 * 1024;
    int timeoutSeconds = 30;
    int drainSeconds = 10;
    std::size_t maxBodyBytes = 1024 * 1024;
    bool secureCookies = false;
    // Reverse proxies whose X-Forwarded-For, X-Forwarded-Proto and X-Request-Id are believed.
    std::vector<std::string> trustedProxies;
    std::string publicUrl = "http://127.0.0.1:8080"; // how users reach the portal: links in messages
};

struct DatabaseSettings
{
    std::string url;
    int poolSize = 16;
};

struct LoggingSettings
{
    std::string level = "information";
    bool console = true;
    std::string file;
    std::string rotation = "10 M";
    int archives = 5;
    bool accessLog = true;
    std::map<std::string, std::string> levels; // subsystem -> level
};

struct ViewSettings
{
    std::string templates;
    std::vector<std::string> languages;
    std::string defaultLanguage = "en";
    int staticMaxAgeSeconds = 3600;
    std::string siteName;
};

struct AccountSettings
{
    int sessionDays = 7;
    int sessionIdleMinutes = 120; // a session without a request for this long ends
    int maxFailures = 3;
    int lockoutMinutes = 20;
    int attemptsPerAddress = 30;
    std::string commonPasswords;         // file of refused passwords
    int resetMinutes = 60;               // life of a password-reset link
    int registrationsPerAddress = 10;    // registrations from one client address per 15 minutes
    int resetsPerHour = 3;               // reset links one account may be sent in an hour
    bool requireTwoFactorForLab = false; // lab users must turn on two-factor sign-in before anything else
    // What users can choose to be told about, and how (notification settings page).
    std::vector<std::string> notificationChannels;
};

struct FileSettings
{
    std::string root; // each plugin's files are in <root>/<plugin>/
};

struct JobSettings
{
    int workers = 2;
    int pollMillis = 500;
    int retentionDays = 7; // finished jobs (and their payloads) are deleted after this
};

// Who may read /metrics: these addresses and CIDR ranges, or a bearer token.
struct MetricsSettings
{
    std::vector<std::string> allowFrom{"127.0.0.1", "::1"};
    std::string token; // from metrics.token (MOLAR_METRICS_TOKEN) or metrics.tokenFile
};

// The payment service (payments.*).
struct PaymentSettings
{
    // Attempts left Pending (or Unknown) this long are asked about at their provider.
    int resyncAfterMinutes = 10;
};

// The lab as the public home page presents it (portal.*), and where signed-in users land.
struct PortalSettings
{
    // portal.timeZone: the lab's IANA time zone, in which users who chose none read times
    // (plugins get it from Host::timeZone()).
    std::string timeZone = "UTC";
    // portal.contact.*: shown in the home page's <address>; nothing shows while all are empty.
    std::string contactName;
    std::string contactEmail;
    std::string contactPhone;
    std::vector<std::string> contactAddress; // lines
    // portal.landing.<kind>: the local path GET / sends a signed-in user of that kind of
    // organization ("clinic", "lab") to; no entry: the home page.
    std::map<std::string, std::string> landing;
    // portal.home.sections.<plugin>: templates of that plugin rendered as sections of
    // the home page, plugins in name order.
    struct Section
    {
        std::string key;    // "portal.home.sections.cases"
        std::string plugin; // "cases"
        std::string name;   // "cases/home-track"
    };
    std::vector<Section> homeSections;
};

// demo.enabled: the configuration is a demo's, so the log may stand in for email
// (notifications.logChannels) and --demo-data may add accounts with known passwords.
struct DemoSettings
{
    bool enabled = false;
};

// The host's own configuration, read and validated from the store at start-up.
// Reading it leaves one ConfigView per host subtree, used afterwards to refuse
// keys nobody read.
struct HostSettings
{
    HttpSettings http;
    DatabaseSettings db;
    LoggingSettings logging;
    ViewSettings views;
    JobSettings jobs;
    PaymentSettings payments;
    AccountSettings accounts;
    FileSettings files;
    NotificationSettings notifications;
    MetricsSettings metrics;
    PortalSettings portal;
    DemoSettings demo;
    std::vector<std::string> pluginPaths;
    std::vector<std::string> pluginsEnabled;

    // Throws sdk::ConfigError for the first bad value.
    static HostSettings read(const ConfigStore& store, const std::string& dataDir,
                             std::vector<std::unique_ptr<ConfigView>>& views);
};

// The host's subtrees; every other top-level name belongs to a plugin.
const std::vector<std::string>& hostSubtrees();

} // namespace molar::host

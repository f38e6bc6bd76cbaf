#include "config/HostSettings.h"

#include "config/TimeZones.h"
#include "http/ReturnPath.h"
#include "http/TrustedProxies.h"

#include <Poco/Path.h>
#include <Poco/String.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace molar::host {

namespace {

const std::vector<std::string> LOG_LEVELS{"trace", "debug",    "information", "notice", "warning",
                                          "error", "critical", "fatal",       "none"};

// A secret kept in a file only the service user may read; its content, trimmed.
std::string readSecretFile(const ConfigView& view, const std::string& key, const std::string& path)
{
    struct stat info;
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        view.fail(key, "a file that exists");
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        view.fail(key, "a file only the service user can read (chmod 600 " + path + ")");
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in)
        view.fail(key, "a file the service user can read");
    return Poco::trim(content.str());
}

// The portal's contact details, landing paths and home-page sections.
void readHome(ConfigView& portal, PortalSettings& p)
{
    p.contactName = Poco::trim(portal.getString("contact.name", ""));
    p.contactEmail = Poco::trim(portal.getString("contact.email", ""));
    p.contactPhone = Poco::trim(portal.getString("contact.phone", ""));
    // One line of the address per \n.
    std::istringstream address(portal.getString("contact.address", ""));
    for (std::string line; std::getline(address, line);)
        if (!Poco::trim(line).empty())
            p.contactAddress.push_back(Poco::trim(line));
    if (!p.contactEmail.empty() && (p.contactEmail.find('@') == std::string::npos ||
                                    p.contactEmail.find_first_of(" <>\"") != std::string::npos))
        portal.fail("contact.email", "an email address such as lab@example.com");
    for (const char* kind : {"clinic", "lab"}) {
        const std::string key = std::string("landing.") + kind;
        const std::string path = Poco::trim(portal.getString(key, ""));
        if (path.empty())
            continue;
        // "/" would send the user back to the page that sends them on.
        if (path == "/" || safeReturnPath(path) != path)
            portal.fail(key, "a path on this portal other than /, such as /cases/dashboard");
        p.landing[kind] = path;
    }
    portal.markRead("home.sections");
    const std::string prefix = "home.sections.";
    for (const auto& key : portal.keys()) {
        if (key.rfind(prefix, 0) != 0)
            continue;
        const std::string plugin = key.substr(prefix.size());
        for (const auto& name : portal.getList(key, {})) {
            if (plugin.empty() || plugin.find('.') != std::string::npos || name.rfind(plugin + "/", 0) != 0 ||
                name.size() == plugin.size() + 1)
                portal.fail(key, "templates of the plugin " + plugin + ", named " + plugin +
                                     "/<template>, comma-separated");
            p.homeSections.push_back({"portal." + key, plugin, name});
        }
    }
}

} // namespace

const std::vector<std::string>& hostSubtrees()
{
    static const std::vector<std::string> names{"http",     "db",     "logging", "views",         "jobs",
                                                "accounts", "files",  "plugins", "notifications", "metrics",
                                                "demo",     "portal", "payments"};
    return names;
}

HostSettings HostSettings::read(const ConfigStore& store, const std::string& dataDir,
                                std::vector<std::unique_ptr<ConfigView>>& views)
{
    auto view = [&](const std::string& subtree) -> ConfigView& {
        views.push_back(std::make_unique<ConfigView>(store, subtree));
        return *views.back();
    };
    HostSettings s;

    ConfigView& http = view("http");
    s.http.address = http.getString("address", s.http.address);
    s.http.port = static_cast<int>(http.getInt("port", s.http.port, 0, 65535));
    s.http.threads = static_cast<int>(http.getInt("threads", s.http.threads, 2, 1024));
    s.http.queue = static_cast<int>(http.getInt("queue", s.http.queue, 1, 65536));
    s.http.keepAliveSeconds =
        static_cast<int>(http.getInt("keepAliveSeconds", s.http.keepAliveSeconds, 0, 300));
    s.http.headTimeoutSeconds =
        static_cast<int>(http.getInt("headTimeoutSeconds", s.http.headTimeoutSeconds, 1, 300));
    s.http.maxHeadBytes = static_cast<std::size_t>(
        http.getInt("maxHeadBytes", static_cast<std::int64_t>(s.http.maxHeadBytes), 4096, 1024 * 1024));
    s.http.timeoutSeconds = static_cast<int>(http.getInt("timeoutSeconds", s.http.timeoutSeconds, 1, 3600));
    s.http.drainSeconds = static_cast<int>(http.getInt("drainSeconds", s.http.drainSeconds, 0, 600));
    s.http.maxBodyBytes = static_cast<std::size_t>(
        http.getInt("maxBodyBytes", static_cast<std::int64_t>(s.http.maxBodyBytes), 1024, 1LL << 40));
    s.http.secureCookies = http.getBool("secureCookies", s.http.secureCookies);
    s.http.trustedProxies = http.getList("trustedProxies", {});
    try {
        TrustedProxies check(s.http.trustedProxies);
    } catch (const std::invalid_argument& e) {
        http.fail("trustedProxies",
                  std::string(e.what()) + "; list addresses and CIDR ranges, comma-separated");
    }
    s.http.publicUrl = http.getString("publicUrl", s.http.publicUrl);
    if (s.http.publicUrl.rfind("http://", 0) != 0 && s.http.publicUrl.rfind("https://", 0) != 0)
        http.fail("publicUrl", "the portal's address as users reach it, e.g. https://portal.example-lab.com");
    // Links are built as publicUrl + "/path".
    while (!s.http.publicUrl.empty() && s.http.publicUrl.back() == '/')
        s.http.publicUrl.pop_back();

    ConfigView& db = view("db");
    s.db.url = db.requireString("url");
    if (s.db.url.rfind("sqlite:", 0) != 0 && s.db.url.rfind("mysql://", 0) != 0)
        db.fail("url", "sqlite:<path> or mysql://user:password@host:port/database");
    s.db.poolSize = static_cast<int>(db.getInt("poolSize", s.db.poolSize, 1, 256));

    ConfigView& logging = view("logging");
    s.logging.level = logging.getChoice("level", s.logging.level, LOG_LEVELS);
    s.logging.console = logging.getBool("console", s.logging.console);
    s.logging.file = logging.getString("file", "");
    s.logging.rotation = logging.getString("rotation", s.logging.rotation);
    s.logging.archives = static_cast<int>(logging.getInt("archives", s.logging.archives, 1, 1000));
    s.logging.accessLog = logging.getBool("accessLog", s.logging.accessLog);
    logging.markRead("levels");
    for (const auto& key : logging.keys()) {
        if (key.rfind("levels.", 0) != 0)
            continue;
        s.logging.levels[key.substr(7)] = logging.getChoice(key, "information", LOG_LEVELS);
    }

    ConfigView& viewsConfig = view("views");
    s.views.templates = viewsConfig.getString("templates", "");
    if (s.views.templates.empty())
        s.views.templates = Poco::Path(dataDir, "templates").toString();
    s.views.languages = viewsConfig.getList("languages", {"en", "ar", "fr"});
    s.views.defaultLanguage = viewsConfig.getChoice("defaultLanguage", "en", s.views.languages);
    s.views.staticMaxAgeSeconds =
        static_cast<int>(viewsConfig.getInt("staticMaxAgeSeconds", s.views.staticMaxAgeSeconds, 0, 31536000));
    s.views.siteName = viewsConfig.getString("siteName", "Molar");

    ConfigView& jobs = view("jobs");
    s.jobs.workers = static_cast<int>(jobs.getInt("workers", s.jobs.workers, 0, 64));
    s.jobs.pollMillis = static_cast<int>(jobs.getInt("pollMillis", s.jobs.pollMillis, 10, 60000));
    s.jobs.retentionDays = static_cast<int>(jobs.getInt("retentionDays", s.jobs.retentionDays, 1, 3650));

    ConfigView& payments = view("payments");
    s.payments.resyncAfterMinutes = static_cast<int>(
        payments.getInt("resyncAfterMinutes", s.payments.resyncAfterMinutes, 1, 7 * 24 * 60));

    ConfigView& accounts = view("accounts");
    s.accounts.sessionDays = static_cast<int>(accounts.getInt("sessionDays", s.accounts.sessionDays, 1, 365));
    s.accounts.sessionIdleMinutes = static_cast<int>(
        accounts.getInt("sessionIdleMinutes", s.accounts.sessionIdleMinutes, 5, 365 * 24 * 60));
    s.accounts.maxFailures = static_cast<int>(accounts.getInt("maxFailures", s.accounts.maxFailures, 1, 100));
    s.accounts.lockoutMinutes =
        static_cast<int>(accounts.getInt("lockoutMinutes", s.accounts.lockoutMinutes, 1, 24 * 60));
    s.accounts.attemptsPerAddress =
        static_cast<int>(accounts.getInt("attemptsPerAddress", s.accounts.attemptsPerAddress, 1, 100000));
    s.accounts.commonPasswords = accounts.getString("commonPasswords", "");
    s.accounts.resetMinutes =
        static_cast<int>(accounts.getInt("resetMinutes", s.accounts.resetMinutes, 5, 24 * 60));
    s.accounts.registrationsPerAddress = static_cast<int>(
        accounts.getInt("registrationsPerAddress", s.accounts.registrationsPerAddress, 1, 10000));
    s.accounts.resetsPerHour =
        static_cast<int>(accounts.getInt("resetsPerHour", s.accounts.resetsPerHour, 1, 100));
    s.accounts.requireTwoFactorForLab =
        accounts.getBool("requireTwoFactorForLab", s.accounts.requireTwoFactorForLab);
    s.accounts.notificationChannels = accounts.getList("notificationChannels", {"email"});
    if (s.accounts.commonPasswords.empty())
        s.accounts.commonPasswords = Poco::Path(dataDir, "config/common-passwords.txt").toString();

    ConfigView& files = view("files");
    s.files.root = files.getString("root", "");
    if (s.files.root.empty())
        s.files.root = Poco::Path(dataDir, "var/files").toString();

    s.notifications = NotificationSettings::read(view("notifications"));

    ConfigView& metrics = view("metrics");
    s.metrics.allowFrom = metrics.getList("allowFrom", s.metrics.allowFrom);
    try {
        TrustedProxies check(s.metrics.allowFrom);
    } catch (const std::invalid_argument& e) {
        metrics.fail("allowFrom",
                     std::string(e.what()) + "; list addresses and CIDR ranges, comma-separated");
    }
    s.metrics.token = Poco::trim(metrics.getString("token", ""));
    const std::string tokenFile = Poco::trim(metrics.getString("tokenFile", ""));
    if (!s.metrics.token.empty() && !tokenFile.empty())
        metrics.fail("tokenFile", "empty when metrics.token is set (use one of them)");
    if (!tokenFile.empty())
        s.metrics.token = readSecretFile(metrics, "tokenFile", tokenFile);
    if (!s.metrics.token.empty() && s.metrics.token.size() < 16)
        metrics.fail(tokenFile.empty() ? "token" : "tokenFile",
                     "a token of at least 16 characters (openssl rand -hex 32 makes one)");

    ConfigView& portal = view("portal");
    s.portal.timeZone = Poco::trim(portal.getString("timeZone", s.portal.timeZone));
    const TimeZones& zones = TimeZones::system();
    if (!zones.contains(s.portal.timeZone))
        portal.fail("timeZone", zones.source().empty()
                                    ? "UTC (no time-zone database here: install the tzdata package)"
                                    : "an IANA time zone listed in " + zones.source() +
                                          ", e.g. Asia/Qatar or Europe/Paris, or UTC");
    readHome(portal, s.portal);

    ConfigView& demo = view("demo");
    s.demo.enabled = demo.getBool("enabled", s.demo.enabled);

    ConfigView& plugins = view("plugins");
    s.pluginPaths = plugins.getList("path", {});
    plugins.getList("enabled", {}); // read here, merged with plugins.d's files by the store
    s.pluginsEnabled = store.enabledPlugins();
    return s;
}

} // namespace molar::host

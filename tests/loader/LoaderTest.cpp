// The plugin loader on real shared libraries: the handshake accepted and refused,
// dependency order, a throwing start, and unloading with a request in flight.
#include "TestDatabase.h"

#include "audit/AuditLog.h"
#include "audit/AuditMigrations.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"
#include "core/MetricsRegistry.h"
#include "db/Migrator.h"
#include "http/Router.h"
#include "jobs/EventBus.h"
#include "jobs/HostMigrations.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"
#include "plugins/PluginLoader.h"
#include "plugins/PluginManager.h"
#include "views/ViewEngine.h"

#include <cppunit/extensions/HelperMacros.h>

#include <dlfcn.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

using namespace molar;
using namespace molar::host;

namespace {

const std::string DIR = TEST_PLUGIN_DIR;

std::string pluginFile(const std::string& name)
{
    return DIR + "/" + name + "/" + name + ".so";
}

bool isLoaded(const std::string& file)
{
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (!handle)
        return false;
    dlclose(handle);
    return true;
}

std::string refusal(const std::function<void()>& action)
{
    try {
        action();
    } catch (const PluginError& e) {
        return e.what();
    }
    CPPUNIT_FAIL("expected a PluginError");
    return {};
}

class FakeRequest : public sdk::Request
{
public:
    const std::string& method() const override { return _method; }
    const std::string& path() const override { return _path; }
    const std::string& route() const override { return _path; }
    const std::string& requestId() const override { return _id; }
    std::string clientAddress() const override { return "127.0.0.1"; }
    std::string param(const std::string&) const override { return {}; }
    std::string query(const std::string&) const override { return {}; }
    std::string header(const std::string&) const override { return {}; }
    std::string cookie(const std::string&) const override { return {}; }
    std::string form(const std::string&) override { return {}; }
    std::istream& body() override { return _body; }
    sdk::Value json() override { return {}; }
    const std::string& language() const override { return _lang; }
    const std::string& theme() const override { return _theme; }
    const std::optional<sdk::Principal>& principal() const override { return _principal; }
    const std::string& csrfToken() const override { return _id; }
    void parts(const std::function<void(const sdk::Part&, std::istream&)>&) override {}

private:
    std::string _method = "GET", _path = "/good/slow", _id = "test", _lang = "en", _theme = "system";
    std::istringstream _body;
    std::optional<sdk::Principal> _principal;
};

class FakeResponse : public sdk::Response
{
public:
    void setStatus(int status) override { _status = status; }
    int status() const override { return _status; }
    void setHeader(const std::string&, const std::string&) override {}
    void setCookie(const std::string&, const std::string&, const sdk::CookieOptions&) override {}
    void send(const std::string&, const std::string& body) override
    {
        this->body = body;
        _sent = true;
    }
    void json(const sdk::Value&) override { _sent = true; }
    void redirect(const std::string&, int) override { _sent = true; }
    std::ostream& stream(const std::string&) override { return _out; }
    bool sent() const override { return _sent; }
    std::string body;

private:
    int _status = 200;
    bool _sent = false;
    std::ostringstream _out;
};

// Every host service a plugin can reach, on a fresh SQLite database.
struct Services
{
    Services()
        : queue(db.database(), clock, "test"),
          runner(queue, db.database(), clock, "test", 0, std::chrono::milliseconds(50)), events(runner),
          views(catalog, {{"en", "English"}}, "Molar"), audit(db.database(), clock), accounts(db.database()),
          filesRoot(files.path()), services{config,    db.database(), router,   views,   events,
                                            runner,    clock,         metrics,  audit,   accounts,
                                            filesRoot, publicUrl,     channels, payments}
    {
        Migrator(db.pool()).apply("host", hostMigrations(db.dialect()));
        Migrator(db.pool()).apply("audit", auditMigrations(db.dialect()));
    }
    test::TestDatabase db;
    ConfigStore config;
    ManualClock clock;
    MetricsRegistry metrics;
    Router router;
    MessageCatalog catalog;
    JobQueue queue;
    JobRunner runner;
    EventBus events;
    ViewEngine views;
    AuditLog audit;
    HostAccounts accounts;
    test::TempDir files;
    std::string filesRoot;
    std::string publicUrl = "http://127.0.0.1:8080";
    ChannelRegistry channels;
    PaymentProviders payments;
    HostServices services;
};

} // namespace

class LoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LoaderTest);
    CPPUNIT_TEST(readsTheManifestBeforeConstructing);
    CPPUNIT_TEST(refusesAnotherMajorVersion);
    CPPUNIT_TEST(refusesANewerMinorVersion);
    CPPUNIT_TEST(refusesALibraryWithoutHandshake);
    CPPUNIT_TEST(refusesAManifestNameThatDiffersFromItsFolder);
    CPPUNIT_TEST(refusesAMissingPluginNamingTheSearchPath);
    CPPUNIT_TEST(refusesAPluginEnabledTwice);
    CPPUNIT_TEST(refusesAMissingDependency);
    CPPUNIT_TEST(refusesADependencyCycle);
    CPPUNIT_TEST(startsDependenciesFirst);
    CPPUNIT_TEST(runsTheWholeLifecycleAndUnloads);
    CPPUNIT_TEST(refusesAThrowingStartAndWithdrawsItsRoutes);
    CPPUNIT_TEST(refusesADuplicateRoute);
    CPPUNIT_TEST(keepsTheLibraryLoadedWhileARequestIsInFlight);
    CPPUNIT_TEST(seedsDemoDataOfThePluginsThatHaveSome);
    CPPUNIT_TEST(refusesDemoDataThatFails);
    CPPUNIT_TEST(asksThePluginsThatHoldClinicRecords);
    CPPUNIT_TEST(gathersCatalogsAndProviders);
    CPPUNIT_TEST(givesEachPluginAFileStoreOfItsOwn);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsTheManifestBeforeConstructing()
    {
        PluginLibrary good = PluginLoader::open(pluginFile("good"));
        CPPUNIT_ASSERT_EQUAL(std::string("good"), good.name);
        CPPUNIT_ASSERT_EQUAL(std::string("2.3.4"), good.version);
        CPPUNIT_ASSERT_EQUAL(std::string("A plugin that does everything right"), good.description);
        PluginLibrary dependent = PluginLoader::open(pluginFile("needs-good"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), dependent.dependencies.size());
        CPPUNIT_ASSERT_EQUAL(std::string("good"), dependent.dependencies[0]);
    }

    void refusesAnotherMajorVersion()
    {
        std::string line = refusal([] { PluginLoader::open(pluginFile("next-major")); });
        assertOneLine(line);
        CPPUNIT_ASSERT(line.find(pluginFile("next-major")) == 0);
        CPPUNIT_ASSERT(line.find("built for SDK 2.0") != std::string::npos);
        const std::string host = "this host provides SDK " + std::to_string(MOLAR_SDK_VERSION_MAJOR) + "." +
                                 std::to_string(MOLAR_SDK_VERSION_MINOR);
        CPPUNIT_ASSERT_MESSAGE(line, line.find(host) != std::string::npos);
    }

    void refusesANewerMinorVersion()
    {
        std::string line = refusal([] { PluginLoader::open(pluginFile("newer-minor")); });
        assertOneLine(line);
        CPPUNIT_ASSERT(line.find("built for SDK 1.99") != std::string::npos);
    }

    void refusesALibraryWithoutHandshake()
    {
        std::string line = refusal([] { PluginLoader::open(pluginFile("not-a-plugin")); });
        assertOneLine(line);
        CPPUNIT_ASSERT(line.find("not a Molar plugin") != std::string::npos);
        CPPUNIT_ASSERT(line.find("molar_plugin_abi") != std::string::npos);
    }

    void refusesAManifestNameThatDiffersFromItsFolder()
    {
        std::string line = refusal([] { PluginLoader::loadEnabled({"misnamed"}, {DIR}); });
        CPPUNIT_ASSERT(line.find("names it 'cycle-a'") != std::string::npos);
        CPPUNIT_ASSERT(line.find("enabled as 'misnamed'") != std::string::npos);
    }

    void refusesAMissingPluginNamingTheSearchPath()
    {
        std::string line = refusal([] { PluginLoader::loadEnabled({"billing"}, {DIR, "/nowhere"}); });
        assertOneLine(line);
        CPPUNIT_ASSERT(line.find("'billing'") != std::string::npos);
        CPPUNIT_ASSERT(line.find("/nowhere") != std::string::npos);
    }

    void refusesAPluginEnabledTwice()
    {
        std::string line = refusal([] { PluginLoader::loadEnabled({"good", "good"}, {DIR}); });
        CPPUNIT_ASSERT(line.find("listed twice") != std::string::npos);
    }

    void refusesAMissingDependency()
    {
        std::string line = refusal([] { PluginLoader::loadEnabled({"needs-absent"}, {DIR}); });
        assertOneLine(line);
        CPPUNIT_ASSERT(line.find("'needs-absent' requires 'absent'") != std::string::npos);
    }

    void refusesADependencyCycle()
    {
        std::string line = refusal([] { PluginLoader::loadEnabled({"cycle-a", "cycle-b"}, {DIR}); });
        assertOneLine(line);
        CPPUNIT_ASSERT(line.find("cycle-a -> cycle-b -> cycle-a") != std::string::npos);
    }

    void startsDependenciesFirst()
    {
        auto ordered = PluginLoader::loadEnabled({"needs-good", "good"}, {DIR});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), ordered.size());
        CPPUNIT_ASSERT_EQUAL(std::string("good"), ordered[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("needs-good"), ordered[1].name);
    }

    void runsTheWholeLifecycleAndUnloads()
    {
        Services s;
        {
            PluginManager manager(s.services);
            manager.load({"good"}, {DIR});
            Migrator migrator(s.db.pool());
            manager.migrate(migrator, s.db.dialect());
            CPPUNIT_ASSERT_EQUAL(1, migrator.appliedVersion("good"));
            manager.configure(s.catalog);
            manager.start();
            CPPUNIT_ASSERT(manager.allStarted());
            CPPUNIT_ASSERT(s.router.match("GET", "/good").kind == RouteMatch::Kind::Found);
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.events.handlerCount("good.ping"));
            s.db.database().transaction([&](sdk::Transaction& tx) {
                s.events.publish(tx, "good.ping", sdk::Value::object({{"note", "hi"}}));
            });
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.db.database().query("SELECT note FROM good_pings").size());
            CPPUNIT_ASSERT(isLoaded(pluginFile("good")));

            manager.stop();
            CPPUNIT_ASSERT(s.router.match("GET", "/good").kind == RouteMatch::Kind::NotFound);
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.events.handlerCount("good.ping"));
        }
        CPPUNIT_ASSERT(!isLoaded(pluginFile("good")));
    }

    void refusesAThrowingStartAndWithdrawsItsRoutes()
    {
        Services s;
        PluginManager manager(s.services);
        manager.load({"throws"}, {DIR});
        manager.configure(s.catalog);
        std::string line = refusal([&] { manager.start(); });
        assertOneLine(line);
        CPPUNIT_ASSERT_EQUAL(
            std::string("plugin 'throws' failed to start: the payment provider key is missing"), line);
        CPPUNIT_ASSERT(s.router.match("GET", "/throws").kind == RouteMatch::Kind::NotFound);
        CPPUNIT_ASSERT(!manager.allStarted());
    }

    void refusesADuplicateRoute()
    {
        Services s;
        Route taken;
        taken.owner = "host";
        taken.method = "GET";
        taken.pathTemplate = "/good";
        taken.access = sdk::Access::Public;
        taken.handler = [](sdk::Request&, sdk::Response&) {};
        s.router.add(taken);
        PluginManager manager(s.services);
        manager.load({"good"}, {DIR});
        manager.configure(s.catalog);
        std::string line = refusal([&] { manager.start(); });
        CPPUNIT_ASSERT(line.find("plugin 'good' failed to start") == 0);
        CPPUNIT_ASSERT(line.find("already registered by host") != std::string::npos);
    }

    void keepsTheLibraryLoadedWhileARequestIsInFlight()
    {
        Services s;
        std::atomic<bool> handlerDone{false};
        std::string answer;
        {
            PluginManager manager(s.services);
            manager.load({"good"}, {DIR});
            manager.configure(s.catalog);
            manager.start();
            RouteMatch match = s.router.match("GET", "/good/slow");
            CPPUNIT_ASSERT(match.kind == RouteMatch::Kind::Found);
            std::thread request([&, match] {
                FakeRequest req;
                FakeResponse resp;
                match.route->handler(req, resp);
                answer = resp.body;
                handlerDone = true;
            });
            match.route.reset();
            std::this_thread::sleep_for(std::chrono::milliseconds(50)); // let the handler begin
            manager.stop(); // must wait for the handler, then unload
            CPPUNIT_ASSERT(handlerDone.load());
            request.join();
        }
        CPPUNIT_ASSERT_EQUAL(std::string("slow and good"), answer);
        CPPUNIT_ASSERT(!isLoaded(pluginFile("good")));
    }

    void seedsDemoDataOfThePluginsThatHaveSome()
    {
        Services s;
        PluginManager manager(s.services);
        manager.load({"good", "needs-good"}, {DIR});
        Migrator migrator(s.db.pool());
        manager.migrate(migrator, s.db.dialect());
        manager.configure(s.catalog);
        manager.start();
        // "good" implements sdk::DemoData (found by dynamic_cast across the library
        // boundary); "needs-good" does not and is skipped.
        manager.seedDemoData();
        manager.seedDemoData();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             s.db.database().query("SELECT note FROM good_pings WHERE note = 'demo'").size());
    }

    void asksThePluginsThatHoldClinicRecords()
    {
        Services s;
        PluginManager manager(s.services);
        manager.load({"good", "needs-good"}, {DIR});
        Migrator migrator(s.db.pool());
        manager.migrate(migrator, s.db.dialect());
        manager.configure(s.catalog);
        const std::vector<std::string> none, good{"good"};
        CPPUNIT_ASSERT(none == manager.holdersOfClinic(42)); // not started: not asked
        manager.start();
        // "good" implements sdk::ClinicRecords; "needs-good", like a plugin built before
        // SDK 1.5, does not and holds nothing back.
        CPPUNIT_ASSERT(good == manager.holdersOfClinic(42));
        CPPUNIT_ASSERT(none == manager.holdersOfClinic(7));
        // A plugin that cannot answer keeps the clinic.
        CPPUNIT_ASSERT(good == manager.holdersOfClinic(13));
        manager.stop();
        CPPUNIT_ASSERT(none == manager.holdersOfClinic(42));
    }

    // SDK 1.6: the catalogs of the plugins implementing sdk::CatalogSource, and the
    // payment providers they offer, withdrawn when they stop.
    void gathersCatalogsAndProviders()
    {
        Services s;
        PluginManager manager(s.services);
        manager.load({"good", "needs-good"}, {DIR});
        Migrator migrator(s.db.pool());
        manager.migrate(migrator, s.db.dialect());
        manager.configure(s.catalog);
        CPPUNIT_ASSERT(manager.catalog().empty()); // not started: not asked
        manager.start();
        auto items = manager.catalog();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), items.size());
        CPPUNIT_ASSERT_EQUAL(std::string("good_crown"), items[0].code);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), items[0].priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), items[0].currency);
        CPPUNIT_ASSERT_EQUAL(24, items[0].warrantyMonths);
        auto provider = s.payments.find("good-transfer");
        CPPUNIT_ASSERT(provider);
        CPPUNIT_ASSERT_EQUAL(std::string("good"), s.payments.owner("good-transfer"));
        sdk::PaymentRequest request;
        request.idempotencyKey = "a1";
        request.amount = {5000, "QAR"};
        CPPUNIT_ASSERT_EQUAL(std::string("good-a1"), provider->createCheckout(request).providerPaymentId);
        CPPUNIT_ASSERT_THROW(provider->refund(request, "good-a1", 5000), sdk::PaymentUnsupported);
        provider.reset();
        manager.stop();
        CPPUNIT_ASSERT(!s.payments.find("good-transfer"));
        CPPUNIT_ASSERT(manager.catalog().empty());
    }

    void refusesDemoDataThatFails()
    {
        Services s;
        PluginManager manager(s.services);
        manager.load({"demo-fails"}, {DIR});
        manager.configure(s.catalog);
        manager.start();
        std::string line = refusal([&] { manager.seedDemoData(); });
        assertOneLine(line);
        CPPUNIT_ASSERT_EQUAL(
            std::string("plugin 'demo-fails' failed to add its demo data: the demo lab has no catalog"),
            line);
    }

    void givesEachPluginAFileStoreOfItsOwn()
    {
        Services s;
        PluginHost good(s.services, "good", DIR + "/good");
        PluginHost other(s.services, "needs-good", DIR + "/needs-good");
        auto writer = good.files().create("uploads/scan.stl");
        writer->stream() << "solid";
        writer->commit();
        CPPUNIT_ASSERT(good.files().exists("uploads/scan.stl"));
        CPPUNIT_ASSERT(!other.files().exists("uploads/scan.stl"));
        std::ifstream stored(s.filesRoot + "/good/uploads/scan.stl");
        std::string text;
        stored >> text;
        CPPUNIT_ASSERT_EQUAL(std::string("solid"), text);
    }

private:
    static void assertOneLine(const std::string& line)
    {
        CPPUNIT_ASSERT_MESSAGE(line, !line.empty() && line.find('\n') == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoaderTest);

// ConfigStore: which layer wins, and where each value came from.
#include "config/ConfigStore.h"

#include "Assertions.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/Exception.h>

#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

using molar::host::ConfigStore;
using molar::test::TempDir;
using molar::test::writeFile;

namespace {

// A fake `environ`: the strings live as long as the object.
class FakeEnvironment
{
public:
    FakeEnvironment(std::vector<std::string> entries) : _entries(std::move(entries))
    {
        for (auto& entry : _entries)
            _pointers.push_back(entry.data());
        _pointers.push_back(nullptr);
    }
    char** get() { return _pointers.data(); }

private:
    std::vector<std::string> _entries;
    std::vector<char*> _pointers;
};

} // namespace

class ConfigStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigStoreTest);
    CPPUNIT_TEST(testOverrideDirectoryBeatsDefaults);
    CPPUNIT_TEST(testConfdFilesAreLoadedAndNamed);
    CPPUNIT_TEST(testEnvironmentBeatsFiles);
    CPPUNIT_TEST(testEnvironmentIgnoresUnknownAndForeignVariables);
    CPPUNIT_TEST(testSetBeatsEnvironment);
    CPPUNIT_TEST(testUnreadableFileIsNamed);
    CPPUNIT_TEST(testKeyStartingWithADotDoesNotLoop);
    CPPUNIT_TEST(testEnabledPluginDefaultsSitBetweenDefaultsAndOverrides);
    CPPUNIT_TEST(testDisabledPluginDefaultsAreGone);
    CPPUNIT_TEST(testEnvironmentReachesPluginDefaults);
    CPPUNIT_TEST(testEnabledPluginsBringTheirNotificationRules);
    CPPUNIT_TEST(testPluginRulesFileHoldsOnlyRules);
    CPPUNIT_TEST(testPluginsDirectoryEnablesPlugins);
    CPPUNIT_TEST(testPluginsDirectoryRefusesOtherLines);
    CPPUNIT_TEST(testBuiltInDefaultIsBelowEveryFile);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _defaults = _dir->file("defaults");
        _overrides = _dir->file("etc");
        writeFile(_defaults + "/molar.properties", "http.port = 8080\n"
                                                   "http.address = 127.0.0.1\n"
                                                   "http.maxBodyBytes = 1048576\n"
                                                   "db.url = sqlite:/tmp/molar.db\n");
        writeFile(_overrides + "/molar.properties", "http.port = 9090\n");
    }

    void tearDown() override { _dir.reset(); }

    // Two installed plugins, each with its own defaults beside its library.
    std::string installPlugins()
    {
        const std::string plugins = _dir->file("plugins");
        for (const std::string name : {"hello", "other"}) {
            writeFile(plugins + "/" + name + "/" + name + ".so", "");
            writeFile(plugins + "/" + name + "/config/" + name + ".properties",
                      name + ".greeting = Hello\n" + name + ".times = 2\n");
        }
        return plugins;
    }

    void testEnabledPluginDefaultsSitBetweenDefaultsAndOverrides()
    {
        const std::string plugins = installPlugins();
        writeFile(_defaults + "/molar.properties", "plugins.path = " + plugins + "\nhello.times = 1\n");
        writeFile(_overrides + "/conf.d/hello.properties", "hello.greeting = Bonjour\n");
        ConfigStore store;
        store.addDirectory(_defaults);
        store.addDirectory(_overrides);
        store.set("plugins.enabled", "hello");
        store.addPluginDefaults();
        const std::string file = plugins + "/hello/config/hello.properties";
        CPPUNIT_ASSERT_EQUAL(std::string("2"), store.get("hello.times"));
        CPPUNIT_ASSERT_EQUAL(file, store.origin("hello.times"));
        CPPUNIT_ASSERT_EQUAL(std::string("Bonjour"), store.get("hello.greeting"));
        CPPUNIT_ASSERT_EQUAL(_overrides + "/conf.d/hello.properties", store.origin("hello.greeting"));
    }

    // A plugin package's file in plugins.d enables it like plugins.enabled does, defaults
    // included; a link whose package was removed enables nothing.
    void testPluginsDirectoryEnablesPlugins()
    {
        const std::string plugins = installPlugins();
        writeFile(_defaults + "/molar.properties",
                  "plugins.path = " + plugins + "\nplugins.enabled = other\n");
        writeFile(_overrides + "/plugins.d/50-hello.conf", "# from molar-plugin-hello\nplugin = hello\n");
        writeFile(_overrides + "/plugins.d/40-other.conf", "plugin = other\n");
        writeFile(_overrides + "/plugins.d/notes.txt", "plugin = ignored\n");
        CPPUNIT_ASSERT_EQUAL(
            0, ::symlink("/nonexistent/gone.conf", (_overrides + "/plugins.d/60-gone.conf").c_str()));
        ConfigStore store;
        store.addDirectory(_defaults);
        store.addDirectory(_overrides);
        store.addPluginsDirectory(_overrides + "/plugins.d");
        store.addPluginDefaults();
        CPPUNIT_ASSERT(store.enabledPlugins() == (std::vector<std::string>{"other", "hello"}));
        CPPUNIT_ASSERT_EQUAL(std::string("Hello"), store.get("hello.greeting"));
        CPPUNIT_ASSERT_EQUAL(_overrides + "/plugins.d/50-hello.conf", store.pluginOrigin("hello"));
        MOLAR_ASSERT_CONTAINS("plugins.enabled (" + _defaults + "/molar.properties)",
                              store.pluginOrigin("other"));
        CPPUNIT_ASSERT_EQUAL(std::string("not enabled"), store.pluginOrigin("ignored"));
    }

    void testPluginsDirectoryRefusesOtherLines()
    {
        for (const std::string text : {"plugin = hello\nhttp.port = 1\n", "name = hello\n", "plugin =\n"}) {
            writeFile(_overrides + "/plugins.d/hello.conf", text);
            ConfigStore store;
            try {
                store.addPluginsDirectory(_overrides + "/plugins.d");
                CPPUNIT_FAIL("accepted " + text);
            } catch (const Poco::DataFormatException& e) {
                MOLAR_ASSERT_CONTAINS(_overrides + "/plugins.d/hello.conf: a plugins.d file holds one line",
                                      e.message());
            }
        }
    }

    void testBuiltInDefaultIsBelowEveryFile()
    {
        ConfigStore store;
        store.addBuiltInDefault("plugins.path", "/usr/lib/molar/plugins");
        store.addBuiltInDefault("http.port", "1");
        store.addDirectory(_defaults);
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/lib/molar/plugins"), store.get("plugins.path"));
        CPPUNIT_ASSERT_EQUAL(std::string("built-in default"), store.origin("plugins.path"));
        CPPUNIT_ASSERT_EQUAL(std::string("8080"), store.get("http.port"));
    }

    void testDisabledPluginDefaultsAreGone()
    {
        const std::string plugins = installPlugins();
        ConfigStore store;
        store.addDirectory(_defaults);
        store.set("plugins.path", _dir->file("elsewhere") + ", " + plugins);
        store.set("plugins.enabled", "other");
        store.addPluginDefaults();
        CPPUNIT_ASSERT(!store.has("hello.greeting"));
        CPPUNIT_ASSERT(store.leafKeys("hello").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Hello"), store.get("other.greeting"));
    }

    void testEnabledPluginsBringTheirNotificationRules()
    {
        const std::string plugins = installPlugins();
        writeFile(
            plugins + "/hello/config/notifications.properties",
            "notifications.labels.mood = hello.mood.\nnotifications.rules.greeted.event = hello.greeted\n");
        writeFile(_overrides + "/conf.d/notifications.properties",
                  "notifications.rules.greeted.channels = sms\n");
        for (const std::string enabled : {"hello", "other"}) {
            ConfigStore store;
            store.addDirectory(_defaults);
            store.addDirectory(_overrides);
            store.set("plugins.path", plugins);
            store.set("plugins.enabled", enabled);
            store.addPluginDefaults();
            if (enabled == "hello") {
                CPPUNIT_ASSERT_EQUAL(std::string("hello.greeted"),
                                     store.get("notifications.rules.greeted.event"));
                CPPUNIT_ASSERT_EQUAL(plugins + "/hello/config/notifications.properties",
                                     store.origin("notifications.rules.greeted.event"));
                CPPUNIT_ASSERT_EQUAL(std::string("sms"), store.get("notifications.rules.greeted.channels"));
            } else {
                // A disabled plugin's rules are gone; the site's override alone is not a rule.
                CPPUNIT_ASSERT(!store.has("notifications.rules.greeted.event"));
                CPPUNIT_ASSERT(!store.has("notifications.labels.mood"));
            }
        }
    }

    void testPluginRulesFileHoldsOnlyRules()
    {
        const std::string plugins = installPlugins();
        const std::string file = plugins + "/hello/config/notifications.properties";
        writeFile(file, "notifications.rules.greeted.event = hello.greeted\nnotifications.maxAttempts = 1\n");
        ConfigStore store;
        store.addDirectory(_defaults);
        store.set("plugins.path", plugins);
        store.set("plugins.enabled", "hello");
        try {
            store.addPluginDefaults();
            CPPUNIT_FAIL("a plugin's rules file set a host setting");
        } catch (const Poco::Exception& e) {
            MOLAR_ASSERT_CONTAINS(file + ": notifications.maxAttempts is not a notification rule",
                                  e.displayText());
        }
    }

    void testEnvironmentReachesPluginDefaults()
    {
        const std::string plugins = installPlugins();
        ConfigStore store;
        store.addDirectory(_defaults);
        FakeEnvironment env({"MOLAR_HELLO_GREETING=Salam", "MOLAR_HTTP_PORT=7070"});
        store.addEnvironment(env.get());
        store.set("plugins.path", plugins);
        store.set("plugins.enabled", "hello");
        store.addPluginDefaults();
        CPPUNIT_ASSERT_EQUAL(std::string("Salam"), store.get("hello.greeting"));
        CPPUNIT_ASSERT_EQUAL(std::string("environment variable MOLAR_HELLO_GREETING"),
                             store.origin("hello.greeting"));
        CPPUNIT_ASSERT_EQUAL(std::string("7070"), store.get("http.port"));
    }

    void testOverrideDirectoryBeatsDefaults()
    {
        ConfigStore store;
        store.addDirectory(_defaults);
        store.addDirectory(_overrides);
        CPPUNIT_ASSERT_EQUAL(std::string("9090"), store.get("http.port"));
        CPPUNIT_ASSERT_EQUAL(_overrides + "/molar.properties", store.origin("http.port"));
        // What the override does not set still comes from the defaults.
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), store.get("http.address"));
        CPPUNIT_ASSERT_EQUAL(_defaults + "/molar.properties", store.origin("http.address"));
        CPPUNIT_ASSERT_EQUAL(std::string("default"), store.origin("http.threads"));
        CPPUNIT_ASSERT(!store.has("http.threads"));
    }

    void testConfdFilesAreLoadedAndNamed()
    {
        writeFile(_defaults + "/conf.d/hello.properties", "hello.greeting = Hello\nhello.times = 2\n");
        writeFile(_overrides + "/conf.d/hello.properties", "hello.greeting = Bonjour\n");
        writeFile(_defaults + "/conf.d/notes.txt", "hello.greeting = ignored\n");
        ConfigStore store;
        store.addDirectory(_defaults);
        store.addDirectory(_overrides);
        CPPUNIT_ASSERT_EQUAL(std::string("Bonjour"), store.get("hello.greeting"));
        CPPUNIT_ASSERT_EQUAL(_overrides + "/conf.d/hello.properties", store.origin("hello.greeting"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), store.get("hello.times"));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"hello", "hello"}), store.confdNames());
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"hello.greeting", "hello.times"}),
                             store.leafKeys("hello"));
    }

    void testEnvironmentBeatsFiles()
    {
        ConfigStore store;
        store.addDirectory(_defaults);
        store.addDirectory(_overrides);
        FakeEnvironment env({"MOLAR_HTTP_PORT=7070", "MOLAR_HTTP_MAXBODYBYTES=2048"});
        store.addEnvironment(env.get());
        CPPUNIT_ASSERT_EQUAL(std::string("7070"), store.get("http.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("environment variable MOLAR_HTTP_PORT"), store.origin("http.port"));
        // Case, dots and underscores do not matter: the camel-case key is found.
        CPPUNIT_ASSERT_EQUAL(std::string("2048"), store.get("http.maxBodyBytes"));
        CPPUNIT_ASSERT_EQUAL(std::string("environment variable MOLAR_HTTP_MAXBODYBYTES"),
                             store.origin("http.maxBodyBytes"));
        CPPUNIT_ASSERT_EQUAL(_defaults + "/molar.properties", store.origin("db.url"));
    }

    void testEnvironmentIgnoresUnknownAndForeignVariables()
    {
        ConfigStore store;
        store.addDirectory(_defaults);
        FakeEnvironment env({"PATH=/usr/bin", "HTTP_PORT=1", "MOLAR_HTTP_PROT=1", "MOLAR_NO_EQUALS_SIGN"});
        store.addEnvironment(env.get());
        CPPUNIT_ASSERT_EQUAL(std::string("8080"), store.get("http.port"));
        CPPUNIT_ASSERT(!store.has("http.prot"));
        CPPUNIT_ASSERT(!store.has("path"));
        CPPUNIT_ASSERT_EQUAL(
            std::vector<std::string>({"db.url", "http.address", "http.maxBodyBytes", "http.port"}),
            store.leafKeys(""));
    }

    void testSetBeatsEnvironment()
    {
        ConfigStore store;
        store.addDirectory(_defaults);
        // --set is read before the environment, yet must still win over it.
        store.set("http.port", "6060");
        FakeEnvironment env({"MOLAR_HTTP_PORT=7070", "MOLAR_HTTP_ADDRESS=0.0.0.0"});
        store.addEnvironment(env.get());
        CPPUNIT_ASSERT_EQUAL(std::string("6060"), store.get("http.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("--set"), store.origin("http.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0"), store.get("http.address"));
        CPPUNIT_ASSERT_EQUAL(std::string("environment variable MOLAR_HTTP_ADDRESS"),
                             store.origin("http.address"));
    }

    void testUnreadableFileIsNamed()
    {
        const std::string missing = _dir->file("nowhere/molar.properties");
        ConfigStore store;
        try {
            store.addFile(missing);
            CPPUNIT_FAIL("a missing file was accepted");
        } catch (const Poco::Exception& e) {
            MOLAR_ASSERT_CONTAINS(missing, e.displayText());
        }
    }

    // ".x = 1" (or "= 1") made leafKeys recurse on the top for ever: a typo crashed molard
    // with a stack overflow before it could name the key.
    void testKeyStartingWithADotDoesNotLoop()
    {
        const std::string file = _dir->file("typo.properties");
        writeFile(file, ".port = 1\n= 2\nhttp.port = 3\nhttp..threads = 4\n");
        ConfigStore store;
        store.addFile(file);
        const auto keys = store.leafKeys("");
        CPPUNIT_ASSERT(std::find(keys.begin(), keys.end(), "http.port") != keys.end());
        CPPUNIT_ASSERT(std::find(keys.begin(), keys.end(), "http..threads") != keys.end());
        CPPUNIT_ASSERT_EQUAL(std::string("3"), store.get("http.port"));
    }

private:
    std::unique_ptr<TempDir> _dir;
    std::string _defaults;
    std::string _overrides;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigStoreTest);

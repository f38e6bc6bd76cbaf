// ConfigView: typed getters over one subtree, refusals that say what is allowed,
// and the keys nobody read.
#include "config/ConfigView.h"

#include "Assertions.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using molar::host::ConfigStore;
using molar::host::ConfigView;
using molar::sdk::ConfigError;
using molar::test::TempDir;

class ConfigViewTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigViewTest);
    CPPUNIT_TEST(testGetIntInRange);
    CPPUNIT_TEST(testGetIntOutOfRangeThrows);
    CPPUNIT_TEST(testGetIntNonNumericThrows);
    CPPUNIT_TEST(testGetBool);
    CPPUNIT_TEST(testGetChoice);
    CPPUNIT_TEST(testGetList);
    CPPUNIT_TEST(testRequireString);
    CPPUNIT_TEST(testUnreadKeysReportsMisspeltKey);
    CPPUNIT_TEST(testValueOnTheSubtreeNameIsAnUnknownKey);
    CPPUNIT_TEST(testDescribeConfigErrorIsOneLine);
    CPPUNIT_TEST(testDescribeConfigErrorHidesSecrets);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _file = _dir->file("conf.d/hello.properties");
        molar::test::writeFile(_file, "hello.times = 3\n"
                                      "hello.greeting = Hello\n"
                                      "hello.greting = typo\n"
                                      "hello.colour.primary = blue\n");
        _store = std::make_unique<ConfigStore>();
        _store->addFile(_file);
        _view = std::make_unique<ConfigView>(*_store, "hello");
    }

    void tearDown() override
    {
        _view.reset();
        _store.reset();
        _dir.reset();
    }

    void testGetIntInRange()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), _view->getInt("times", 1, 1, 10));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), _view->getInt("missing", 7, 1, 10));
        _store->set("hello.times", " 10 ");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), _view->getInt("times", 1, 1, 10));
    }

    void testGetIntOutOfRangeThrows()
    {
        _store->set("hello.times", "11");
        try {
            _view->getInt("times", 1, 1, 10);
            CPPUNIT_FAIL("11 was accepted for a range of 1 to 10");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("hello.times"), e.key());
            CPPUNIT_ASSERT_EQUAL(std::string("11"), e.value());
            MOLAR_ASSERT_CONTAINS("1 to 10", e.allowed());
        }
        _store->set("hello.times", "0");
        CPPUNIT_ASSERT_THROW(_view->getInt("times", 1, 1, 10), ConfigError);
    }

    void testGetIntNonNumericThrows()
    {
        for (const char* bad : {"three", "3x", "", "3.5", "99999999999999999999"}) {
            _store->set("hello.times", bad);
            try {
                _view->getInt("times", 1, 1, 10);
                CPPUNIT_FAIL(std::string("'") + bad + "' was accepted as an integer");
            } catch (const ConfigError& e) {
                CPPUNIT_ASSERT_EQUAL(std::string("hello.times"), e.key());
                CPPUNIT_ASSERT_EQUAL(std::string(bad), e.value());
                MOLAR_ASSERT_CONTAINS("integer", e.allowed());
            }
        }
    }

    void testGetBool()
    {
        for (const char* yes : {"true", "YES", "on", "1", " True "}) {
            _store->set("hello.flag", yes);
            CPPUNIT_ASSERT_MESSAGE(yes, _view->getBool("flag", false));
        }
        for (const char* no : {"false", "No", "off", "0"}) {
            _store->set("hello.flag", no);
            CPPUNIT_ASSERT_MESSAGE(no, !_view->getBool("flag", true));
        }
        CPPUNIT_ASSERT(_view->getBool("absent", true));
        _store->set("hello.flag", "maybe");
        try {
            _view->getBool("flag", false);
            CPPUNIT_FAIL("'maybe' was accepted as a boolean");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("maybe"), e.value());
            CPPUNIT_ASSERT_EQUAL(std::string("true or false"), e.allowed());
        }
    }

    void testGetChoice()
    {
        const std::vector<std::string> colours{"red", "blue"};
        CPPUNIT_ASSERT_EQUAL(std::string("blue"), _view->getChoice("colour.primary", "red", colours));
        CPPUNIT_ASSERT_EQUAL(std::string("red"), _view->getChoice("colour.secondary", "red", colours));
        _store->set("hello.colour.primary", "green");
        try {
            _view->getChoice("colour.primary", "red", colours);
            CPPUNIT_FAIL("'green' was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("hello.colour.primary"), e.key());
            CPPUNIT_ASSERT_EQUAL(std::string("green"), e.value());
            CPPUNIT_ASSERT_EQUAL(std::string("one of red, blue"), e.allowed());
        }
    }

    void testGetList()
    {
        _store->set("hello.names", " ana , ,bo,, chen ");
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"ana", "bo", "chen"}), _view->getList("names", {}));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"x"}), _view->getList("absent", {"x"}));
        _store->set("hello.names", "");
        CPPUNIT_ASSERT(_view->getList("names", {"x"}).empty());
    }

    void testRequireString()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Hello"), _view->requireString("greeting"));
        CPPUNIT_ASSERT_THROW(_view->requireString("absent"), ConfigError);
        _store->set("hello.greeting", "   ");
        CPPUNIT_ASSERT_THROW(_view->requireString("greeting"), ConfigError);
    }

    void testUnreadKeysReportsMisspeltKey()
    {
        _view->getString("greeting", "");
        _view->getInt("times", 1, 1, 10);
        // Reading a parent covers the keys below it (a map-valued key).
        _view->getString("colour", "");
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"hello.greting"}), _view->unreadKeys());
        _view->markRead("greting");
        CPPUNIT_ASSERT(_view->unreadKeys().empty());
    }

    // "hello = 1" beside hello.*: keys() took a substring past the name's end (std::out_of_range
    // out of HostSettings::read, and molard ended on it); the value is an unknown key instead.
    void testValueOnTheSubtreeNameIsAnUnknownKey()
    {
        _store->set("hello", "1");
        const auto keys = _view->keys();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), keys.size());
        CPPUNIT_ASSERT(std::find(keys.begin(), keys.end(), "times") != keys.end());
        _view->getString("greeting", "");
        _view->getInt("times", 1, 1, 10);
        _view->getString("colour", "");
        _view->markRead("greting");
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"hello"}), _view->unreadKeys());
    }

    void testDescribeConfigErrorIsOneLine()
    {
        std::string line;
        try {
            _view->getChoice("greeting", "Hello", {"Hi", "Hey"});
            CPPUNIT_FAIL("'Hello' was accepted");
        } catch (const ConfigError& e) {
            line = molar::host::describeConfigError(*_store, e.key(), e.value(), e.allowed());
        }
        CPPUNIT_ASSERT(line.find('\n') == std::string::npos);
        MOLAR_ASSERT_CONTAINS(_file, line);
        MOLAR_ASSERT_CONTAINS("hello.greeting", line);
        MOLAR_ASSERT_CONTAINS("'Hello'", line);
        MOLAR_ASSERT_CONTAINS("one of Hi, Hey", line);
        // The value set on the command line is blamed on --set, not on the file.
        _store->set("hello.greeting", "Yo");
        MOLAR_ASSERT_CONTAINS(
            "--set: hello.greeting = 'Yo'",
            molar::host::describeConfigError(*_store, "hello.greeting", "Yo", "one of Hi, Hey"));
    }

    void testDescribeConfigErrorHidesSecrets()
    {
        for (const std::string key : {"notify-email.password", "notify-whatsapp.accessToken", "pay.apiKey",
                                      "notify-whatsapp.appSecret"}) {
            const std::string line =
                molar::host::describeConfigError(*_store, key, "hunter2-s3cret", "anything");
            MOLAR_ASSERT_NOT_CONTAINS("hunter2", line);
            MOLAR_ASSERT_CONTAINS(key + " = (hidden, 14 characters)", line);
        }
        // A file name is not a secret: the operator needs to see which one.
        MOLAR_ASSERT_CONTAINS("'/etc/molar/smtp.pass'",
                              molar::host::describeConfigError(*_store, "notify-email.passwordFile",
                                                               "/etc/molar/smtp.pass", "a readable file"));
    }

private:
    std::unique_ptr<TempDir> _dir;
    std::string _file;
    std::unique_ptr<ConfigStore> _store;
    std::unique_ptr<ConfigView> _view;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigViewTest);

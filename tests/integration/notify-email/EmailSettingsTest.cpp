// The shipped plugins/notify-email/config/notify-email.properties through the host's layered
// configuration (files, environment, --set), and the values the plugin refuses: the plugin's
// settings reader with the host's config, so it lives with the integration suites.
#include "EmailSettings.h"

#include "Assertions.h"
#include "TestDatabase.h"
#include "config/ConfigStore.h"
#include "config/ConfigView.h"
#include "molar/sdk/Errors.h"

#include <Poco/Environment.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace molar::notifyemail;
using molar::host::ConfigStore;
using molar::host::ConfigView;
using molar::test::TempDir;

namespace {

// The shipped file, then the given environment, then --set for each override.
std::unique_ptr<ConfigStore> store(const std::map<std::string, std::string>& overrides,
                                   std::vector<std::string> environment = {})
{
    auto config = std::make_unique<ConfigStore>();
    config->addFile(std::string(MOLAR_SOURCE_DIR) + "/plugins/notify-email/config/notify-email.properties");
    std::vector<char*> env;
    for (auto& entry : environment)
        env.push_back(entry.data());
    env.push_back(nullptr);
    config->addEnvironment(env.data());
    for (const auto& [key, value] : overrides)
        config->set("notify-email." + key, value);
    return config;
}

EmailSettings read(const std::map<std::string, std::string>& overrides,
                   std::vector<std::string> environment = {})
{
    auto config = store(overrides, std::move(environment));
    ConfigView view(*config, "notify-email");
    return readEmailSettings(view);
}

// The key of the ConfigError that `overrides` cause, and its message.
std::string refusedKey(const std::map<std::string, std::string>& overrides, std::string* message = nullptr)
{
    try {
        read(overrides);
    } catch (const molar::sdk::ConfigError& e) {
        if (message)
            *message = std::string(e.what()) + " " + e.value() + " " + e.allowed();
        return e.key();
    }
    return "(accepted)";
}

} // namespace

class EmailSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EmailSettingsTest);
    CPPUNIT_TEST(testShippedDefaults);
    CPPUNIT_TEST(testPasswordFromEnvironment);
    CPPUNIT_TEST(testPasswordFile);
    CPPUNIT_TEST(testRefusedValuesNameTheirKey);
    CPPUNIT_TEST(testALoginWithoutTlsOnlyToALocalRelay);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShippedDefaults()
    {
        auto config = store({});
        ConfigView view(*config, "notify-email");
        EmailSettings s = readEmailSettings(view);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>(), view.unreadKeys());
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), s.host);
        CPPUNIT_ASSERT_EQUAL(25, int(s.port));
        CPPUNIT_ASSERT(s.security == Security::StartTls);
        CPPUNIT_ASSERT(s.username.empty() && s.password.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Molar Dental Lab"), s.from.name);
        CPPUNIT_ASSERT_EQUAL(std::string("noreply@lab.example"), s.from.address);
        CPPUNIT_ASSERT(s.replyTo.address.empty());
        CPPUNIT_ASSERT_EQUAL(Poco::Environment::nodeName(), s.heloName);
        CPPUNIT_ASSERT_EQUAL(30, s.timeoutSeconds);
        CPPUNIT_ASSERT(s.caFile.empty());
        CPPUNIT_ASSERT(s.verifyCertificate);

        EmailSettings provider = read({{"host", "smtp.provider.example"},
                                       {"port", "465"},
                                       {"security", "tls"},
                                       {"username", "lab"},
                                       {"password", "s3cret"},
                                       {"replyTo", "desk@lab.example"},
                                       {"heloName", "portal.lab.example"}});
        CPPUNIT_ASSERT(provider.security == Security::Tls);
        CPPUNIT_ASSERT_EQUAL(std::string("smtp.provider.example:465"), provider.server());
        CPPUNIT_ASSERT_EQUAL(std::string("desk@lab.example"), provider.replyTo.address);
        CPPUNIT_ASSERT_EQUAL(std::string("portal.lab.example"), provider.heloName);
    }

    void testPasswordFromEnvironment()
    {
        EmailSettings s =
            read({{"username", "lab"}}, {"MOLAR_NOTIFY_EMAIL_PASSWORD=from env", "PATH=/usr/bin"});
        CPPUNIT_ASSERT_EQUAL(std::string("from env"), s.password);
    }

    void testPasswordFile()
    {
        TempDir dir;
        const std::string path = dir.file("smtp-password");
        std::ofstream(path) << "  file secret\n";
        ::chmod(path.c_str(), 0644);
        std::string message;
        CPPUNIT_ASSERT_EQUAL(std::string("passwordFile"),
                             refusedKey({{"username", "lab"}, {"passwordFile", path}}, &message));
        MOLAR_ASSERT_CONTAINS("chmod 600", message);
        MOLAR_ASSERT_NOT_CONTAINS("file secret", message);

        ::chmod(path.c_str(), 0600);
        CPPUNIT_ASSERT_EQUAL(std::string("file secret"),
                             read({{"username", "lab"}, {"passwordFile", path}}).password);
        CPPUNIT_ASSERT_EQUAL(std::string("passwordFile"),
                             refusedKey({{"username", "lab"}, {"passwordFile", path}, {"password", "x"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("passwordFile"),
                             refusedKey({{"username", "lab"}, {"passwordFile", dir.file("missing")}}));
    }

    void testRefusedValuesNameTheirKey()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("notify-email.port"), refusedKey({{"port", "0"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notify-email.port"), refusedKey({{"port", "70000"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notify-email.port"), refusedKey({{"port", "smtp"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notify-email.security"), refusedKey({{"security", "ssl"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notify-email.timeoutSeconds"),
                             refusedKey({{"timeoutSeconds", "0"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notify-email.verifyCertificate"),
                             refusedKey({{"verifyCertificate", "maybe"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("host"), refusedKey({{"host", "smtp example"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("from"), refusedKey({{"from", "Molar Lab <noreply@lab>"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("from"), refusedKey({{"from", ""}}));
        CPPUNIT_ASSERT_EQUAL(std::string("replyTo"), refusedKey({{"replyTo", "desk"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("heloName"), refusedKey({{"heloName", "my host"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("caFile"), refusedKey({{"caFile", "/nonexistent/ca.pem"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("password"), refusedKey({{"username", "lab"}}));
        std::string message;
        CPPUNIT_ASSERT_EQUAL(std::string("username"), refusedKey({{"password", "hunter2"}}, &message));
        MOLAR_ASSERT_NOT_CONTAINS("hunter2", message);
    }

    void testALoginWithoutTlsOnlyToALocalRelay()
    {
        std::string message;
        CPPUNIT_ASSERT_EQUAL(
            std::string("security"),
            refusedKey({{"security", "none"}, {"username", "lab"}, {"password", "hunter2"}}, &message));
        MOLAR_ASSERT_CONTAINS("allowPlainAuth", message);
        MOLAR_ASSERT_NOT_CONTAINS("hunter2", message);
        // Said explicitly, for a relay on this machine.
        EmailSettings local = read({{"security", "none"},
                                    {"username", "lab"},
                                    {"password", "hunter2"},
                                    {"allowPlainAuth", "true"},
                                    {"host", "127.0.0.1"}});
        CPPUNIT_ASSERT(local.allowPlainAuth);
        CPPUNIT_ASSERT(read({{"security", "none"},
                             {"username", "lab"},
                             {"password", "x"},
                             {"allowPlainAuth", "true"},
                             {"host", "localhost"}})
                           .allowPlainAuth);
        // Never for a server elsewhere, whatever the security.
        CPPUNIT_ASSERT_EQUAL(std::string("allowPlainAuth"), refusedKey({{"security", "none"},
                                                                        {"username", "lab"},
                                                                        {"password", "x"},
                                                                        {"allowPlainAuth", "true"},
                                                                        {"host", "smtp.example.com"}}));
        // Without a login, a plain relay needs nothing more; with TLS, neither does a login.
        CPPUNIT_ASSERT_EQUAL(std::string("(accepted)"), refusedKey({{"security", "none"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("(accepted)"),
                             refusedKey({{"security", "starttls"}, {"username", "lab"}, {"password", "x"}}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EmailSettingsTest);

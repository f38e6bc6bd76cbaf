// The channel against a local fake of the Graph API: the SDK's conformance checks,
// the request as sent, and every error class as Graph answers it.
#include "WhatsAppChannel.h"
#include "FakeGraphApi.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/NotificationChannelConformance.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace molar::whatsapp;
using molar::sdk::OutgoingMessage;
using molar::sdk::PermanentError;
using molar::whatsapp::test::FakeGraphApi;

namespace {

const std::string phoneNumberId = "106540352242922";
const std::string token = "EAAG-test-token";

WhatsAppSettings settingsFor(const FakeGraphApi& fake)
{
    WhatsAppSettings s;
    s.graphUrl = fake.baseUrl();
    s.phoneNumberId = phoneNumberId;
    s.accessToken = token;
    s.timeoutSeconds = 2;
    return s;
}

OutgoingMessage message(const std::string& address, const std::string& language = "en")
{
    OutgoingMessage m;
    m.id = "42";
    m.address = address;
    m.language = language;
    m.templateName = "case_received";
    m.templateParameters = {"TR-260101-1A4F", "https://lab.example/track/TR-260101-1A4F"};
    return m;
}

// What send() threw: "permanent: <what>", "temporary: <what>" or "sent".
std::string outcome(WhatsAppChannel& channel, const OutgoingMessage& m)
{
    try {
        channel.send(m);
    } catch (const PermanentError& e) {
        return std::string("permanent: ") + e.what();
    } catch (const std::exception& e) {
        return std::string("temporary: ") + e.what();
    }
    return "sent";
}

bool startsWith(const std::string& text, const std::string& start)
{
    return text.compare(0, start.size(), start) == 0;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class WhatsAppChannelTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WhatsAppChannelTest);
    CPPUNIT_TEST(testConformance);
    CPPUNIT_TEST(testInfo);
    CPPUNIT_TEST(testRequestAsSent);
    CPPUNIT_TEST(testParametersOnOneLine);
    CPPUNIT_TEST(testNoParameters);
    CPPUNIT_TEST(testLanguageMapping);
    CPPUNIT_TEST(testPermanentErrors);
    CPPUNIT_TEST(testTemporaryErrors);
    CPPUNIT_TEST(testExpiredToken);
    CPPUNIT_TEST(testWrongTokenAsGraphAnswersIt);
    CPPUNIT_TEST(testServerError);
    CPPUNIT_TEST(testAnswerWithoutMessageId);
    CPPUNIT_TEST(testTimeout);
    CPPUNIT_TEST(testOutageAndRecovery);
    CPPUNIT_TEST(testTokenNotInErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _fake = std::make_unique<FakeGraphApi>(phoneNumberId, token);
        _channel = std::make_unique<WhatsAppChannel>(settingsFor(*_fake));
    }

    void tearDown() override
    {
        _channel.reset();
        _fake.reset();
    }

    void testConformance()
    {
        _fake->fail("97455500026", 131026, "Message undeliverable", "Unable to deliver message.");
        molar::sdk::testing::NotificationChannelConformanceOptions options;
        options.address = "+97455512345";
        options.refusedAddress = "+97455500026";
        options.received = [this](const OutgoingMessage& m, const std::string& wamid) {
            auto r = _fake->find(wamid);
            return r && "+" + r->to == m.address && r->templateName == m.templateName &&
                   r->language == "en_US" && r->parameters == m.templateParameters;
        };
        options.setProviderDown = [this](bool down) { down ? _fake->stop() : _fake->start(); };
        auto failures = molar::sdk::testing::checkNotificationChannel(*_channel, options);
        CPPUNIT_ASSERT_MESSAGE(failures.empty() ? "" : failures.front(), failures.empty());
        assertNoProblems();
    }

    void testInfo()
    {
        auto info = _channel->info();
        CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), info.name);
        CPPUNIT_ASSERT(info.address == molar::sdk::AddressKind::Phone);
        CPPUNIT_ASSERT(info.usesTemplates);
    }

    void testRequestAsSent()
    {
        OutgoingMessage m = message("+97455512345");
        m.templateParameters = {"TR-260101-1A4F", "Dr \"Amal\" Al-Thani", "\xd8\xac\xd8\xa7\xd9\x87\xd8\xb2"};
        const std::string wamid = _channel->send(m);
        CPPUNIT_ASSERT(startsWith(wamid, "wamid."));
        auto r = _fake->find(wamid);
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT_EQUAL(std::string("97455512345"), r->to);
        CPPUNIT_ASSERT_EQUAL(std::string("case_received"), r->templateName);
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), r->language);
        CPPUNIT_ASSERT(r->hasComponents);
        CPPUNIT_ASSERT(r->parameters == m.templateParameters);
        assertNoProblems();
    }

    void testParametersOnOneLine()
    {
        OutgoingMessage m = message("+97455512345");
        m.templateParameters = {"TR-260101-1A4F", "Margins unclear.\nPlease rescan\t 36."};
        auto r = _fake->find(_channel->send(m));
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT_EQUAL(std::string("Margins unclear. Please rescan 36."), r->parameters.at(1));
    }

    void testNoParameters()
    {
        OutgoingMessage m = message("+97455512345");
        m.templateParameters.clear();
        auto r = _fake->find(_channel->send(m));
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT(!r->hasComponents);
        CPPUNIT_ASSERT(!contains(r->body, "components"));
        assertNoProblems();
    }

    void testLanguageMapping()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("ar"),
                             _fake->find(_channel->send(message("+97455512345", "ar")))->language);
        CPPUNIT_ASSERT_EQUAL(std::string("fr"),
                             _fake->find(_channel->send(message("+97455512345", "fr")))->language);
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"),
                             _fake->find(_channel->send(message("+97455512345", "de")))->language);
        assertNoProblems();
    }

    void testPermanentErrors()
    {
        const std::vector<std::pair<long long, std::string>> codes{
            {100, "(#100) Invalid parameter"},
            {131026, "Message undeliverable"},
            {131030, "Recipient phone number not in allowed list"},
            {131047, "Re-engagement message"},
            {132001, "Template name does not exist in the translation"},
            {368, "Temporarily blocked for policies violations"}};
        int n = 0;
        for (const auto& [code, title] : codes) {
            const std::string to = "9745550" + std::to_string(1000 + n++);
            _fake->fail(to, code, title, title + " details");
            const std::string result = outcome(*_channel, message("+" + to));
            CPPUNIT_ASSERT_MESSAGE(result,
                                   startsWith(result, "permanent: WhatsApp error " + std::to_string(code) +
                                                          ": " + title + " (" + title + " details)"));
        }
        CPPUNIT_ASSERT_EQUAL(codes.size(), _fake->received().size());
        assertNoProblems();
    }

    void testTemporaryErrors()
    {
        const std::vector<std::pair<long long, std::string>> codes{
            {4, "(#4) Application request limit reached"},
            {80007, "Rate limit issues"},
            {130429, "Rate limit hit"},
            {131048, "Spam rate limit hit"},
            {131056, "(Business Account, Consumer Account) pair rate limit hit"}};
        int n = 0;
        for (const auto& [code, title] : codes) {
            const std::string to = "9745551" + std::to_string(1000 + n++);
            _fake->fail(to, code, title, "");
            const std::string result = outcome(*_channel, message("+" + to));
            CPPUNIT_ASSERT_MESSAGE(result, startsWith(result, "temporary: WhatsApp error " +
                                                                  std::to_string(code) + ": " + title));
        }
        assertNoProblems();
    }

    void testExpiredToken()
    {
        _fake->fail("97455500190", 190, "Error validating access token: Session has expired", "");
        const std::string result = outcome(*_channel, message("+97455500190"));
        CPPUNIT_ASSERT_MESSAGE(result, startsWith(result, "temporary: WhatsApp error 190: Error validating"));
        CPPUNIT_ASSERT_MESSAGE(result, contains(result, "renew"));
    }

    void testWrongTokenAsGraphAnswersIt()
    {
        WhatsAppSettings s = settingsFor(*_fake);
        s.accessToken = "EAAG-revoked";
        WhatsAppChannel channel(s);
        const std::string result = outcome(channel, message("+97455512345"));
        CPPUNIT_ASSERT_MESSAGE(result, startsWith(result, "temporary: WhatsApp error 190"));
        CPPUNIT_ASSERT_MESSAGE(result, contains(result, "renew"));
    }

    void testServerError()
    {
        _fake->script("97455500500",
                      {500, R"({"error":{"message":"An unknown error occurred","code":1}})", 0});
        _fake->script("97455500503", {503, "<html>Service Unavailable</html>", 0});
        CPPUNIT_ASSERT(
            startsWith(outcome(*_channel, message("+97455500500")), "temporary: WhatsApp error 1:"));
        CPPUNIT_ASSERT(
            startsWith(outcome(*_channel, message("+97455500503")), "temporary: WhatsApp answered HTTP 503"));
    }

    void testAnswerWithoutMessageId()
    {
        _fake->script("97455500200", {200, R"({"messaging_product":"whatsapp","messages":[]})", 0});
        _fake->script("97455500201", {200, "accepted", 0});
        CPPUNIT_ASSERT_EQUAL(std::string("temporary: no message id in the answer"),
                             outcome(*_channel, message("+97455500200")));
        CPPUNIT_ASSERT_EQUAL(std::string("temporary: no message id in the answer"),
                             outcome(*_channel, message("+97455500201")));
    }

    void testTimeout()
    {
        WhatsAppSettings s = settingsFor(*_fake);
        s.timeoutSeconds = 1;
        WhatsAppChannel channel(s);
        _fake->script("97455500408", {200, "{}", 1600});
        const std::string result = outcome(channel, message("+97455500408"));
        CPPUNIT_ASSERT_MESSAGE(result, startsWith(result, "temporary: WhatsApp did not answer within 1 s"));
    }

    void testOutageAndRecovery()
    {
        _fake->stop();
        const std::string result = outcome(*_channel, message("+97455512345"));
        CPPUNIT_ASSERT_MESSAGE(result, startsWith(result, "temporary: cannot reach WhatsApp at 127.0.0.1"));
        _fake->start();
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), outcome(*_channel, message("+97455512345")));
    }

    void testTokenNotInErrors()
    {
        _fake->fail("97455500100", 100, "(#100) Invalid parameter", "");
        _fake->script("97455500501", {502, "bad gateway", 0});
        for (const std::string to : {"+97455500100", "+97455500501"})
            CPPUNIT_ASSERT(!contains(outcome(*_channel, message(to)), token));
        _fake->stop();
        CPPUNIT_ASSERT(!contains(outcome(*_channel, message("+97455512345")), token));
    }

private:
    void assertNoProblems()
    {
        auto problems = _fake->problems();
        CPPUNIT_ASSERT_MESSAGE(problems.empty() ? "" : problems.front(), problems.empty());
    }

    std::unique_ptr<FakeGraphApi> _fake;
    std::unique_ptr<WhatsAppChannel> _channel;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WhatsAppChannelTest);

// The fake refuses what the Graph API would refuse, so the channel's tests prove
// something; and the client reaches it by the scheme in the URL.
#include "FakeGraphApi.h"
#include "GraphClient.h"
#include "WhatsAppChannel.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::whatsapp;
using molar::whatsapp::test::FakeGraphApi;

class FakeGraphApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FakeGraphApiTest);
    CPPUNIT_TEST(testRefusesAnotherShape);
    CPPUNIT_TEST(testRefusesAnotherPathOrToken);
    CPPUNIT_TEST(testHttpsUrlSpeaksTls);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRefusesAnotherShape()
    {
        FakeGraphApi fake("106540352242922", "token");
        GraphClient client(fake.baseUrl(), 2);
        GraphAnswer answer = client.postJson(
            "/106540352242922/messages", "token",
            R"({"messaging_product":"whatsapp","to":"+97455512345","type":"text","text":{"body":"hi"}})");
        CPPUNIT_ASSERT_EQUAL(400, answer.status);
        CPPUNIT_ASSERT(answer.body.find("\"code\":100") != std::string::npos);
        auto problems = fake.problems();
        CPPUNIT_ASSERT(problems.size() >= 4); // keys, recipient_type, type, to, template
        CPPUNIT_ASSERT(fake.received().empty());
    }

    void testRefusesAnotherPathOrToken()
    {
        FakeGraphApi fake("106540352242922", "token");
        GraphClient client(fake.baseUrl(), 2);
        const std::string body =
            R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"97455512345",)"
            R"("type":"template","template":{"name":"t","language":{"code":"en_US"}}})";
        CPPUNIT_ASSERT_EQUAL(200, client.postJson("/106540352242922/messages", "token", body).status);
        CPPUNIT_ASSERT_EQUAL(400, client.postJson("/999/messages", "token", body).status);
        CPPUNIT_ASSERT_EQUAL(401, client.postJson("/106540352242922/messages", "other", body).status);
    }

    void testHttpsUrlSpeaksTls()
    {
        // An https:// URL makes a TLS session: against a plain-HTTP server the
        // handshake fails, which is a temporary error like any other network failure.
        FakeGraphApi fake("106540352242922", "token");
        WhatsAppSettings s;
        s.graphUrl = "https" + fake.baseUrl().substr(4);
        s.phoneNumberId = "106540352242922";
        s.accessToken = "token";
        s.timeoutSeconds = 1;
        WhatsAppChannel channel(s);
        molar::sdk::OutgoingMessage m;
        m.address = "+97455512345";
        m.templateName = "t";
        std::string outcome = "sent";
        try {
            channel.send(m);
        } catch (const molar::sdk::PermanentError& e) {
            outcome = std::string("permanent: ") + e.what();
        } catch (const std::exception& e) {
            outcome = e.what();
        }
        // The server either drops the handshake or waits for a request line.
        CPPUNIT_ASSERT_MESSAGE(outcome, outcome.find("cannot reach WhatsApp at 127.0.0.1") == 0 ||
                                            outcome.find("WhatsApp did not answer within 1 s") == 0);
        CPPUNIT_ASSERT(fake.received().empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FakeGraphApiTest);

// Meta's webhook: the subscription handshake, the X-Hub-Signature-256 check over
// the raw body, and delivery statuses read into neutral reports.
#include "StatusWebhook.h"
#include "WebhookVerifier.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace molar::whatsapp;
using molar::sdk::DeliveryReport;
using molar::sdk::DeliveryState;

namespace {

const std::string appSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const std::string verifyToken = "lab-verify-7Qm2";

// Four statuses of two messages, as Meta sends them: one change per status
// batch, with metadata, conversation and pricing on the first ones.
const std::string payload =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[
{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
"statuses":[
{"id":"wamid.HBgLOTc0NTU1MTIzNDUVAgARGBI1","status":"sent","timestamp":"1750263773","recipient_id":"97455512345",
 "conversation":{"id":"2a0c1b1e2ab6d7e3ad8f1a6a2f3c4d5e","expiration_timestamp":"1750350180","origin":{"type":"utility"}},
 "pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}},
{"id":"wamid.HBgLOTc0NTU1MTIzNDUVAgARGBI1","status":"delivered","timestamp":"1750263775","recipient_id":"97455512345"}]},
"field":"messages"},
{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
"statuses":[
{"id":"wamid.HBgLOTc0NTU1MTIzNDUVAgARGBI1","status":"read","timestamp":"1750263801","recipient_id":"97455512345"},
{"id":"wamid.HBgLOTc0NTU1MDAwMjYVAgARGBI2","status":"failed","timestamp":"1750263802","recipient_id":"97455500026",
 "errors":[{"code":131026,"title":"Message undeliverable","message":"Message undeliverable",
 "error_data":{"details":"Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number."},
 "href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}]},
"field":"messages"}]}]})";

std::string sign(const std::string& body, const std::string& secret = appSecret)
{
    return "sha256=" + hmacSha256Hex(secret, body);
}

struct Recorder
{
    std::vector<DeliveryReport> reports;
    StatusWebhook webhook(const std::string& secret = appSecret)
    {
        return StatusWebhook(secret, verifyToken, [this](const DeliveryReport& r) {
            reports.push_back(r);
            return false; // as for a message the outbox does not know
        });
    }
};

} // namespace

class StatusWebhookTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatusWebhookTest);
    CPPUNIT_TEST(testHmacKnownAnswer);
    CPPUNIT_TEST(testHandshake);
    CPPUNIT_TEST(testHandshakeWithoutVerifyToken);
    CPPUNIT_TEST(testSignedStatusesAreReported);
    CPPUNIT_TEST(testUnsignedIsRefused);
    CPPUNIT_TEST(testWrongSignatureIsRefused);
    CPPUNIT_TEST(testSignatureCoversTheRawBytes);
    CPPUNIT_TEST(testMalformedBodyWithValidSignature);
    CPPUNIT_TEST(testOtherEventsAreAcknowledged);
    CPPUNIT_TEST(testWithoutAppSecret);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHmacKnownAnswer()
    {
        // RFC 4231, test case 2.
        CPPUNIT_ASSERT_EQUAL(std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                             hmacSha256Hex("Jefe", "what do ya want for nothing?"));
    }

    void testHandshake()
    {
        Recorder recorder;
        StatusWebhook webhook = recorder.webhook();
        WebhookAnswer ok = webhook.verify("subscribe", verifyToken, "1158201444");
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1158201444"), ok.body);
        CPPUNIT_ASSERT_EQUAL(403, webhook.verify("subscribe", "lab-verify-7Qm3", "1158201444").status);
        CPPUNIT_ASSERT_EQUAL(403, webhook.verify("subscribe", "", "1158201444").status);
        CPPUNIT_ASSERT_EQUAL(403, webhook.verify("unsubscribe", verifyToken, "1158201444").status);
        CPPUNIT_ASSERT_EQUAL(403, webhook.verify("", verifyToken, "1158201444").status);
    }

    void testHandshakeWithoutVerifyToken()
    {
        StatusWebhook webhook(appSecret, "", [](const DeliveryReport&) { return true; });
        CPPUNIT_ASSERT_EQUAL(503, webhook.verify("subscribe", "", "1158201444").status);
    }

    void testSignedStatusesAreReported()
    {
        Recorder recorder;
        WebhookAnswer answer = recorder.webhook().receive(sign(payload), payload);
        CPPUNIT_ASSERT_EQUAL(200, answer.status);
        const auto& r = recorder.reports;
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), r.size());
        for (const auto& report : r)
            CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), report.channel);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.HBgLOTc0NTU1MTIzNDUVAgARGBI1"), r[0].providerMessageId);
        CPPUNIT_ASSERT(r[0].state == DeliveryState::Sent);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1750263773000), r[0].atMillis);
        CPPUNIT_ASSERT(r[0].detail.empty());
        CPPUNIT_ASSERT(r[1].state == DeliveryState::Delivered);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1750263775000), r[1].atMillis);
        CPPUNIT_ASSERT(r[2].state == DeliveryState::Read);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.HBgLOTc0NTU1MDAwMjYVAgARGBI2"), r[3].providerMessageId);
        CPPUNIT_ASSERT(r[3].state == DeliveryState::Failed);
        CPPUNIT_ASSERT_EQUAL(
            std::string("131026 Message undeliverable (Unable to deliver message. Reasons can "
                        "include: the recipient phone number is not a WhatsApp phone number.)"),
            r[3].detail);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1750263802000), r[3].atMillis);
    }

    void testUnsignedIsRefused()
    {
        Recorder recorder;
        CPPUNIT_ASSERT_EQUAL(401, recorder.webhook().receive("", payload).status);
        CPPUNIT_ASSERT_EQUAL(401, recorder.webhook().receive("sha256=", payload).status);
        CPPUNIT_ASSERT_EQUAL(401,
                             recorder.webhook().receive(hmacSha256Hex(appSecret, payload), payload).status);
        CPPUNIT_ASSERT(recorder.reports.empty());
    }

    void testWrongSignatureIsRefused()
    {
        Recorder recorder;
        StatusWebhook webhook = recorder.webhook();
        CPPUNIT_ASSERT_EQUAL(401, webhook.receive(sign(payload, "another-app-secret"), payload).status);
        std::string flipped = sign(payload);
        flipped.back() = flipped.back() == '0' ? '1' : '0';
        CPPUNIT_ASSERT_EQUAL(401, webhook.receive(flipped, payload).status);
        CPPUNIT_ASSERT_EQUAL(401, webhook.receive(sign(payload).substr(0, 40), payload).status);
        CPPUNIT_ASSERT_EQUAL(401, webhook.receive("sha256=zz" + sign(payload).substr(9), payload).status);
        CPPUNIT_ASSERT_EQUAL(401,
                             webhook.receive("sha1=" + hmacSha256Hex(appSecret, payload), payload).status);
        // A valid signature of another body.
        CPPUNIT_ASSERT_EQUAL(401, webhook.receive(sign("{}"), payload).status);
        CPPUNIT_ASSERT(recorder.reports.empty());
    }

    void testSignatureCoversTheRawBytes()
    {
        // The same JSON, re-serialised without the whitespace Meta sent, no longer
        // matches the signature of the bytes as sent.
        Poco::JSON::Parser parser;
        std::ostringstream out;
        parser.parse(payload).extract<Poco::JSON::Object::Ptr>()->stringify(out);
        const std::string reserialised = out.str();
        CPPUNIT_ASSERT(reserialised != payload);
        Recorder recorder;
        CPPUNIT_ASSERT_EQUAL(401, recorder.webhook().receive(sign(payload), reserialised).status);
        CPPUNIT_ASSERT(recorder.reports.empty());
        CPPUNIT_ASSERT_EQUAL(200, recorder.webhook().receive(sign(reserialised), reserialised).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), recorder.reports.size());
    }

    void testMalformedBodyWithValidSignature()
    {
        Recorder recorder;
        StatusWebhook webhook = recorder.webhook();
        for (const std::string body : {"{\"object\":", "[1,2,3]", "", "not json"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 400, webhook.receive(sign(body), body).status);
        CPPUNIT_ASSERT(recorder.reports.empty());
    }

    void testOtherEventsAreAcknowledged()
    {
        // An incoming message and an unknown status: nothing to report, still 200.
        const std::string body =
            R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{)"
            R"("messaging_product":"whatsapp","contacts":[{"profile":{"name":"Amal"},"wa_id":"97455512345"}],)"
            R"("messages":[{"from":"97455512345","id":"wamid.in","timestamp":"1750263900","type":"text",)"
            R"("text":{"body":"Thanks"}}],"statuses":[{"id":"wamid.x","status":"deleted","timestamp":"1"}]}}]}]})";
        Recorder recorder;
        CPPUNIT_ASSERT_EQUAL(200, recorder.webhook().receive(sign(body), body).status);
        CPPUNIT_ASSERT(recorder.reports.empty());
    }

    void testWithoutAppSecret()
    {
        Recorder recorder;
        WebhookAnswer answer = recorder.webhook("").receive(sign(payload, ""), payload);
        CPPUNIT_ASSERT_EQUAL(503, answer.status);
        CPPUNIT_ASSERT_EQUAL(std::string("webhook not configured"), answer.body);
        CPPUNIT_ASSERT(recorder.reports.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusWebhookTest);

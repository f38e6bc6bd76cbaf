// Meta's side of the webhook against a running Portal: the subscription handshake,
// and signed status reports landing on the message they name; anything unsigned
// or signed with another secret is refused and changes nothing.
#include "WhatsAppPortal.h"

#include <Poco/URI.h>

using namespace molar;
using namespace molar::whatsapp::test;

class DeliveryWebhookTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DeliveryWebhookTest);
    CPPUNIT_TEST(theHandshakeAnswersTheChallengeOnlyToTheRightToken);
    CPPUNIT_TEST(signedStatusesAreRecordedOnTheMessage);
    CPPUNIT_TEST(unsignedAndWronglySignedReportsChangeNothing);
    CPPUNIT_TEST_SUITE_END();

    struct Sent
    {
        std::int64_t id = 0;
        std::string wamid;
    };

    // The status message of a case moved to production: its row and wamid.
    static Sent sentMessage(WhatsAppPortal& lab)
    {
        const auto moved = lab.moveToProduction("P-WH-1");
        auto rows = lab.db().query("SELECT id, provider_id FROM molar_notifications WHERE id > ? AND"
                                   " channel = 'whatsapp' AND status = 'sent'",
                                   {moved.before});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        Sent sent{rows.get(0, "id").asInt(), rows.get(0, "provider_id").toString()};
        const auto request = lab.graph.find(sent.wamid);
        CPPUNIT_ASSERT(request.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("Manufacturing"), request->parameters.at(1));
        return sent;
    }

    static std::string providerStatus(WhatsAppPortal& lab, std::int64_t id)
    {
        auto rows = lab.db().query("SELECT provider_status FROM molar_notifications WHERE id = ?", {id});
        return rows.get(0, "provider_status").isNull() ? std::string()
                                                       : rows.get(0, "provider_status").toString();
    }

    static std::string handshake(const std::string& token, const std::string& challenge)
    {
        std::string encoded;
        Poco::URI::encode(token, "&=+%;/?#", encoded);
        return "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + encoded +
               "&hub.challenge=" + challenge;
    }

public:
    void theHandshakeAnswersTheChallengeOnlyToTheRightToken()
    {
        WhatsAppPortal lab;
        HttpBrowser meta(lab.cases->portal());
        const Answer accepted = meta.get(handshake(verifyToken, "1158201444"));
        CPPUNIT_ASSERT_EQUAL(200, accepted.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1158201444"), accepted.body);

        const Answer refused = meta.get(handshake("not-the-token", "1158201444"));
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        MOLAR_ASSERT_NOT_CONTAINS("1158201444", refused.body);
    }

    void signedStatusesAreRecordedOnTheMessage()
    {
        WhatsAppPortal lab;
        const Sent sent = sentMessage(lab);
        CPPUNIT_ASSERT_EQUAL(std::string(), providerStatus(lab, sent.id));

        const std::string delivered = WhatsAppPortal::statusPayload(sent.wamid, "delivered", "1778566000");
        CPPUNIT_ASSERT_EQUAL(200, lab.postWebhook(delivered, WhatsAppPortal::sign(delivered)).status);
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), providerStatus(lab, sent.id));
        const std::string read = WhatsAppPortal::statusPayload(sent.wamid, "read", "1778566060");
        CPPUNIT_ASSERT_EQUAL(200, lab.postWebhook(read, WhatsAppPortal::sign(read)).status);
        CPPUNIT_ASSERT_EQUAL(std::string("read"), providerStatus(lab, sent.id));
        auto rows =
            lab.db().query("SELECT status, provider_at FROM molar_notifications WHERE id = ?", {sent.id});
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), rows.get(0, "status").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1778566060000), rows.get(0, "provider_at").asInt());

        // A late "delivered" does not take a read message back.
        CPPUNIT_ASSERT_EQUAL(200, lab.postWebhook(delivered, WhatsAppPortal::sign(delivered)).status);
        CPPUNIT_ASSERT_EQUAL(std::string("read"), providerStatus(lab, sent.id));
    }

    void unsignedAndWronglySignedReportsChangeNothing()
    {
        WhatsAppPortal lab;
        const Sent sent = sentMessage(lab);
        const std::string read = WhatsAppPortal::statusPayload(sent.wamid, "read", "1778566060");

        CPPUNIT_ASSERT_EQUAL(401, lab.postWebhook(read, "").status);
        CPPUNIT_ASSERT_EQUAL(401, lab.postWebhook(read, WhatsAppPortal::sign(read, "another-secret")).status);
        // Signed, then altered on the way.
        std::string altered = read;
        altered.replace(altered.find("\"read\""), 6, "\"sent\"");
        CPPUNIT_ASSERT_EQUAL(401, lab.postWebhook(altered, WhatsAppPortal::sign(read)).status);
        CPPUNIT_ASSERT_EQUAL(std::string(), providerStatus(lab, sent.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), lab.count("provider_status IS NOT NULL"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DeliveryWebhookTest);

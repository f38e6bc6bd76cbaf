// A lab's status change, through the pages, to the template message Meta receives
// and the outbox row that records it; a number WhatsApp refuses; and no message
// at all when the plugin is not enabled.
#include "WhatsAppPortal.h"

using namespace molar;
using namespace molar::whatsapp::test;

class StatusMessageTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StatusMessageTest);
    CPPUNIT_TEST(toProductionSendsOneTemplateToTheCaseOwner);
    CPPUNIT_TEST(theOwnersLanguageChoosesTheTemplateLanguage);
    CPPUNIT_TEST(aNumberWhatsAppRefusesFailsAfterOneAttempt);
    CPPUNIT_TEST(withoutThePluginThereIsNoWhatsAppMessage);
    CPPUNIT_TEST(aLogChannelStandsInForTheMissingPlugin);
    CPPUNIT_TEST_SUITE_END();

public:
    void toProductionSendsOneTemplateToTheCaseOwner()
    {
        WhatsAppPortal lab;
        const std::int64_t owner = lab.userId("dentist@pearl.example");
        CPPUNIT_ASSERT_EQUAL(std::string("en"),
                             lab.db()
                                 .query("SELECT language FROM molar_users WHERE id = ?", {owner})
                                 .get(0, "language")
                                 .toString());
        const auto moved = lab.moveToProduction("P-WA-1");

        const auto received = lab.graph.received();
        CPPUNIT_ASSERT_EQUAL(moved.requestsBefore + 1, received.size());
        const auto& request = received.back();
        CPPUNIT_ASSERT_EQUAL(demoPhone, request.to);
        CPPUNIT_ASSERT_EQUAL(std::string("case_status_update"), request.templateName);
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), request.language);
        CPPUNIT_ASSERT_EQUAL(
            (std::vector<std::string>{moved.number, "Manufacturing", publicUrl + "/track/" + moved.number}),
            request.parameters);
        // Path, bearer token, JSON shape: as Meta documents them.
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{}, lab.graph.problems());

        auto rows = lab.db().query("SELECT user_id, channel, rule, address, status, attempts, provider_id,"
                                   " last_error FROM molar_notifications WHERE id > ?",
                                   {moved.before});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(owner, rows.get(0, "user_id").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), rows.get(0, "channel").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("case_status"), rows.get(0, "rule").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("+") + demoPhone, rows.get(0, "address").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), rows.get(0, "status").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), rows.get(0, "attempts").asInt());
        CPPUNIT_ASSERT_EQUAL(request.wamid, rows.get(0, "provider_id").toString());
        CPPUNIT_ASSERT(rows.get(0, "last_error").isNull());
        // Before it, submission (to the owner and, as a new case, to the lab's admin and
        // lead) and acceptance: each went out once, and nothing failed.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), lab.count("channel = 'whatsapp' AND status = 'sent'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), lab.count("1 = 1"));
    }

    void theOwnersLanguageChoosesTheTemplateLanguage()
    {
        WhatsAppPortal lab;
        lab.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'dentist@pearl.example'");
        const auto moved = lab.moveToProduction("P-WA-2");
        const auto received = lab.graph.received();
        CPPUNIT_ASSERT_EQUAL(moved.requestsBefore + 1, received.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), received.back().language);
        // The stage in the owner's words.
        CPPUNIT_ASSERT_EQUAL(std::string("قيد التصنيع"), received.back().parameters.at(1));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), lab.count("id > ? AND language = 'ar'", {moved.before}));
    }

    void aNumberWhatsAppRefusesFailsAfterOneAttempt()
    {
        WhatsAppPortal lab;
        lab.db().execute(
            "UPDATE molar_users SET phone = '+97455000123' WHERE email = 'dentist@pearl.example'");
        lab.graph.fail("97455000123", 131026, "Message undeliverable.",
                       "Message could not be delivered to the recipient.");
        const auto moved = lab.moveToProduction("P-WA-3");

        auto rows = lab.db().query(
            "SELECT channel, status, attempts, provider_id, last_error FROM molar_notifications WHERE id > ?",
            {moved.before});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), rows.get(0, "channel").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), rows.get(0, "status").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), rows.get(0, "attempts").asInt());
        CPPUNIT_ASSERT(rows.get(0, "provider_id").isNull());
        const std::string error = rows.get(0, "last_error").toString();
        MOLAR_ASSERT_CONTAINS("WhatsApp error 131026: Message undeliverable.", error);
        MOLAR_ASSERT_CONTAINS("Message could not be delivered to the recipient.", error);

        // Hours later nothing was tried again: one request per message, all refused.
        lab.cases->clock.advance(std::chrono::hours(6));
        lab.settle();
        CPPUNIT_ASSERT_EQUAL(moved.requestsBefore + 1, lab.graph.received().size());
        const std::int64_t owner = lab.userId("dentist@pearl.example");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), lab.count("user_id = ?", {owner}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3),
                             lab.count("user_id = ? AND status = 'failed' AND attempts = 1", {owner}));
    }

    void withoutThePluginThereIsNoWhatsAppMessage()
    {
        WhatsAppPortal lab(false);
        lab.moveToProduction("P-WA-4");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), lab.count("channel = 'whatsapp'"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), lab.graph.received().size());
        // The webhook is the plugin's: not there either.
        CPPUNIT_ASSERT_EQUAL(404, lab.postWebhook("{}", WhatsAppPortal::sign("{}")).status);
    }

    void aLogChannelStandsInForTheMissingPlugin()
    {
        WhatsAppPortal lab(false, {{"notifications.logChannels", "whatsapp"}});
        const auto moved = lab.moveToProduction("P-WA-5");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), lab.count("id > ? AND channel = 'whatsapp' AND status = 'sent'",
                                                        {moved.before}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), lab.graph.received().size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusMessageTest);

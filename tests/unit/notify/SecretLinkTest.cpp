// A plugin's secret link (sdk::SecretLink, SDK 1.9) on both databases: the event,
// the jobs and the message rows hold only the id and a placeholder, never the token;
// the message sent holds the host's public URL and the plugin's path, made once per
// message at delivery; a link the plugin answers none for, one whose reveal throws
// (logged without the plugin's words) and one whose plugin stopped meanwhile fail
// their message.
#include "Assertions.h"
#include "NotifyTestSupport.h"

#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <mutex>

using namespace molar;
using test::NotifyFixture;

namespace {

const std::string EVENT = "nps.feedback_requested";

// Keeps the text of every log line it is given.
class RecordingLog : public Poco::Channel
{
public:
    void log(const Poco::Message& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _text += message.getText() + "\n";
    }
    std::string text() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _text;
    }

private:
    mutable std::mutex _mutex;
    std::string _text;
};

// A plugin's feedback link: a fresh token at each reveal, or what the test tells it.
struct FeedbackLinks
{
    std::atomic<int> reveals{0};
    std::atomic<bool> answered{false}; // the form was answered: no more links
    std::atomic<bool> broken{false};   // the plugin's database refuses (its words hold a token)
    std::string lastId;

    sdk::SecretLink link()
    {
        return {"feedbackRequestId", "feedbackUrl",
                [this](const std::string& id) -> std::optional<std::string> {
                    const int n = ++reveals;
                    lastId = id;
                    if (broken)
                        throw std::runtime_error("Duplicate entry 'tok-leaked' for key 'token'");
                    if (answered)
                        return std::nullopt;
                    return "/feedback/t/tok-" + std::to_string(n);
                }};
    }
};

} // namespace

class SecretLinkTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SecretLinkTest);
    CPPUNIT_TEST(testOnlyTheSentMessageHoldsTheToken);
    CPPUNIT_TEST(testALinkNoLongerGoodFailsTheMessage);
    CPPUNIT_TEST(testAThrowingRevealFailsTheMessageAndLogsNoSecret);
    CPPUNIT_TEST(testAStoppedPluginsLinkIsGone);
    CPPUNIT_TEST(testAnotherPluginCannotTakeTheIdField);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _n = std::make_unique<NotifyFixture>();
        // What the nps plugin's rule and catalog would hold.
        host::NotificationRule feedback;
        feedback.id = "nps_feedback";
        feedback.event = EVENT;
        feedback.recipients = {"user:ownerUserId"};
        feedback.channels = {"email", "whatsapp"};
        feedback.templateName = "nps_feedback";
        feedback.preference = EVENT;
        feedback.sensitive = true;
        feedback.link = {"feedbackUrl"};
        feedback.whatsappTemplate = "nps_feedback";
        feedback.whatsappParameters = {"number", "feedbackUrl"};
        _n->settings.rules.push_back(feedback);
        _n->catalog.add("en", "message.nps_feedback.subject", "How did case {{number}} go?");
        _n->catalog.add("en", "message.nps_feedback.body", "Tell us in a minute: {{feedbackUrl}}");
        _n->catalog.add("en", "message.nps_feedback.action", "Give feedback");
        _n->channels.addSecretLink("nps", _links.link(), nullptr);
        _host = _n->makeHost("host-a");
        auto& logger = Poco::Logger::get("notifications");
        _previousLog = logger.getChannel();
        _previousLevel = logger.getLevel();
        _log = new RecordingLog;
        logger.setChannel(_log);
        logger.setLevel(Poco::Message::PRIO_INFORMATION);
    }
    void tearDown() override
    {
        auto& logger = Poco::Logger::get("notifications");
        logger.setChannel(_previousLog);
        logger.setLevel(_previousLevel);
        _host.reset();
        _n.reset();
    }

    void testOnlyTheSentMessageHoldsTheToken()
    {
        requestFeedback(42);
        CPPUNIT_ASSERT(_host->runner.runOnce()); // the fan-out
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'pending'"));
        CPPUNIT_ASSERT_EQUAL(0, _links.reveals.load()); // no secret exists yet
        MOLAR_ASSERT_CONTAINS("molarsecret", stored());
        MOLAR_ASSERT_NOT_CONTAINS("/feedback/t/", stored());

        _host->drain();
        CPPUNIT_ASSERT_EQUAL(2, _links.reveals.load()); // once per message
        CPPUNIT_ASSERT_EQUAL(std::string("42"), _links.lastId);
        const auto mails = _n->email->sent();
        const auto chats = _n->whatsapp->sent();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), mails.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chats.size());
        // Each message got a token of its own, behind the host's public URL.
        const std::string prefix = "https://portal.lab.example/feedback/t/tok-";
        MOLAR_ASSERT_CONTAINS("Tell us in a minute: " + prefix, mails[0].text);
        MOLAR_ASSERT_CONTAINS("href=\"" + prefix, mails[0].html);
        MOLAR_ASSERT_NOT_CONTAINS("molarsecret", mails[0].subject + mails[0].text + mails[0].html);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), chats[0].templateParameters.size());
        CPPUNIT_ASSERT_EQUAL(std::string("TR-42"), chats[0].templateParameters[0]);
        const std::string chatUrl = chats[0].templateParameters[1];
        CPPUNIT_ASSERT_EQUAL(prefix.size() + 1, chatUrl.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), chatUrl.rfind(prefix, 0));
        MOLAR_ASSERT_NOT_CONTAINS(chatUrl, mails[0].text);

        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'sent'"));
        MOLAR_ASSERT_NOT_CONTAINS("tok-", stored());
        MOLAR_ASSERT_NOT_CONTAINS("tok-", _log->text());
    }

    void testALinkNoLongerGoodFailsTheMessage()
    {
        requestFeedback(43);
        _links.answered = true;
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _n->email->attempts() + _n->whatsapp->attempts());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'failed'"));
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL(std::string("the link expired or was used before it could be sent"),
                             _n->column(id, "last_error"));
    }

    void testAThrowingRevealFailsTheMessageAndLogsNoSecret()
    {
        requestFeedback(44);
        _links.broken = true;
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _n->email->attempts() + _n->whatsapp->attempts());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'failed'"));
        MOLAR_ASSERT_CONTAINS("the secret link of nps for feedbackRequestId 44 could not be made",
                              _log->text());
        MOLAR_ASSERT_NOT_CONTAINS("tok-leaked", _log->text());
        MOLAR_ASSERT_NOT_CONTAINS("tok-leaked", stored());
    }

    void testAStoppedPluginsLinkIsGone()
    {
        requestFeedback(45);
        CPPUNIT_ASSERT(_host->runner.runOnce()); // the fan-out, while the plugin runs
        _n->channels.removeOwner("nps");         // what PluginHost::withdraw() does when it stops
        CPPUNIT_ASSERT(_n->channels.secretLinks().empty());
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(0, _links.reveals.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'failed'"));
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL(std::string("the link's plugin stopped before it could be sent"),
                             _n->column(id, "last_error"));
    }

    void testAnotherPluginCannotTakeTheIdField()
    {
        FeedbackLinks other;
        CPPUNIT_ASSERT_THROW(_n->channels.addSecretLink("survey", other.link(), nullptr),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(
            _n->channels.addSecretLink("survey", {"surveyId", "", other.link().reveal}, nullptr),
            std::invalid_argument);
        CPPUNIT_ASSERT_THROW(
            _n->channels.addSecretLink("survey", {"surveyId", "surveyUrl", nullptr}, nullptr),
            std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->channels.secretLinks().size());
    }

private:
    void requestFeedback(std::int64_t requestId)
    {
        _n->publish(*_host, EVENT,
                    sdk::Value::object({{"ownerUserId", _n->ownerId},
                                        {"organizationId", _n->organizationId},
                                        {"number", "TR-" + std::to_string(requestId)},
                                        {"feedbackRequestId", requestId}}));
    }

    // Everything the database holds of the messages and their jobs.
    std::string stored()
    {
        std::string out;
        for (const char* table : {"molar_notifications", "molar_jobs"}) {
            const auto rows = _n->f.database().query(std::string("SELECT * FROM ") + table);
            for (std::size_t i = 0; i < rows.size(); ++i)
                for (const auto& value : rows.row(i))
                    out += (value.isString() ? value.asString() : value.toString()) + "\n";
        }
        return out;
    }

    std::unique_ptr<NotifyFixture> _n;
    std::unique_ptr<test::OutboxHost> _host;
    FeedbackLinks _links;
    Poco::AutoPtr<RecordingLog> _log;
    Poco::Channel::Ptr _previousLog;
    int _previousLevel = Poco::Message::PRIO_INFORMATION;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SecretLinkTest);

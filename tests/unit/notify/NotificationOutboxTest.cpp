// The notification outbox on both databases: an event becomes one message per
// recipient and channel, queued with the change and rendered in the recipient's
// language; settings, conditions and missing channels decide what is made;
// delivery is once per message under two workers and after a worker dies;
// temporary errors back off and park, permanent ones park at once, an admin's
// retry sends again; providers' delivery reports are recorded in order.
#include "Assertions.h"
#include "NotifyTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <set>
#include <thread>

using namespace molar;
using test::NotifyFixture;

class NotificationOutboxTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NotificationOutboxTest);
    CPPUNIT_TEST(testStatusChangeSendsEachChannelItsMessage);
    CPPUNIT_TEST(testRolledBackChangeQueuesNothing);
    CPPUNIT_TEST(testUserSettingsDecideTheChannels);
    CPPUNIT_TEST(testRequiredMessageIgnoresSettingsAndForgetsItsSecret);
    CPPUNIT_TEST(testNoMessageForAChannelNobodyOffers);
    CPPUNIT_TEST(testConditionsChooseTheRule);
    CPPUNIT_TEST(testBlockedAccountGetsOnlyRequiredMessages);
    CPPUNIT_TEST(testNobodyIsToldOfTheirOwnChange);
    CPPUNIT_TEST(testRecipientLanguageElseTheLabDefault);
    CPPUNIT_TEST(testFanOutRunTwiceAddsNothing);
    CPPUNIT_TEST(testTwoWorkersSendEachMessageOnce);
    CPPUNIT_TEST(testMessageOfADeadWorkerIsSentOnceByAnother);
    CPPUNIT_TEST(testTemporaryErrorsBackOffThenPark);
    CPPUNIT_TEST(testPermanentErrorParksAtOnceAndRetrySendsIt);
    CPPUNIT_TEST(testDeliveryReportsNeverGoBack);
    CPPUNIT_TEST(testASendSlowerThanTheLeaseIsSentOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    // Holds the first send until released: a provider that takes its time.
    class SlowChannel : public sdk::NotificationChannel
    {
    public:
        sdk::ChannelInfo info() const override { return {"email", sdk::AddressKind::Email, false}; }
        std::string send(const sdk::OutgoingMessage& message) override
        {
            std::unique_lock<std::mutex> lock(_mutex);
            // The first send waits for release(); a second one (the bug) answers at once.
            if (++_sends == 1) {
                _changed.notify_all();
                _changed.wait(lock, [this] { return _released; });
            }
            return "slow-" + message.id;
        }
        void waitForSend()
        {
            std::unique_lock<std::mutex> lock(_mutex);
            _changed.wait(lock, [this] { return _sends > 0; });
        }
        void release()
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _released = true;
            _changed.notify_all();
        }
        int sends()
        {
            std::lock_guard<std::mutex> lock(_mutex);
            return _sends;
        }

    private:
        std::mutex _mutex;
        std::condition_variable _changed;
        int _sends = 0;
        bool _released = false;
    };

    void setUp() override
    {
        _n = std::make_unique<NotifyFixture>();
        _host = _n->makeHost("host-a");
    }
    void tearDown() override
    {
        _host.reset();
        _n.reset();
    }

    void testStatusChangeSendsEachChannelItsMessage()
    {
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-261122-0A1B", _n->ownerId));
        CPPUNIT_ASSERT(_host->runner.runOnce()); // the event's fan-out, queued with the change
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'pending'"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _n->email->attempts());
        _host->drain();

        const auto mails = _n->email->sent();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), mails.size());
        const auto& mail = mails[0];
        CPPUNIT_ASSERT_EQUAL(std::string("owner@pearl.example"), mail.address);
        CPPUNIT_ASSERT_EQUAL(std::string("Case TR-261122-0A1B: In design"), mail.subject);
        MOLAR_ASSERT_CONTAINS("Hello Noor Saleh,", mail.text);
        MOLAR_ASSERT_CONTAINS("https://portal.lab.example/track/TR-261122-0A1B", mail.text);
        MOLAR_ASSERT_CONTAINS("href=\"https://portal.lab.example/track/TR-261122-0A1B\"", mail.html);
        MOLAR_ASSERT_CONTAINS("<html lang=\"en\" dir=\"ltr\">", mail.html);
        CPPUNIT_ASSERT_EQUAL(std::string("https://portal.lab.example/account/notifications"),
                             mail.settingsUrl);

        const auto chats = _n->whatsapp->sent();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chats.size());
        CPPUNIT_ASSERT_EQUAL(std::string("+97455001122"), chats[0].address);
        CPPUNIT_ASSERT_EQUAL(std::string("case_status_update"), chats[0].templateName);
        CPPUNIT_ASSERT(chats[0].templateParameters ==
                       std::vector<std::string>({"TR-261122-0A1B", "In design",
                                                 "https://portal.lab.example/track/TR-261122-0A1B"}));

        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count("status = 'sent'"));
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL("email-provider-" + std::to_string(id), _n->column(id, "provider_id"));
    }

    void testRolledBackChangeQueuesNothing()
    {
        try {
            _host->database.transaction([&](sdk::Transaction& tx) {
                _host->events.publish(tx, "case.status_changed", _n->statusChange("TR-1", _n->ownerId));
                throw std::runtime_error("the change failed");
            });
        } catch (const std::runtime_error&) {
        }
        CPPUNIT_ASSERT_EQUAL(0, _host->drain());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _n->count());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _n->email->attempts());
    }

    void testUserSettingsDecideTheChannels()
    {
        _n->f.database().transaction([&](sdk::Transaction& tx) {
            _n->hostAccounts.setNotification(tx, _n->ownerId, "case.status_changed", "whatsapp", false);
        });
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-2", _n->ownerId));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _n->whatsapp->attempts());

        _n->f.database().transaction([&](sdk::Transaction& tx) {
            _n->hostAccounts.setNotification(tx, _n->ownerId, "case.status_changed", "email", false);
        });
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-3", _n->ownerId));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _n->count());
    }

    void testRequiredMessageIgnoresSettingsAndForgetsItsSecret()
    {
        _n->f.database().transaction([&](sdk::Transaction& tx) {
            _n->hostAccounts.setNotification(tx, _n->ownerId, "account.password_reset_requested", "email",
                                             false);
        });
        const std::string link = "https://portal.lab.example/password/reset/0123456789abcdef";
        _n->publish(*_host, "account.password_reset_requested",
                    sdk::Value::object({{"userId", _n->ownerId}, {"link", link}, {"expiresMinutes", 60}}));
        _host->drain();
        const auto mails = _n->email->sent();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), mails.size());
        MOLAR_ASSERT_CONTAINS(link, mails[0].text);
        MOLAR_ASSERT_CONTAINS("for 60 minutes", mails[0].text);
        CPPUNIT_ASSERT(mails[0].settingsUrl.empty()); // no List-Unsubscribe on a message one cannot turn off
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), _n->column(id, "status"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), _n->column(id, "content"));
    }

    void testNoMessageForAChannelNobodyOffers()
    {
        _n->channels.removeOwner("whatsapp-plugin");
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-4", _n->ownerId));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _n->count());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _n->count("channel = 'email'"));

        _n->channels.removeOwner("email-plugin");
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-5", _n->ownerId));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _n->count());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->attempts());
    }

    void testConditionsChooseTheRule()
    {
        auto message = [&](const std::string& side) {
            return sdk::Value::object({{"number", "TR-6"},
                                       {"ownerUserId", _n->ownerId},
                                       {"authorSide", side},
                                       {"authorName", "Omar (lab)"},
                                       {"preview", "Shade 2M2 confirmed?"},
                                       {"casePath", "/cases/6"}});
        };
        _n->publish(*_host, "case.message_added", message("clinic"));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _n->count());
        _n->publish(*_host, "case.message_added", message("lab"));
        _host->drain();
        const auto mails = _n->email->sent();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), mails.size());
        MOLAR_ASSERT_CONTAINS("Omar (lab) wrote on case TR-6: “Shade 2M2 confirmed?”", mails[0].text);
        MOLAR_ASSERT_CONTAINS("https://portal.lab.example/cases/6", mails[0].html);
    }

    void testBlockedAccountGetsOnlyRequiredMessages()
    {
        _n->f.database().execute("UPDATE molar_users SET status = 'blocked' WHERE id = ?", {_n->ownerId});
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-14", _n->ownerId));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _n->count());
        _n->publish(*_host, "account.password_reset_requested",
                    sdk::Value::object(
                        {{"userId", _n->ownerId}, {"link", "https://x.example/r"}, {"expiresMinutes", 60}}));
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
    }

    void testNobodyIsToldOfTheirOwnChange()
    {
        sdk::Value own = _n->statusChange("TR-15", _n->ownerId);
        own.set("actorUserId", _n->ownerId); // the owner moved the case (a delivery confirmed, say)
        _n->publish(*_host, "case.status_changed", own);
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _n->count());
        sdk::Value lab = _n->statusChange("TR-16", _n->ownerId);
        lab.set("actorUserId", _n->ownerId + 1000);
        _n->publish(*_host, "case.status_changed", lab);
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count());
    }

    void testRecipientLanguageElseTheLabDefault()
    {
        const auto french = _n->createUser("dr@fr.example", "drfr", _n->organizationId, "fr");
        const auto german = _n->createUser("dr@de.example", "drde", _n->organizationId, "de");
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-7", french));
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-8", german));
        _host->drain();
        const auto mails = _n->email->sent();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), mails.size());
        const auto& fr = mails[0].address == "dr@fr.example" ? mails[0] : mails[1];
        const auto& de = mails[0].address == "dr@fr.example" ? mails[1] : mails[0];
        CPPUNIT_ASSERT_EQUAL(std::string("Cas TR-7 : En conception"), fr.subject);
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), fr.language);
        MOLAR_ASSERT_CONTAINS("Bonjour Noor Saleh,", fr.text);
        CPPUNIT_ASSERT_EQUAL(std::string("Case TR-8: In design"), de.subject);
        CPPUNIT_ASSERT_EQUAL(std::string("en"), de.language);
    }

    void testFanOutRunTwiceAddsNothing()
    {
        sdk::Job job;
        job.id = 4242;
        job.name = host::NotificationOutbox::FANOUT_JOB;
        job.payload = _n->statusChange("TR-9", _n->ownerId);
        job.payload.set("event", "case.status_changed");
        _host->outbox.fanOut(job);
        _host->outbox.fanOut(job); // the first run's worker died before marking its job done
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _n->count());
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->whatsapp->sent().size());
    }

    void testTwoWorkersSendEachMessageOnce()
    {
        auto other = _n->makeHost("host-b");
        const int events = 15;
        for (int i = 0; i < events; ++i)
            _n->publish(i % 2 ? *_host : *other, "case.status_changed",
                        _n->statusChange("TR-" + std::to_string(100 + i), _n->ownerId));
        std::atomic<bool> stop{false};
        auto work = [&](test::OutboxHost& h) {
            int idle = 0;
            while (!stop && idle < 50) {
                if (h.runner.runOnce())
                    idle = 0;
                else
                    ++idle, std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        };
        std::thread a([&] { work(*_host); });
        std::thread b([&] { work(*other); });
        a.join();
        b.join();

        std::multiset<std::string> sent;
        for (const auto& m : _n->email->sent())
            sent.insert("email-" + m.id);
        for (const auto& m : _n->whatsapp->sent())
            sent.insert("whatsapp-" + m.id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2 * events), sent.size());
        CPPUNIT_ASSERT_EQUAL(sent.size(), std::set<std::string>(sent.begin(), sent.end()).size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2 * events), _n->count("status = 'sent'"));
    }

    void testMessageOfADeadWorkerIsSentOnceByAnother()
    {
        _n->channels.removeOwner("whatsapp-plugin");
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-10", _n->ownerId));
        CPPUNIT_ASSERT(_host->runner.runOnce()); // the fan-out
        const auto id = _n->ids().front();

        // Another host takes the delivery job and claims the message, then dies.
        auto dead = _n->makeHost("host-dead");
        auto job = dead->queue.claim({host::NotificationOutbox::DELIVER_JOB});
        CPPUNIT_ASSERT(job.has_value());
        const auto now = host::millisSinceEpoch(_n->f.clock.now());
        CPPUNIT_ASSERT(dead->outbox.store().claim(id, "dead-token", now, now + 120000));
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), _n->column(id, "status"));
        CPPUNIT_ASSERT(!_host->runner.runOnce()); // its lease still holds

        _n->f.clock.advance(std::chrono::seconds(121));
        CPPUNIT_ASSERT(_host->runner.runOnce());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), _n->column(id, "status"));

        // The dead worker's late finish changes nothing.
        CPPUNIT_ASSERT(!dead->outbox.store().markSent(id, "dead-token", "late-id", false, now));
        CPPUNIT_ASSERT(!dead->queue.complete(*job));
        CPPUNIT_ASSERT_EQUAL("email-provider-" + std::to_string(id), _n->column(id, "provider_id"));
        CPPUNIT_ASSERT_EQUAL(0, _host->drain());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->attempts());
    }

    void testTemporaryErrorsBackOffThenPark()
    {
        _n->channels.removeOwner("whatsapp-plugin");
        _n->email->script({"temporary", "temporary", "temporary"});
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-11", _n->ownerId));
        _host->drain();
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->attempts());
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), _n->column(id, "status"));
        MOLAR_ASSERT_CONTAINS("connection refused", _n->column(id, "last_error"));

        _n->f.clock.advance(std::chrono::seconds(59));
        CPPUNIT_ASSERT_EQUAL(0, _host->drain()); // the first retry waits a minute
        _n->f.clock.advance(std::chrono::seconds(1));
        CPPUNIT_ASSERT_EQUAL(1, _host->drain());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _n->email->attempts());
        _n->f.clock.advance(std::chrono::seconds(119));
        CPPUNIT_ASSERT_EQUAL(0, _host->drain()); // then two
        _n->f.clock.advance(std::chrono::seconds(1));
        CPPUNIT_ASSERT_EQUAL(1, _host->drain());

        CPPUNIT_ASSERT_EQUAL(std::size_t(3), _n->email->attempts());
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), _n->column(id, "status"));
        MOLAR_ASSERT_CONTAINS("gave up after 3 attempts: connection refused", _n->column(id, "last_error"));
        _n->f.clock.advance(std::chrono::hours(1));
        CPPUNIT_ASSERT_EQUAL(0, _host->drain());
        CPPUNIT_ASSERT(_n->email->sent().empty());
    }

    void testPermanentErrorParksAtOnceAndRetrySendsIt()
    {
        _n->channels.removeOwner("whatsapp-plugin");
        _n->email->script({"permanent"});
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-12", _n->ownerId));
        _host->drain();
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), _n->column(id, "status"));
        CPPUNIT_ASSERT_EQUAL(std::string("550 mailbox unavailable"), _n->column(id, "last_error"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->attempts());

        bool reopened = false;
        _n->f.database().transaction([&](sdk::Transaction& tx) { reopened = _host->outbox.retry(tx, id); });
        CPPUNIT_ASSERT(reopened);
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), _n->column(id, "status"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
        CPPUNIT_ASSERT_EQUAL(std::string("1"), _n->column(id, "retries"));

        _n->f.database().transaction([&](sdk::Transaction& tx) { reopened = _host->outbox.retry(tx, id); });
        CPPUNIT_ASSERT(!reopened); // a sent message is not sent again
        _host->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _n->email->sent().size());
    }

    void testDeliveryReportsNeverGoBack()
    {
        _n->channels.removeOwner("email-plugin");
        _n->publish(*_host, "case.status_changed", _n->statusChange("TR-13", _n->ownerId));
        _host->drain();
        const auto id = _n->ids().front();
        const std::string providerId = "whatsapp-provider-" + std::to_string(id);
        auto report = [&](sdk::DeliveryState state, const std::string& detail = "") {
            return _n->channels.report({"whatsapp", providerId, state, detail, 1795377700000});
        };
        CPPUNIT_ASSERT(report(sdk::DeliveryState::Delivered));
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), _n->column(id, "provider_status"));
        CPPUNIT_ASSERT(report(sdk::DeliveryState::Sent)); // late, out of order
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), _n->column(id, "provider_status"));
        CPPUNIT_ASSERT(report(sdk::DeliveryState::Read));
        CPPUNIT_ASSERT_EQUAL(std::string("read"), _n->column(id, "provider_status"));
        CPPUNIT_ASSERT(!_n->channels.report({"whatsapp", "wamid.unknown", sdk::DeliveryState::Read, "", 0}));
        CPPUNIT_ASSERT(!_n->channels.report({"email", providerId, sdk::DeliveryState::Read, "", 0}));
    }

    void testASendSlowerThanTheLeaseIsSentOnce()
    {
        // A one-second lease, and a provider that answers only when the test lets it.
        _n->settings.sendLeaseSeconds = 1;
        auto slow = std::make_shared<SlowChannel>();
        _n->channels.removeOwner("email-plugin");
        _n->channels.add("slow-plugin", slow, nullptr);
        auto a = _n->makeHost("host-slow-a");
        auto b = _n->makeHost("host-slow-b");
        sdk::Value message = sdk::Value::object({{"number", "TR-7"},
                                                 {"ownerUserId", _n->ownerId},
                                                 {"authorSide", "lab"},
                                                 {"authorName", "Omar (lab)"},
                                                 {"preview", "Ready tomorrow"},
                                                 {"casePath", "/cases/7"}});
        _n->publish(*a, "case.message_added", message);
        CPPUNIT_ASSERT(a->runner.runOnce()); // the fan-out
        auto sending = std::async(std::launch::async, [&] { return a->runner.runOnce(); });
        slow->waitForSend();
        // Far past both leases (the job's and the message's) while the send goes on.
        _n->f.clock.advance(std::chrono::seconds(30));
        std::this_thread::sleep_for(std::chrono::milliseconds(800)); // the leases are renewed meanwhile
        b->drain();
        const int sendsMeanwhile = slow->sends();
        slow->release(); // before any assertion, so the first send always ends
        CPPUNIT_ASSERT(sending.get());
        CPPUNIT_ASSERT_EQUAL(1, sendsMeanwhile);
        b->drain();
        a->drain();
        CPPUNIT_ASSERT_EQUAL(1, slow->sends());
        const auto id = _n->ids().front();
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), _n->column(id, "status"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), _n->column(id, "attempts"));
    }

private:
    std::unique_ptr<NotifyFixture> _n;
    std::unique_ptr<test::OutboxHost> _host;
};

CPPUNIT_TEST_SUITE_REGISTRATION(NotificationOutboxTest);

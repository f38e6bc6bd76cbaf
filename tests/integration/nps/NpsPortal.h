// A real Portal with the cases and nps plugins (CasesPortal: the demo's people, a manual
// clock at Tuesday 2026-05-12 09:00 in Qatar), email and WhatsApp written to the log, and
// the steps the nps suites share: a crown sent by Pearl's dentist and delivered by the lab,
// the messages the log channels sent (their links), and the events published.
//
// The rules are also reached through a FeedbackService of the test's own (the plugin's
// code over this Portal's database, accounts, audit, events and clock): what the pages
// call. Everything the loaded plugin does on delivery and when a message goes out is its
// own doing.
#pragma once

#include "CasesPortal.h"

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/testing/MapConfig.h"

#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

// The log lines of the log channels (logger "notifications"): the messages as sent.
class SentMessages : public Poco::Channel
{
public:
    void log(const Poco::Message& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _lines.push_back(message.getText());
    }
    std::vector<std::string> lines() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _lines;
    }

private:
    mutable std::mutex _mutex;
    std::vector<std::string> _lines;
};

// sdk::Host over a Portal, as the nps plugin sees it, for a FeedbackService of the test's own.
class NpsTestHost : public sdk::Host
{
public:
    NpsTestHost(host::Portal& portal, const sdk::Clock& clock)
        : _portal(portal), _clock(clock), _events(portal)
    {
    }

    const std::string& pluginName() const override { return _name; }
    const std::string& pluginDirectory() const override { return _name; }
    sdk::Config& config() override { return _config; }
    sdk::Logger& logger() override { return _logger; }
    sdk::Database& database() override { return _portal.database(); }
    sdk::Routes& routes() override { throw std::logic_error("routes"); }
    sdk::Views& views() override { throw std::logic_error("views"); }
    sdk::Events& events() override { return _events; }
    sdk::Jobs& jobs() override { throw std::logic_error("jobs"); }
    const sdk::Clock& clock() override { return _clock; }
    sdk::Metrics& metrics() override { throw std::logic_error("metrics"); }
    sdk::Audit& audit() override { return _portal.audit(); }
    sdk::Accounts& accounts() override { return _portal.accounts(); }
    sdk::FileStore& files() override { throw std::logic_error("files"); }
    const std::string& publicUrl() const override { return _url; }
    sdk::Notifications& notifications() override { throw std::logic_error("notifications"); }
    sdk::RateLimiter& rateLimiter() override { throw std::logic_error("rateLimiter"); }
    const std::string& timeZone() const override { return _portal.accounts().labTimeZone(); }
    sdk::Locales& locales() override { return _portal.locales(); }
    sdk::Payments& payments() override { throw std::logic_error("payments"); }
    std::vector<sdk::CatalogItem> catalog() override { return {}; }

private:
    class Events : public sdk::Events
    {
    public:
        explicit Events(host::Portal& portal) : _portal(portal) {}
        void on(const std::string&, Handler) override { throw std::logic_error("on"); }
        void onDurable(const std::string&, const std::string&) override
        {
            throw std::logic_error("onDurable");
        }
        void publish(sdk::Transaction& tx, const std::string& eventName, const sdk::Value& payload) override
        {
            _portal.events().publish(tx, eventName, payload);
        }

    private:
        host::Portal& _portal;
    };
    class Logger : public sdk::Logger
    {
    public:
        void log(sdk::LogLevel, const std::string&) override {}
        bool enabled(sdk::LogLevel) const override { return false; }
    };

    host::Portal& _portal;
    const sdk::Clock& _clock;
    sdk::testing::MapConfig _config;
    Events _events;
    Logger _logger;
    std::string _name = "nps";
    std::string _url = "http://portal.test";
};

class NpsPortal : public CasesPortal
{
public:
    static constexpr std::int64_t kHourMs = 3600 * 1000;
    static constexpr std::int64_t kDayMs = 24 * kHourMs;

    explicit NpsPortal(DemoPortal::Settings extra = {}) : CasesPortal(withNps(std::move(extra)))
    {
        _sent = new SentMessages;
        _notificationsLog = &Poco::Logger::get("notifications");
        _previousChannel = _notificationsLog->getChannel();
        _previousLevel = _notificationsLog->getLevel();
        _notificationsLog->setChannel(Poco::AutoPtr<Poco::Channel>(_sent, true));
        _notificationsLog->setLevel(Poco::Message::PRIO_INFORMATION);
        _host = std::make_unique<NpsTestHost>(portal(), clock);
        _service = std::make_unique<nps::FeedbackService>(*_host, settings);
    }
    ~NpsPortal()
    {
        _notificationsLog->setChannel(_previousChannel);
        _notificationsLog->setLevel(_previousLevel);
    }

    nps::NpsSettings settings; // the defaults, as the loaded plugin reads config/nps.properties
    nps::FeedbackService& service() { return *_service; }
    sdk::Host& testHost() { return *_host; }

    // --- cases ----------------------------------------------------------------------------

    // A zirconia crown on tooth 11 sent by Pearl's dentist; answers its id.
    std::int64_t submittedCrown(const std::string& patientRef = "P-NPS")
    {
        auto dentist = pearlDentist();
        const std::int64_t id = completeCrownDraft(*dentist, patientRef);
        submit(*dentist, id);
        return id;
    }
    void act(std::int64_t caseId, const std::vector<std::string>& actions, const std::string& reason = "")
    {
        auto admin = labAdmin();
        for (const auto& action : actions) {
            const Answer answer = admin->post("/cases/" + std::to_string(caseId) + "/actions/" + action,
                                              reason.empty() ? Form{} : Form{{"reason", reason}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action + ": " + answer.body, 303, answer.status);
        }
    }
    void deliver(std::int64_t caseId)
    {
        act(caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"});
    }
    // A crown delivered; answers its case id.
    std::int64_t deliveredCrown(const std::string& patientRef = "P-NPS")
    {
        const std::int64_t id = submittedCrown(patientRef);
        deliver(id);
        return id;
    }
    std::int64_t requestOf(std::int64_t caseId)
    {
        auto rows = db().query("SELECT id FROM nps_requests WHERE case_id = ?", {caseId});
        return rows.empty() ? 0 : rows.row(0).at(0).asInt();
    }

    // --- people ---------------------------------------------------------------------------

    std::int64_t userOf(const std::string& email)
    {
        return db().query("SELECT id FROM molar_users WHERE email = ?", {email}).get(0, "id").asInt();
    }
    sdk::Actor actorOf(const std::string& email)
    {
        const std::int64_t id = userOf(email);
        return sdk::Actor{id, portal().accounts().user(id)->displayName, "192.0.2.1"};
    }
    static sdk::Actor visitor() { return sdk::Actor{0, "anonymous", "192.0.2.7"}; }

    // --- the form ---------------------------------------------------------------------------

    static nps::AnswerForm form(int score, const std::string& comment = "", bool consent = false)
    {
        nps::AnswerForm f;
        f.score = std::to_string(score);
        f.comment = comment;
        f.consent = consent;
        return f;
    }

    // --- time -------------------------------------------------------------------------------

    std::int64_t nowMs() { return host::millisSinceEpoch(clock.now()); }
    void advance(std::int64_t ms) { clock.advance(std::chrono::milliseconds(ms)); }

    // --- what happened ----------------------------------------------------------------------

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).row(0).at(0).asInt();
    }
    // Events of a name the notification rules picked up (each rule's event becomes a job).
    std::int64_t events(const std::string& name)
    {
        return count("SELECT COUNT(*) FROM molar_jobs WHERE payload LIKE ?",
                     {"%\"event\":\"" + name + "\"%"});
    }

    // Waits until the outbox has no job it could run now and no message waiting to go.
    void settle()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            const std::int64_t now = nowMs();
            if (count("SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND "
                      "run_at <= ?)",
                      {now}) == 0 &&
                count("SELECT COUNT(*) FROM molar_notifications WHERE status IN ('pending', 'sending')") == 0)
                return;
            CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                                   std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    // The log lines of the messages sent, and the feedback tokens their links carry.
    std::vector<std::string> sentLines() { return _sent->lines(); }
    std::vector<std::string> sentTokens()
    {
        static const std::regex link(R"(/feedback/t/([A-Za-z0-9_-]{43}))");
        std::vector<std::string> tokens;
        for (const auto& line : sentLines())
            for (auto it = std::sregex_iterator(line.begin(), line.end(), link); it != std::sregex_iterator();
                 ++it)
                tokens.push_back((*it)[1].str());
        return tokens;
    }

private:
    static DemoPortal::Settings withNps(DemoPortal::Settings extra)
    {
        // Email and WhatsApp written to the log: the channels the feedback request goes by.
        DemoPortal::Settings settings{{"plugins.enabled", "cases, nps"},
                                      {"notifications.logChannels", "email, whatsapp"}};
        settings.insert(settings.end(), extra.begin(), extra.end());
        return settings;
    }

    SentMessages* _sent = nullptr; // owned by the logger's channel pointer
    Poco::Logger* _notificationsLog = nullptr;
    Poco::AutoPtr<Poco::Channel> _previousChannel;
    int _previousLevel = 0;
    std::unique_ptr<NpsTestHost> _host;
    std::unique_ptr<nps::FeedbackService> _service;
};

} // namespace molar::test

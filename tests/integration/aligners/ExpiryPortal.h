// AlignersPortal with the steps the expiry, upgrade and insights suites share: a plan
// accepted with a chosen type, the case shipped by the lab's admin, the manual clock set
// to a UTC instant; and the plugin's ExpiryService of the test's own (the plugin's code
// over this Portal's database, events, audit, accounts and clock, with the shipped
// aligners.properties), so that the reminder job can be run directly, and by two "hosts"
// at once. The loaded plugin runs the same job on its own schedule meanwhile: either
// sends each reminder once.
#pragma once

#include "AlignersPortal.h"

#include "AlignersSettings.h"
#include "expiry/ExpiryService.h"

#include "molar/sdk/testing/MapConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <date/date.h>

#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace molar::test {

// sdk::Host over a Portal, as the aligners plugin sees it, for an ExpiryService of the test's own.
class AlignersTestHost : public sdk::Host
{
public:
    AlignersTestHost(host::Portal& portal, const sdk::Clock& clock)
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

    // The events the test's service published, by name.
    std::vector<sdk::Value> published(const std::string& eventName) const
    {
        std::vector<sdk::Value> out;
        for (const auto& [name, payload] : _events.published())
            if (name == eventName)
                out.push_back(payload);
        return out;
    }

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
            std::lock_guard<std::mutex> lock(_mutex);
            _published.emplace_back(eventName, payload);
        }
        // What the test's service published, committed or not.
        std::vector<std::pair<std::string, sdk::Value>> published() const
        {
            std::lock_guard<std::mutex> lock(_mutex);
            return _published;
        }

    private:
        host::Portal& _portal;
        mutable std::mutex _mutex;
        std::vector<std::pair<std::string, sdk::Value>> _published;
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
    std::string _name = "aligners";
    std::string _url = "http://portal.test";
};

class ExpiryPortal : public AlignersPortal
{
public:
    explicit ExpiryPortal(DemoPortal::Settings extra = {})
        : AlignersPortal(std::move(extra)), settings(shippedSettings()), testHost(portal(), clock),
          expiry(testHost, settings)
    {
    }

    // The case's current plan accepted with `type` by Pearl's owner; the case is then in
    // production.
    void acceptedWith(std::int64_t caseId, const std::string& type)
    {
        const std::int64_t planId = uploadedPlan(caseId);
        expectRedirect(
            pearlOwner()->post("/aligners/plans/" + std::to_string(planId) + "/accept", {{"planType", type}}),
            planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), status(caseId));
    }
    // The lab's admin ships the case (its first shipment).
    void ship(std::int64_t caseId)
    {
        const Answer shipped = labAdmin()->post("/cases/" + std::to_string(caseId) + "/actions/ship", {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(shipped.body, 303, shipped.status);
        CPPUNIT_ASSERT_EQUAL(std::string("shipped"), status(caseId));
    }

    // Moves the manual clock (forward only) to `day` at `hourUtc`:00 UTC.
    void setUtc(const date::year_month_day& day, int hourUtc)
    {
        const auto target = date::sys_days(day) + std::chrono::hours(hourUtc);
        const std::int64_t ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(target.time_since_epoch()).count();
        CPPUNIT_ASSERT_MESSAGE("the clock only moves forward", ms >= nowMs());
        advance(ms - nowMs());
    }

    // The PlanCaller a request of this demo user makes.
    aligners::PlanCaller callerOf(const std::string& email)
    {
        auto user =
            db().query("SELECT id, side, role, organization_id FROM molar_users WHERE email = ?", {email});
        aligners::PlanCaller caller;
        caller.actor.userId = user.get(0, "id").asInt();
        caller.actor.label = email;
        caller.side = user.get(0, "side").toString();
        caller.role = user.get(0, "role").toString();
        caller.organizationId = caller.side == "clinic" ? user.get(0, "organization_id").asInt() : 0;
        return caller;
    }

    // plan.expiring reminders sent at `level` (bold, red), or at all, as the case's
    // timeline keeps them (the outbox's jobs are purged as the clock moves months on).
    std::int64_t reminders(const std::string& level)
    {
        return count("SELECT COUNT(*) FROM cases_activity WHERE summary_key = ?",
                     {"aligners.timeline.expiring." + level});
    }
    std::int64_t reminders()
    {
        return count(
            "SELECT COUNT(*) FROM cases_activity WHERE summary_key LIKE 'aligners.timeline.expiring.%'");
    }

    aligners::AlignersSettings settings;
    AlignersTestHost testHost;
    aligners::ExpiryService expiry;

private:
    static aligners::AlignersSettings shippedSettings()
    {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration(
            std::string(MOLAR_PLUGIN_DIR) + "/aligners/config/aligners.properties"));
        std::map<std::string, std::string> values;
        std::vector<std::string> pending{"aligners"};
        while (!pending.empty()) {
            const std::string prefix = pending.back();
            pending.pop_back();
            Poco::Util::AbstractConfiguration::Keys keys;
            file->keys(prefix, keys);
            for (const auto& key : keys) {
                const std::string full = prefix + "." + key;
                if (file->hasProperty(full))
                    values[full.substr(std::string("aligners.").size())] = file->getRawString(full);
                pending.push_back(full);
            }
        }
        sdk::testing::MapConfig config(values, "aligners");
        return aligners::readAlignersSettings(config);
    }
};

} // namespace molar::test

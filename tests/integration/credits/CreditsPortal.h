// A real Portal with the cases, billing, pay-bank and credits plugins, the lab's bank
// account and a card provider of the test's own (CardChargesProvider, "cardtest"), and the
// steps the credits tests share: an organization put in credits mode, a case submitted,
// a pack bought and paid (by card events, by the clerk's bank receipts), refunds, and the
// numbers that must always agree (the cached balance and the ledger's sum).
//
// Top-ups are opened through a TopUps of the test's own (the plugin's code, over this
// Portal's database, payments, audit and clock): what the clinic's page calls. The money
// then reaches the LOADED plugin the way it does in production, through the payment
// service's events, so everything after begin() is the plugin's own doing.
#pragma once

#include "CardChargesProvider.h"
#include "CasesPortal.h"

#include "CreditsSettings.h"
#include "debits/CaseDebits.h"
#include "ledger/BalanceWatcher.h"
#include "ledger/CreditLedger.h"
#include "topups/TopUps.h"

#include "molar/sdk/Payments.h"
#include "molar/sdk/testing/MapConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace molar::test {

// sdk::Payments over the Portal's payment service and providers, as a plugin sees them.
class CreditsTestPayments : public sdk::Payments
{
public:
    explicit CreditsTestPayments(host::Portal& portal) : _portal(portal) {}

    void addProvider(std::shared_ptr<sdk::PaymentProvider> provider) override
    {
        _portal.paymentProviders().add("credits-tests", std::move(provider), nullptr);
    }
    std::vector<sdk::PaymentCapabilities> providers() override
    {
        return _portal.paymentProviders().capabilities();
    }
    std::shared_ptr<sdk::PaymentProvider> provider(const std::string& name) override
    {
        return _portal.paymentProviders().find(name);
    }
    sdk::PaymentAttempt begin(sdk::Transaction& tx, const sdk::PaymentPurpose& purpose,
                              const std::string& provider, const sdk::Money& amount) override
    {
        return service().begin(tx, purpose, provider, amount);
    }
    sdk::PaymentResult checkout(const std::string& attemptId, const std::string& returnUrl,
                                const std::string& cancelUrl) override
    {
        return service().checkout(attemptId, returnUrl, cancelUrl);
    }
    bool record(const std::string& provider, const sdk::PaymentEvent& event) override
    {
        return service().record(provider, event);
    }
    std::optional<sdk::PaymentAttempt> attempt(const std::string& id) override
    {
        return service().attempt(id);
    }
    std::vector<sdk::PaymentAttempt> attemptsFor(const std::string& purposeKind,
                                                 const std::string& purposeId) override
    {
        return service().attemptsFor(purposeKind, purposeId);
    }
    std::optional<sdk::PaymentAttempt> apply(const std::string& attemptId,
                                             const sdk::PaymentResult& result) override
    {
        return service().apply(attemptId, result);
    }
    sdk::MethodSetup startSavingMethod(std::int64_t organizationId, const std::string& provider,
                                       const std::string& returnUrl, const std::string& cancelUrl,
                                       const std::string& language) override
    {
        return service().startSavingMethod(organizationId, provider, returnUrl, cancelUrl, language);
    }
    std::optional<sdk::SavedPaymentMethod> finishSavingMethod(std::int64_t organizationId,
                                                              const std::string& setupId) override
    {
        return service().finishSavingMethod(organizationId, setupId);
    }
    std::vector<sdk::SavedPaymentMethod> savedMethods(std::int64_t organizationId) override
    {
        return service().savedMethods(organizationId);
    }
    std::optional<sdk::SavedPaymentMethod> defaultMethod(std::int64_t organizationId) override
    {
        return service().defaultMethod(organizationId);
    }
    bool makeDefaultMethod(std::int64_t organizationId, std::int64_t methodId,
                           const sdk::Actor& actor) override
    {
        return service().makeDefaultMethod(organizationId, methodId, actor);
    }
    bool removeMethod(std::int64_t organizationId, std::int64_t methodId, const sdk::Actor& actor) override
    {
        return service().removeMethod(organizationId, methodId, actor);
    }
    sdk::PaymentResult chargeSavedMethod(const std::string& attemptId, std::int64_t methodId,
                                         bool captureLater) override
    {
        return service().chargeSavedMethod(attemptId, methodId, captureLater);
    }
    sdk::PaymentResult capture(const std::string& attemptId, std::int64_t amountMinor) override
    {
        return service().capture(attemptId, amountMinor);
    }
    sdk::PaymentResult cancelAuthorization(const std::string& attemptId) override
    {
        return service().cancelAuthorization(attemptId);
    }
    sdk::RefundResult refund(const std::string& attemptId, std::int64_t amountMinor,
                             const std::string& refundKey, const sdk::Actor& actor) override
    {
        return service().refund(attemptId, amountMinor, refundKey, actor);
    }
    std::optional<sdk::PaymentAttempt> refresh(const std::string& attemptId) override
    {
        return service().refresh(attemptId);
    }
    std::optional<sdk::DisputeFacts> dispute(const std::string& provider,
                                             const std::string& disputeId) override
    {
        return service().dispute(provider, disputeId);
    }

private:
    host::PaymentService& service() { return _portal.payments(); }

    host::Portal& _portal;
};

// sdk::Host over a running Portal with what TopUps::begin and the ledger's reads use;
// the rest throws. Events published through it reach the loaded plugins.
class CreditsTestHost : public sdk::Host
{
public:
    CreditsTestHost(host::Portal& portal, const sdk::Clock& clock, std::map<std::string, std::string> config)
        : _portal(portal), _clock(clock), _config(std::move(config), "credits"), _events(portal),
          _payments(portal)
    {
    }

    const std::string& pluginName() const override { return _name; }
    const std::string& pluginDirectory() const override { return _name; }
    sdk::Config& config() override { return _config; }
    sdk::Logger& logger() override { return _logger; }
    sdk::Database& database() override { return _portal.database(); }
    sdk::Routes& routes() override { throw std::logic_error("routes"); }
    sdk::Views& views() override { return _views; }
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
    sdk::Payments& payments() override { return _payments; }
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
    class Views : public sdk::Views
    {
    public:
        void page(sdk::Request&, sdk::Response&, const std::string&, const std::string&,
                  const sdk::Value&) override
        {
            throw std::logic_error("page");
        }
        std::string render(const std::string&, const sdk::Value&, const std::string&) override
        {
            throw std::logic_error("render");
        }
        std::string translate(const std::string& key, const std::string&) override { return key; }
        void addMenuItem(const sdk::MenuItem&) override {}
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
    CreditsTestPayments _payments;
    Views _views;
    Logger _logger;
    std::string _name = "credits";
    std::string _url = "http://portal.test";
};

// The test's TopUps never credit anything themselves (the loaded plugin does): a watcher
// that is never called.
class UnusedWatcher : public credits::BalanceWatcher
{
public:
    void balanceFell(sdk::Transaction&, credits::CreditAccount&, bool) override {}
    void balanceRose(sdk::Transaction&, credits::CreditAccount&) override {}
};

inline const char* creditsLabIban()
{
    return "QA58 DOHB 0000 1234 5678 90AB CDEF G";
}

class CreditsPortal : public CasesPortal
{
public:
    static constexpr const char* kCard = CardChargesProvider::kName; // "cardtest"
    static constexpr const char* kBank = "bank";

    explicit CreditsPortal(DemoPortal::Settings extra = {}) : CasesPortal(settings(extra))
    {
        provider = std::make_shared<CardChargesProvider>();
        portal().paymentProviders().add("credits-tests", provider, nullptr);
        _host = std::make_unique<CreditsTestHost>(portal(), clock, creditsConfig(extra));
        creditsSettings = credits::readCreditsSettings(_host->config());
        _ledger = std::make_unique<credits::CreditLedger>(creditsSettings.currency,
                                                          creditsSettings.lowBalanceDefaultMinor);
        _debits = std::make_unique<credits::CaseDebits>(*_host, *_ledger, _watcher);
        _topups = std::make_unique<credits::TopUps>(*_host, creditsSettings, *_ledger, *_debits, _watcher);
    }
    // CreditsPortal({{"credits.lowBalanceDefault", "10.00"}}): one setting needs no type name.
    CreditsPortal(std::initializer_list<std::pair<std::string, std::string>> extra)
        : CreditsPortal(DemoPortal::Settings(extra))
    {
    }

    std::shared_ptr<CardChargesProvider> provider;
    credits::CreditsSettings creditsSettings; // as the loaded plugin read them

    sdk::Host& testHost() { return *_host; }
    const credits::CreditLedger& ledger() { return *_ledger; }
    credits::TopUps& topups() { return *_topups; }

    // --- people and organizations ------------------------------------------------------

    std::int64_t organizationOf(const std::string& email)
    {
        return db()
            .query("SELECT organization_id FROM molar_users WHERE email = ?", {email})
            .get(0, "organization_id")
            .asInt();
    }
    std::int64_t userOf(const std::string& email)
    {
        return db().query("SELECT id FROM molar_users WHERE email = ?", {email}).get(0, "id").asInt();
    }
    std::int64_t pearl() { return organizationOf("owner@pearl.example"); }
    std::int64_t smile() { return organizationOf("owner@smile.example"); }
    std::int64_t pearlOwnerId() { return userOf("owner@pearl.example"); }
    std::unique_ptr<HttpBrowser> smileOwner() { return signIn("owner@smile.example", "demo smile owner"); }
    std::unique_ptr<HttpBrowser> clerk() { return signIn("billing@lab.example", "demo billing clerk"); }

    std::int64_t nowMillis()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
    }

    // --- billing mode and cases --------------------------------------------------------

    // The lab sets the organization's billing mode on /lab/billing/accounts.
    void setMode(std::int64_t organization, const std::string& mode)
    {
        const Answer answer = labAdmin()->post("/lab/billing/accounts/" + std::to_string(organization),
                                               {{"mode", mode}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }
    void useCredits(std::int64_t organization) { setMode(organization, "credits"); }

    // A zirconia crown case submitted by the dentist of Pearl Dental (or Smile Dental with
    // `smileClinic`); answers its id once the jobs it started ran.
    std::int64_t submitCase(const std::string& patientRef, bool smileClinic = false)
    {
        auto dentist = smileClinic ? smileDentist() : pearlDentist();
        const std::int64_t id = completeCrownDraft(
            *dentist, patientRef, smileClinic ? "owner@smile.example" : "owner@pearl.example");
        submit(*dentist, id);
        settle();
        return id;
    }

    // Waits until the outbox has no job it could run now.
    void settle()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            if (count("SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND "
                      "run_at <= ?)",
                      {nowMillis()}) == 0)
                return;
            CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                                   std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    // --- top-ups ----------------------------------------------------------------------

    // Opens a top-up of `pack` for the organization as its page does (TopUps::begin) and
    // asks the provider for its checkout, so that the attempt has the provider's payment
    // id (and, by bank, its reference).
    struct Started
    {
        std::int64_t topupId = 0;
        std::string attemptId;
        std::int64_t priceMinor = 0;
        sdk::PaymentResult checkout;
    };
    Started startTopUp(std::int64_t organization, const std::string& pack,
                       const std::string& providerName = kCard, std::int64_t actorUserId = 0)
    {
        clock.advance(std::chrono::seconds(1)); // attempts come in the order they were made
        const auto started = topups().begin(organization, pack, providerName, "clinic", actorUserId);
        Started out;
        out.topupId = started.topupId;
        out.attemptId = started.attemptId;
        out.priceMinor = portal().payments().attempt(started.attemptId)->amount.minor;
        out.checkout = portal().payments().checkout(
            started.attemptId, "http://portal.test/credits/topups/" + std::to_string(started.topupId),
            "http://portal.test/credits");
        return out;
    }

    // The provider reports money received for the attempt (a webhook's event): `receipt`
    // names the receipt (a part of a transfer has its own), `eventId` the delivery, so that
    // the same delivery or the same receipt can be sent again. Answers whether the payment
    // service recorded it (false: seen before). Runs outside any transaction.
    bool providerPaid(const std::string& providerName, const std::string& attemptId, std::int64_t amountMinor,
                      const std::string& receipt, const std::string& eventId,
                      const std::string& currency = "QAR")
    {
        sdk::PaymentEvent event;
        event.providerEventId = eventId;
        event.kind = sdk::PaymentEventKind::Succeeded;
        event.idempotencyKey = attemptId;
        event.providerPaymentId = receipt;
        event.amount = {amountMinor, currency};
        event.occurredAtMillis = nowMillis();
        return portal().payments().record(providerName, event);
    }
    bool cardPaid(const std::string& attemptId, std::int64_t amountMinor, const std::string& receipt = "",
                  const std::string& eventId = "")
    {
        return providerPaid(kCard, attemptId, amountMinor, receipt.empty() ? "pi_" + attemptId : receipt,
                            eventId.empty() ? "evt_paid_" + attemptId : eventId);
    }
    // The provider reports a refund of `amountMinor` (its own refund id `refundId`).
    bool providerRefunded(const std::string& providerName, const std::string& attemptId,
                          std::int64_t amountMinor, const std::string& refundId)
    {
        sdk::PaymentEvent event;
        event.providerEventId = "evt_" + refundId;
        event.kind = sdk::PaymentEventKind::Refunded;
        event.idempotencyKey = attemptId;
        event.providerRefundId = refundId;
        event.amount = {amountMinor, "QAR"};
        event.occurredAtMillis = nowMillis();
        return portal().payments().record(providerName, event);
    }
    // The provider reports the attempt failed (a declined card, an expired checkout).
    bool providerFailed(const std::string& providerName, const std::string& attemptId,
                        const std::string& eventId)
    {
        sdk::PaymentEvent event;
        event.providerEventId = eventId;
        event.kind = sdk::PaymentEventKind::Failed;
        event.idempotencyKey = attemptId;
        event.occurredAtMillis = nowMillis();
        return portal().payments().record(providerName, event);
    }
    // The re-sync's way: the provider's answer applied to the attempt (its total received).
    void resynced(const std::string& attemptId, std::int64_t capturedMinor,
                  const std::string& providerPaymentId)
    {
        sdk::PaymentResult result;
        result.state = sdk::PaymentState::Succeeded;
        result.providerPaymentId = providerPaymentId;
        result.amount = {capturedMinor, "QAR"};
        result.capturedMinor = capturedMinor;
        CPPUNIT_ASSERT(portal().payments().apply(attemptId, result));
    }

    // A pack bought by card and paid in full: the top-up's id.
    std::int64_t toppedUp(std::int64_t organization, const std::string& pack)
    {
        const Started started = startTopUp(organization, pack);
        CPPUNIT_ASSERT(cardPaid(started.attemptId, started.priceMinor));
        return started.topupId;
    }

    // The billing clerk records a bank transfer received for a reference (pay-bank's page):
    // `amount` as typed ("9,500.00"), `bankTransactionId` unique per transfer.
    void bankReceived(const std::string& reference, const std::string& amount,
                      const std::string& bankTransactionId)
    {
        const Answer answer = clerk()->post("/lab/payments/bank/references/" + reference + "/receipts",
                                            {{"amount", amount},
                                             {"valueDate", "2026-05-12"},
                                             {"bankTransactionId", bankTransactionId},
                                             {"note", ""}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }

    // --- what the tables say ---------------------------------------------------------

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).row(0).at(0).asInt();
    }
    std::string text(const std::string& sql, const sdk::Params& params = {})
    {
        auto rows = db().query(sql, params);
        return rows.empty() ? std::string() : rows.row(0).at(0).toString();
    }

    // The cached balance (0 without an account) and the ledger's sum.
    std::int64_t balance(std::int64_t organization)
    {
        return count("SELECT COALESCE(MAX(balance_minor), 0) FROM credits_accounts WHERE organization_id = ?",
                     {organization});
    }
    std::int64_t ledgerSum(std::int64_t organization)
    {
        return count("SELECT COALESCE(SUM(amount_minor), 0) FROM credits_ledger WHERE organization_id = ?",
                     {organization});
    }
    // The invariant after every step: the balance is the ledger's sum, never negative.
    void assertBalanced(std::int64_t organization, const std::string& when = "")
    {
        const std::int64_t cached = balance(organization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("balance = ledger sum " + when, ledgerSum(organization), cached);
        CPPUNIT_ASSERT_MESSAGE("balance >= 0 " + when, cached >= 0);
    }
    std::int64_t entries(std::int64_t organization, const std::string& kind)
    {
        return count("SELECT COUNT(*) FROM credits_ledger WHERE organization_id = ? AND kind = ?",
                     {organization, kind});
    }
    std::string topUpState(std::int64_t topupId)
    {
        return text("SELECT state FROM credits_topups WHERE id = ?", {topupId});
    }
    std::int64_t audited(const std::string& action, const std::string& objectId = "")
    {
        return objectId.empty() ? count("SELECT COUNT(*) FROM molar_audit WHERE action = ?", {action})
                                : count("SELECT COUNT(*) FROM molar_audit WHERE action = ? AND object_id = ?",
                                        {action, objectId});
    }

private:
    static DemoPortal::Settings settings(DemoPortal::Settings extra)
    {
        DemoPortal::Settings all{{"plugins.enabled", "cases, billing, pay-bank, credits"},
                                 {"pay-bank.accountName", "Molar Dental Laboratory W.L.L."},
                                 {"pay-bank.bankName", "Doha Bank"},
                                 {"pay-bank.iban", creditsLabIban()},
                                 {"pay-bank.bic", "DOHBQAQA"}};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }

    // The plugin's defaults as built, then the test's own `credits.*` settings.
    static std::map<std::string, std::string> creditsConfig(const DemoPortal::Settings& extra)
    {
        std::map<std::string, std::string> values;
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration(
            std::string(MOLAR_PLUGIN_DIR) + "/credits/config/credits.properties"));
        Poco::Util::AbstractConfiguration::Keys keys;
        std::vector<std::string> pending{""};
        while (!pending.empty()) {
            const std::string prefix = pending.back();
            pending.pop_back();
            file->keys(prefix, keys);
            for (const auto& key : keys) {
                const std::string full = prefix.empty() ? key : prefix + "." + key;
                if (file->hasProperty(full))
                    values[full] = file->getRawString(full);
                pending.push_back(full);
            }
        }
        std::map<std::string, std::string> subtree;
        for (const auto& [key, value] : values)
            if (key.rfind("credits.", 0) == 0)
                subtree[key.substr(8)] = value;
        for (const auto& [key, value] : extra)
            if (key.rfind("credits.", 0) == 0)
                subtree[key.substr(8)] = value;
        return subtree;
    }

    UnusedWatcher _watcher;
    std::unique_ptr<CreditsTestHost> _host;
    std::unique_ptr<credits::CreditLedger> _ledger;
    std::unique_ptr<credits::CaseDebits> _debits;
    std::unique_ptr<credits::TopUps> _topups;
};

} // namespace molar::test

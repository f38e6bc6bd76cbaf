// A Portal with the cases and billing plugins, and an InvoiceService of the test's own
// over that Portal's database, events, audit, accounts and clock (InvoiceTestHost), so a
// test calls the invoices directly, many threads at once, while the loaded plugin's
// handlers (payments, the timeline) run as they do in production.
#pragma once

#include "CasesPortal.h"

#include "invoices/InvoiceService.h"

#include <stdexcept>

namespace molar::test {

// sdk::Host over a running Portal, with what InvoiceService uses; the rest throws.
class InvoiceTestHost : public sdk::Host
{
public:
    explicit InvoiceTestHost(host::Portal& portal, const sdk::Clock& clock)
        : _portal(portal), _clock(clock), _events(portal), _views(), _logger()
    {
    }

    const std::string& pluginName() const override { return _name; }
    const std::string& pluginDirectory() const override { return _name; }
    sdk::Config& config() override { throw std::logic_error("config"); }
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
    const std::string& publicUrl() const override { return _name; }
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
        void on(const std::string& eventName, Handler handler) override
        {
            _portal.events().on("invoice-test", eventName, std::move(handler));
        }
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
    // Catalog keys stand for their text: the tests read what the plugin's catalogs say
    // through the plugin's own handlers.
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
    Events _events;
    Views _views;
    Logger _logger;
    std::string _name = "billing";
};

// The cases and billing plugins in a Portal, the lab in Qatar; invoices() is the test's service.
class InvoicePortal : public CasesPortal
{
public:
    explicit InvoicePortal(DemoPortal::Settings extra = {}) : CasesPortal(settings(extra))
    {
        _host = std::make_unique<InvoiceTestHost>(portal(), clock);
        billing::InvoiceSettings invoiceSettings;
        for (const auto& [key, value] : extra)
            if (key == "billing.taxRateBasisPoints")
                invoiceSettings.taxRateBasisPoints = std::stoll(value);
        _invoices =
            std::make_unique<billing::InvoiceService>(*_host, invoiceSettings, billing::PriceLookup{});
    }

    billing::InvoiceService& invoices() { return *_invoices; }

    std::int64_t organizationOf(const std::string& email)
    {
        return db()
            .query("SELECT organization_id FROM molar_users WHERE email = ?", {email})
            .get(0, "organization_id")
            .asInt();
    }
    std::int64_t pearl() { return organizationOf("owner@pearl.example"); }
    std::int64_t smile() { return organizationOf("owner@smile.example"); }

    static billing::InvoiceCaller clerk()
    {
        billing::InvoiceCaller caller;
        caller.actor = sdk::Actor{1, "Billing clerk", "127.0.0.1"};
        caller.side = "lab";
        caller.role = "billing";
        return caller;
    }

    // A draft for `organization` in QAR with one line of `amountMinor` (an item priced
    // as given, on `caseId` when not 0); answers its id.
    std::int64_t draftWith(std::int64_t organization, std::int64_t amountMinor, std::int64_t caseId = 0)
    {
        billing::DraftRequest request;
        request.organizationId = organization;
        request.currency = "QAR";
        request.caseId = caseId;
        const billing::Invoice draft = invoices().createDraft(clerk(), request);
        billing::ItemRequest item;
        item.caseId = caseId;
        item.itemCode = "zirconia_crown";
        item.price = billing::ItemPrice{amountMinor, "QAR", "Zirconia crown"};
        invoices().addItem(clerk(), draft.id, item);
        return draft.id;
    }

    billing::Invoice invoice(std::int64_t id) { return *invoices().find(id); }

private:
    static DemoPortal::Settings settings(DemoPortal::Settings extra)
    {
        DemoPortal::Settings all{{"plugins.enabled", "cases, billing"}};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }

    std::unique_ptr<InvoiceTestHost> _host;
    std::unique_ptr<billing::InvoiceService> _invoices; // before the Portal goes (members die first)
};

} // namespace molar::test

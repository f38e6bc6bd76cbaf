// A payment provider for tests and the payment service on a fresh database, as
// molard builds it: the registry, the event bus, the audit log.
#pragma once

#include "TestDatabase.h"

#include "audit/AuditLog.h"
#include "audit/AuditMigrations.h"
#include "core/Clocks.h"
#include "core/Json.h"
#include "db/Migrator.h"
#include "jobs/EventBus.h"
#include "jobs/HostMigrations.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRunner.h"
#include "payments/PaymentMigrations.h"
#include "payments/PaymentProviders.h"
#include "payments/PaymentService.h"

#include "molar/sdk/Payments.h"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace molar::test {

// Answers what the test sets, counts every call, and reads webhooks as JSON
// ({"events": [{"id", "kind", "key", "payment", "amount", "currency", "refund"}]})
// signed by the header X-Test-Signature: good.
class TestPaymentProvider : public sdk::PaymentProvider
{
public:
    explicit TestPaymentProvider(std::string name = "tests",
                                 sdk::PaymentFlow flow = sdk::PaymentFlow::HostedCheckout)
        : _name(std::move(name)), _flow(flow)
    {
    }

    sdk::PaymentCapabilities capabilities() const override
    {
        sdk::PaymentCapabilities c;
        c.name = _name;
        c.displayName = "Test payments";
        c.flow = _flow;
        c.refunds = c.partialRefunds = true;
        c.webhooks = true;
        c.currencies = {"QAR", "JPY", "KWD"};
        return c;
    }
    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++checkouts;
        keys.push_back(request.idempotencyKey);
        if (failCheckout)
            throw std::runtime_error("connection reset after sending");
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Pending;
        r.providerPaymentId = "tp_" + request.idempotencyKey;
        r.amount = request.amount;
        r.redirectUrl = "https://pay.example/checkout/" + request.idempotencyKey;
        r.clientSecret = "secret_never_kept";
        return r;
    }
    sdk::PaymentResult chargeSaved(const sdk::PaymentRequest&) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++charges;
        throw std::logic_error("the service must never charge on its own");
    }
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request,
                                    const std::string& providerPaymentId) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++fetches;
        fetchedKeys.push_back(request.idempotencyKey + "|" + providerPaymentId);
        return fetchAnswer;
    }
    std::vector<sdk::PaymentEvent> parseWebhook(const sdk::WebhookDelivery& delivery) override
    {
        auto found = delivery.headers.find("x-test-signature");
        if (found == delivery.headers.end() || found->second != "good")
            throw sdk::WebhookRefused("bad signature");
        sdk::Value body;
        try {
            body = host::fromJson(delivery.body);
        } catch (const std::invalid_argument&) {
            throw sdk::WebhookRefused("body is not JSON");
        }
        std::vector<sdk::PaymentEvent> out;
        for (const auto& e : body.get("events").asArray()) {
            sdk::PaymentEvent event;
            event.providerEventId = e.getString("id");
            event.kind = kindOf(e.getString("kind"));
            event.idempotencyKey = e.getString("key");
            event.providerPaymentId = e.getString("payment");
            event.amount = {e.getInt("amount"), e.getString("currency")};
            event.providerRefundId = e.getString("refund");
            out.push_back(event);
        }
        return out;
    }

    static sdk::PaymentEventKind kindOf(const std::string& kind)
    {
        static const std::map<std::string, sdk::PaymentEventKind> kinds{
            {"succeeded", sdk::PaymentEventKind::Succeeded},
            {"failed", sdk::PaymentEventKind::Failed},
            {"authorized", sdk::PaymentEventKind::Authorized},
            {"canceled", sdk::PaymentEventKind::Canceled},
            {"refunded", sdk::PaymentEventKind::Refunded}};
        return kinds.at(kind);
    }

    std::mutex _mutex;
    int checkouts = 0, fetches = 0, charges = 0;
    std::vector<std::string> keys, fetchedKeys;
    bool failCheckout = false;
    sdk::PaymentResult fetchAnswer;

private:
    std::string _name;
    sdk::PaymentFlow _flow;
};

// The payment service over a fresh database, with every event it publishes kept.
struct PaymentFixture
{
    PaymentFixture()
        : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1900000000))),
          queue(db.database(), clock, "host-a"),
          runner(queue, db.database(), clock, "host-a", 0, std::chrono::milliseconds(5)), bus(runner),
          audit(db.database(), clock),
          service({db.database(), bus, audit, clock,
                   [this](const std::string& name) { return providers.find(name); }})
    {
        host::Migrator migrator(db.pool());
        migrator.apply("host", host::hostMigrations(db.dialect()));
        migrator.apply("audit", host::auditMigrations(db.dialect()));
        migrator.apply("payments", host::paymentMigrations(db.dialect()));
        providers.add("tests-plugin", provider, nullptr);
        for (const char* name : {"payment.succeeded", "payment.failed", "payment.refunded", "dispute.opened",
                                 "dispute.closed", "payment.method_saved"})
            bus.on("tests", name, [this](sdk::Transaction&, const sdk::Event& event) {
                std::lock_guard<std::mutex> lock(_mutex);
                _published.push_back(event);
            });
    }

    sdk::PaymentAttempt begin(std::int64_t minor, const std::string& currency = "QAR",
                              const std::string& provider = "tests")
    {
        sdk::PaymentAttempt attempt;
        db.database().transaction([&](sdk::Transaction& tx) {
            attempt = service.begin(tx, {"invoice", "42", 7, "INV-2026-000042", "Invoice INV-2026-000042"},
                                    provider, {minor, currency});
        });
        return attempt;
    }

    static sdk::PaymentEvent event(const std::string& id, sdk::PaymentEventKind kind, const std::string& key,
                                   const std::string& payment, std::int64_t minor,
                                   const std::string& refund = "")
    {
        sdk::PaymentEvent e;
        e.providerEventId = id;
        e.kind = kind;
        e.idempotencyKey = key;
        e.providerPaymentId = payment;
        e.amount = {minor, "QAR"};
        e.providerRefundId = refund;
        return e;
    }

    sdk::PaymentAttempt attempt(const std::string& id) { return service.attempt(id).value(); }

    // The events published under that name, in order.
    std::vector<sdk::Value> published(const std::string& name)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        std::vector<sdk::Value> out;
        for (const auto& e : _published)
            if (e.name == name)
                out.push_back(e.payload);
        return out;
    }

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db.database().query(sql, params).row(0).at(0).asInt();
    }

    host::ManualClock clock;
    TestDatabase db;
    host::JobQueue queue;
    host::JobRunner runner;
    host::EventBus bus;
    host::AuditLog audit;
    host::PaymentProviders providers;
    host::PaymentService service;
    std::shared_ptr<TestPaymentProvider> provider = std::make_shared<TestPaymentProvider>();

private:
    std::mutex _mutex;
    std::vector<sdk::Event> _published;
};

} // namespace molar::test

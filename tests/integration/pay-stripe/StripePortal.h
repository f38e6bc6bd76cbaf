// A real Portal with the cases, billing and pay-stripe plugins, pay-stripe talking to the
// fake Stripe (tests/fakes/stripe, run by FakeServer) and the fake sending its signed
// webhooks to the Portal's /payments/webhooks/stripe. The Portal's clock is the real time
// (the fake signs its webhooks with it), moved on by hand only.
#pragma once

#include "CasesPortal.h"
#include "FakeServer.h"
#include "HmacSha256.h"

#include "molar/sdk/Payments.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

inline const char* stripeKey()
{
    return "sk_test_molar";
}
inline const char* stripeWebhookSecret()
{
    return "whsec_molar_integration_current";
}
// The secret being rotated out: both are configured and the fake signs with both.
inline const char* stripeOldWebhookSecret()
{
    return "whsec_molar_integration_previous";
}

inline std::int64_t systemMillis()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A Stripe-Signature header for `body` signed at `seconds` with each secret given.
inline std::string stripeSignature(const std::string& body, std::int64_t seconds,
                                   const std::vector<std::string>& secrets)
{
    std::string header = "t=" + std::to_string(seconds);
    for (const auto& secret : secrets)
        header += ",v1=" + hmacSha256Hex(secret, std::to_string(seconds) + "." + body);
    return header;
}

// The fake is started before the Portal, which is configured with its address.
class StripeFake
{
public:
    explicit StripeFake(const std::vector<std::string>& extra) : stripe("stripe", arguments(extra)) {}
    FakeServer stripe;

private:
    static std::vector<std::string> arguments(const std::vector<std::string>& extra)
    {
        std::vector<std::string> all{"--api-key", stripeKey(), "--webhook-secret", stripeWebhookSecret()};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }
};

inline DemoPortal::Settings stripeSettings(const std::string& apiBase, DemoPortal::Settings extra)
{
    DemoPortal::Settings settings{
        {"plugins.enabled", "cases, billing, pay-stripe"},
        {"pay-stripe.apiBase", apiBase},
        {"pay-stripe.secretKey", stripeKey()},
        {"pay-stripe.webhookSecrets", std::string(stripeWebhookSecret()) + ", " + stripeOldWebhookSecret()},
        {"pay-stripe.timeoutSeconds", "5"},
        {"payments.resyncAfterMinutes", "10"}};
    settings.insert(settings.end(), extra.begin(), extra.end());
    return settings;
}

// An invoice a clinic is asked to pay through Stripe Checkout: its attempt and session.
struct CardInvoice
{
    std::int64_t id = 0;
    std::string number;
    std::int64_t organizationId = 0;
    std::string attemptId;
    sdk::PaymentResult checkout;
};

// An answer of the Portal or of the fake's API, as sent.
struct RawAnswer
{
    int status = 0;
    std::string body;
};

class StripePortal : public StripeFake, public CasesPortal
{
public:
    explicit StripePortal(DemoPortal::Settings extra = {}, const std::vector<std::string>& fakeArguments = {})
        : StripeFake(fakeArguments), CasesPortal(stripeSettings(StripeFake::stripe.url(), extra))
    {
        syncClock();
        stripe.post("/_fake/config", object({{"webhookUrl", webhookUrl()}}));
    }

    // The Portal's clock to the real time again (the fake signs its webhooks with it).
    void syncClock()
    {
        const auto now = std::chrono::system_clock::now();
        if (now > clock.now())
            clock.advance(now - clock.now());
    }

    std::string portalUrl() { return "http://127.0.0.1:" + std::to_string(portal().port()); }
    std::string webhookUrl() { return portalUrl() + "/payments/webhooks/stripe"; }

    std::int64_t organizationOf(const std::string& email)
    {
        return db()
            .query("SELECT organization_id FROM molar_users WHERE email = ?", {email})
            .get(0, "organization_id")
            .asInt();
    }
    std::int64_t pearl() { return organizationOf("owner@pearl.example"); }
    std::int64_t smile() { return organizationOf("owner@smile.example"); }

    std::int64_t nowMillis()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
    }

    // An issued invoice in QAR as billing keeps it, of `organization` (default Pearl Dental).
    std::int64_t insertInvoice(const std::string& number, std::int64_t totalMinor,
                               std::int64_t organization = 0)
    {
        const std::int64_t now = nowMillis();
        return db().insert("INSERT INTO billing_invoices (number, organization_id, currency, state, "
                           "subtotal_minor, total_minor, created_at, updated_at, issued_at, due_at) VALUES "
                           "(?, ?, 'QAR', 'issued', ?, ?, ?, ?, ?, ?)",
                           {number, organization ? organization : pearl(), totalMinor, totalMinor, now, now,
                            now, now + 30LL * 86400000});
    }

    // A payment attempt with Stripe begun for an invoice (no checkout yet).
    std::string beginAttempt(std::int64_t invoiceId, const std::string& number, std::int64_t organization,
                             std::int64_t amountMinor)
    {
        sdk::PaymentPurpose purpose{"invoice", std::to_string(invoiceId), organization, number,
                                    "Invoice " + number};
        std::string id;
        portal().database().transaction([&](sdk::Transaction& tx) {
            id = portal().payments().begin(tx, purpose, "stripe", {amountMinor, "QAR"}).id;
        });
        return id;
    }

    // An issued invoice and its Stripe Checkout session, as the pay button begins them.
    CardInvoice issuedInvoice(const std::string& number, std::int64_t totalMinor,
                              std::int64_t organization = 0)
    {
        CardInvoice invoice;
        invoice.number = number;
        invoice.organizationId = organization ? organization : pearl();
        invoice.id = insertInvoice(number, totalMinor, invoice.organizationId);
        invoice.attemptId = beginAttempt(invoice.id, number, invoice.organizationId, totalMinor);
        invoice.checkout = portal().payments().checkout(
            invoice.attemptId, portalUrl() + "/billing/invoices/" + std::to_string(invoice.id),
            portalUrl() + "/billing/invoices");
        return invoice;
    }

    // The payer fills in the fake's Checkout page with `card` and presses Pay (or Save).
    Poco::Dynamic::Var completeCheckout(const std::string& sessionId,
                                        const std::string& card = "4242424242424242")
    {
        return stripe.post("/_fake/checkout/" + sessionId + "/complete", object({{"card", card}}));
    }

    // The Checkout Session id in a URL of the fake's Checkout page (…/checkout/cs_…), alone
    // or in a page that links to it.
    static std::string sessionIn(const std::string& url)
    {
        const auto at = url.find("/checkout/");
        if (at == std::string::npos)
            return {};
        const std::string rest = url.substr(at + 10);
        return rest.substr(0, rest.find_first_of("?#/\"'<& \n"));
    }

    // A card saved for `organization` as its owner saves one: the host's setup, the fake's
    // Checkout in setup mode filled in with `card`, the payer back on the Portal. Answers
    // the method as the host keeps it, and the setup's id in `setupId`.
    sdk::SavedPaymentMethod saveCard(std::int64_t organization, const std::string& card = "4242424242424242",
                                     std::string* setupId = nullptr)
    {
        const sdk::MethodSetup setup = portal().payments().startSavingMethod(
            organization, "stripe", portalUrl() + "/billing/payment-methods/saved?setup={SETUP_ID}",
            portalUrl() + "/billing/payment-methods", "en");
        if (setupId)
            *setupId = setup.id;
        const std::string session = sessionIn(setup.redirectUrl);
        if (session.empty())
            throw std::runtime_error("saving a card sent the payer to '" + setup.redirectUrl +
                                     "', not the fake's Checkout");
        auto completed = completeCheckout(session, card).extract<Poco::JSON::Object::Ptr>();
        if (!completed->getValue<bool>("completed"))
            throw std::runtime_error("the fake's Checkout did not save " + card);
        auto method = portal().payments().finishSavingMethod(organization, setup.id);
        if (!method)
            throw std::runtime_error("the card saved at the fake is not saved here");
        return *method;
    }

    std::string invoiceState(std::int64_t id)
    {
        return db().query("SELECT state FROM billing_invoices WHERE id = ?", {id}).get(0, "state").toString();
    }
    std::int64_t invoicePaid(std::int64_t id)
    {
        return db()
            .query("SELECT paid_minor FROM billing_invoices WHERE id = ?", {id})
            .get(0, "paid_minor")
            .asInt();
    }
    std::int64_t invoiceRefunded(std::int64_t id)
    {
        return db()
            .query("SELECT refunded_minor FROM billing_invoices WHERE id = ?", {id})
            .get(0, "refunded_minor")
            .asInt();
    }
    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).get(0, "n").asInt();
    }
    std::string attemptState(const std::string& id)
    {
        return db()
            .query("SELECT state FROM molar_payment_attempts WHERE id = ?", {id})
            .get(0, "state")
            .toString();
    }

    // Waits up to `timeout` for `condition` (a webhook the fake sends arrives on its own time).
    static bool waitFor(const std::function<bool()>& condition,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!condition()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return true;
    }

    // A delivery to the Portal's webhook route as Stripe sends it.
    RawAnswer deliver(const std::string& body, const std::string& signature)
    {
        return send(portal().port(), "POST", "/payments/webhooks/stripe", body,
                    {{"Content-Type", "application/json; charset=utf-8"}, {"Stripe-Signature", signature}});
    }
    // `body` signed now (or `ageSeconds` ago) with the current secret.
    RawAnswer deliverSigned(const std::string& body, std::int64_t ageSeconds = 0)
    {
        return deliver(body,
                       stripeSignature(body, systemMillis() / 1000 - ageSeconds, {stripeWebhookSecret()}));
    }

    // Stripe's API at the fake, as any client calls it (the secret key, form bodies).
    Poco::Dynamic::Var stripeApi(const std::string& method, const std::string& path,
                                 const std::string& form = "")
    {
        RawAnswer answer = send(stripe.port(), method, path, form,
                                {{"Authorization", std::string("Bearer ") + stripeKey()},
                                 {"Content-Type", "application/x-www-form-urlencoded"}});
        if (answer.status != 200)
            throw std::runtime_error("the fake Stripe answered " + std::to_string(answer.status) + " to " +
                                     method + " " + path + ": " + answer.body);
        return Poco::JSON::Parser().parse(answer.body);
    }

    // The PaymentIntents the fake holds for an attempt (Stripe's search by our metadata).
    std::vector<Poco::JSON::Object::Ptr> paymentIntentsOf(const std::string& attemptId)
    {
        std::string query;
        Poco::URI::encode("metadata['molar_attempt']:'" + attemptId + "'", "&=+%'[]:", query);
        auto found = stripeApi("GET", "/v1/payment_intents/search?query=" + query)
                         .extract<Poco::JSON::Object::Ptr>()
                         ->getArray("data");
        std::vector<Poco::JSON::Object::Ptr> intents;
        for (std::size_t i = 0; found && i < found->size(); ++i)
            intents.push_back(found->getObject(static_cast<unsigned>(i)));
        return intents;
    }

    // The API requests the fake received (its log), those matching `method` and `path` (a prefix).
    std::vector<Poco::JSON::Object::Ptr> requests(const std::string& method, const std::string& pathPrefix)
    {
        auto all = stripe.get("/_fake/requests").extract<Poco::JSON::Object::Ptr>()->getArray("data");
        std::vector<Poco::JSON::Object::Ptr> matching;
        for (std::size_t i = 0; all && i < all->size(); ++i) {
            auto request = all->getObject(static_cast<unsigned>(i));
            if (request->optValue<std::string>("method", "") == method &&
                request->optValue<std::string>("path", "").rfind(pathPrefix, 0) == 0)
                matching.push_back(request);
        }
        return matching;
    }

    // The events the fake made (after the deliveries queued so far are done), of `type` when given.
    std::vector<Poco::JSON::Object::Ptr> events(const std::string& type = "")
    {
        stripe.post("/_fake/flush");
        auto all = stripe.get("/_fake/events").extract<Poco::JSON::Object::Ptr>()->getArray("data");
        std::vector<Poco::JSON::Object::Ptr> found;
        for (std::size_t i = 0; all && i < all->size(); ++i) {
            auto event = all->getObject(static_cast<unsigned>(i));
            if (type.empty() || event->optValue<std::string>("type", "") == type)
                found.push_back(event);
        }
        return found;
    }
    // The event as Stripe's body carries it (without the fake's record of its deliveries).
    static std::string eventBody(Poco::JSON::Object::Ptr event)
    {
        Poco::JSON::Object copy(*event);
        copy.remove("deliveries");
        std::ostringstream out;
        copy.stringify(out);
        return out.str();
    }

    static RawAnswer send(int port, const std::string& method, const std::string& path,
                          const std::string& body, const std::map<std::string, std::string>& headers)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers)
            request.set(name, value);
        if (method != "GET")
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << (method != "GET" ? body : "");
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        RawAnswer answer;
        answer.status = static_cast<int>(response.getStatus());
        Poco::StreamCopier::copyToString(in, answer.body);
        return answer;
    }
};

} // namespace molar::test

// A real Portal with the cases, billing and pay-razorpay plugins, pay-razorpay talking to the
// fake Razorpay (tests/fakes/razorpay, run by FakeServer) and the fake sending its signed
// webhooks to the Portal's /payments/webhooks/razorpay. Invoices in INR (paise). The
// Portal's clock is the real time (the fake dates its events with it).
#pragma once

#include "CasesPortal.h"
#include "FakeServer.h"
#include "HmacSha256.h"

#include "molar/sdk/Payments.h"

#include <Poco/Base64Encoder.h>
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
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

inline const char* razorpayKeyId()
{
    return "rzp_test_molar";
}
inline const char* razorpayKeySecret()
{
    return "molar_integration_key_secret";
}
inline const char* razorpayWebhookSecret()
{
    return "molar_integration_webhook_secret";
}

class RazorpayFake
{
public:
    RazorpayFake()
        : razorpay("razorpay", {"--key-id", razorpayKeyId(), "--key-secret", razorpayKeySecret(),
                                "--webhook-secret", razorpayWebhookSecret()})
    {
    }
    FakeServer razorpay;
};

inline DemoPortal::Settings razorpaySettings(const std::string& apiBase, DemoPortal::Settings extra)
{
    DemoPortal::Settings settings{{"plugins.enabled", "cases, billing, pay-razorpay"},
                                  {"pay-razorpay.apiBase", apiBase},
                                  {"pay-razorpay.keyId", razorpayKeyId()},
                                  {"pay-razorpay.keySecret", razorpayKeySecret()},
                                  {"pay-razorpay.webhookSecrets", razorpayWebhookSecret()},
                                  {"pay-razorpay.checkoutScript", apiBase + "/v1/checkout.js"},
                                  {"pay-razorpay.currencies", "INR"},
                                  {"pay-razorpay.timeoutSeconds", "5"}};
    settings.insert(settings.end(), extra.begin(), extra.end());
    return settings;
}

struct RazorpayInvoice
{
    std::int64_t id = 0;
    std::string number;
    std::int64_t organizationId = 0;
    std::string attemptId;
    sdk::PaymentResult checkout; // providerPaymentId: the order_…
};

struct PortalAnswer
{
    int status = 0;
    std::string body;
    std::string location;
};

class RazorpayPortal : public RazorpayFake, public CasesPortal
{
public:
    explicit RazorpayPortal(DemoPortal::Settings extra = {})
        : RazorpayFake(), CasesPortal(razorpaySettings(RazorpayFake::razorpay.url(), extra))
    {
        // The real time, moved on by hand only: the fake dates its events with it.
        const auto now = std::chrono::system_clock::now();
        if (now > clock.now())
            clock.advance(now - clock.now());
        razorpay.post("/_fake/config", object({{"webhookUrl", portalUrl() + "/payments/webhooks/razorpay"}}));
    }

    std::string portalUrl() { return "http://127.0.0.1:" + std::to_string(portal().port()); }

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

    // An issued invoice in INR and its Razorpay order, as the pay button begins them.
    RazorpayInvoice issuedInvoice(const std::string& number, std::int64_t totalMinor,
                                  std::int64_t organization = 0)
    {
        RazorpayInvoice invoice;
        invoice.number = number;
        invoice.organizationId = organization ? organization : pearl();
        const std::int64_t now = nowMillis();
        invoice.id = db().insert(
            "INSERT INTO billing_invoices (number, organization_id, currency, state, "
            "subtotal_minor, total_minor, created_at, updated_at, issued_at, due_at) VALUES "
            "(?, ?, 'INR', 'issued', ?, ?, ?, ?, ?, ?)",
            {number, invoice.organizationId, totalMinor, totalMinor, now, now, now, now + 30LL * 86400000});
        sdk::PaymentPurpose purpose{"invoice", std::to_string(invoice.id), invoice.organizationId, number,
                                    "Invoice " + number};
        portal().database().transaction([&](sdk::Transaction& tx) {
            invoice.attemptId = portal().payments().begin(tx, purpose, "razorpay", {totalMinor, "INR"}).id;
        });
        const std::string page = portalUrl() + "/billing/invoices/" + std::to_string(invoice.id);
        invoice.checkout = portal().payments().checkout(invoice.attemptId, page, page);
        return invoice;
    }

    // The payer pays the order in the fake's Checkout with `method`; answers the three
    // razorpay_* fields the Checkout page posts to the callback URL.
    Poco::JSON::Object::Ptr pay(const std::string& orderId, const std::string& method = "upi")
    {
        return razorpay.post("/_fake/pay", object({{"order_id", orderId}, {"method", method}}))
            .extract<Poco::JSON::Object::Ptr>();
    }

    // What the payer's browser posts to the callback route (public, no session, no CSRF token).
    PortalAnswer callback(const std::string& orderId, const std::string& paymentId,
                          const std::string& signature)
    {
        std::string body;
        for (const auto& [name, value] :
             std::vector<std::pair<std::string, std::string>>{{"razorpay_payment_id", paymentId},
                                                              {"razorpay_order_id", orderId},
                                                              {"razorpay_signature", signature}}) {
            std::string encoded;
            Poco::URI::encode(value, "&=+%;/?#", encoded);
            body += (body.empty() ? "" : "&") + name + "=" + encoded;
        }
        return send(portal().port(), "POST", "/payments/razorpay/callback", body,
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
    }

    // A webhook delivery as Razorpay sends it: `body` under the signature of `signedBody`
    // (default: the body itself) with `secret`.
    PortalAnswer deliver(const std::string& body, const std::string& eventId,
                         const std::string& secret = razorpayWebhookSecret(),
                         const std::string& signedBody = "")
    {
        std::map<std::string, std::string> headers{
            {"Content-Type", "application/json"},
            {"X-Razorpay-Signature", hmacSha256Hex(secret, signedBody.empty() ? body : signedBody)}};
        if (!eventId.empty())
            headers["x-razorpay-event-id"] = eventId;
        return send(portal().port(), "POST", "/payments/webhooks/razorpay", body, headers);
    }

    // Razorpay's API at the fake, as any client calls it (Basic auth with the key pair).
    Poco::Dynamic::Var api(const std::string& method, const std::string& path)
    {
        std::ostringstream out;
        {
            Poco::Base64Encoder base64(out);
            base64.rdbuf()->setLineLength(0);
            base64 << razorpayKeyId() << ":" << razorpayKeySecret();
        }
        const PortalAnswer answer =
            send(razorpay.port(), method, path, "", {{"Authorization", "Basic " + out.str()}});
        if (answer.status != 200)
            throw std::runtime_error("the fake Razorpay answered " + std::to_string(answer.status) + " to " +
                                     method + " " + path + ": " + answer.body);
        return Poco::JSON::Parser().parse(answer.body);
    }

    // The events the fake made (after its deliveries so far are done).
    std::vector<Poco::JSON::Object::Ptr> events(const std::string& name = "")
    {
        auto all = razorpay.get("/_fake/events").extract<Poco::JSON::Array::Ptr>();
        std::vector<Poco::JSON::Object::Ptr> found;
        for (std::size_t i = 0; all && i < all->size(); ++i) {
            auto event = all->getObject(static_cast<unsigned>(i));
            if (name.empty() || event->optValue<std::string>("event", "") == name)
                found.push_back(event);
        }
        return found;
    }

    // The fake's events and how their deliveries went, for failure messages.
    std::string deliveries()
    {
        std::string out;
        for (const auto& event : events()) {
            out += event->getValue<std::string>("event") + " " + event->getValue<std::string>("id") + ":";
            std::ostringstream text;
            event->getArray("deliveries")->stringify(text);
            out += " " + text.str() + "\n";
        }
        return out;
    }

    // The API calls the fake received matching `method` and a path prefix.
    std::vector<Poco::JSON::Object::Ptr> requests(const std::string& method, const std::string& pathPrefix)
    {
        auto all = razorpay.get("/_fake/requests").extract<Poco::JSON::Array::Ptr>();
        std::vector<Poco::JSON::Object::Ptr> matching;
        for (std::size_t i = 0; all && i < all->size(); ++i) {
            auto request = all->getObject(static_cast<unsigned>(i));
            if (request->optValue<std::string>("method", "") == method &&
                request->optValue<std::string>("path", "").rfind(pathPrefix, 0) == 0)
                matching.push_back(request);
        }
        return matching;
    }

    // The captures Razorpay carried out for a payment (a second ask is refused there).
    std::size_t capturesOf(const std::string& paymentId)
    {
        std::size_t done = 0;
        for (const auto& request : requests("POST", "/v1/payments/" + paymentId + "/capture"))
            if (request->get("status").toString() == "200")
                ++done;
        return done;
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

    static PortalAnswer send(int port, const std::string& method, const std::string& path,
                             const std::string& body, const std::map<std::string, std::string>& headers)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers)
            request.set(name, value);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        PortalAnswer answer;
        answer.status = static_cast<int>(response.getStatus());
        answer.location = response.get("Location", "");
        Poco::StreamCopier::copyToString(in, answer.body);
        return answer;
    }
};

} // namespace molar::test

// A real Portal with the built cases plugin and, unless told otherwise, the built
// notify-whatsapp plugin pointed at a local FakeGraphApi; the steps that move a
// demo dentist's case to production; waiting for the outbox; and Meta's side of
// the webhook.
#pragma once

#include "CasesPortal.h"
#include "FakeGraphApi.h"
#include "WebhookVerifier.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace molar::whatsapp::test {

using molar::test::Answer;
using molar::test::CasesPortal;
using molar::test::HttpBrowser;

const std::string phoneNumberId = "106540352242922";
const std::string accessToken = "EAAJ-portal-test-token";
const std::string appSecret = "portal-app-secret";
const std::string verifyToken = "portal-verify-token";
const std::string publicUrl = "https://portal.lab.example";
// Every demo user's phone, as Graph wants it.
const std::string demoPhone = "97455000000";

class WhatsAppPortal
{
public:
    // whatsapp = false: only cases is enabled; `extra` settings come last and win.
    explicit WhatsAppPortal(bool whatsapp = true, const molar::test::DemoPortal::Settings& extra = {})
        : graph(phoneNumberId, accessToken)
    {
        molar::test::DemoPortal::Settings settings{{"http.publicUrl", publicUrl}, {"jobs.pollMillis", "20"}};
        if (whatsapp) {
            settings.insert(settings.end(), {{"plugins.enabled", "cases, notify-whatsapp"},
                                             {"notify-whatsapp.graphUrl", graph.baseUrl()},
                                             {"notify-whatsapp.phoneNumberId", phoneNumberId},
                                             {"notify-whatsapp.accessToken", accessToken},
                                             {"notify-whatsapp.appSecret", appSecret},
                                             {"notify-whatsapp.verifyToken", verifyToken},
                                             {"notify-whatsapp.timeoutSeconds", "5"}});
        }
        settings.insert(settings.end(), extra.begin(), extra.end());
        cases = std::make_unique<CasesPortal>(settings);
    }

    sdk::Database& db() { return cases->db(); }

    // The Pearl dentist's crown, submitted and accepted by the lab: in `design`.
    std::int64_t caseInDesign(HttpBrowser& dentist, HttpBrowser& admin, const std::string& patientRef)
    {
        const std::int64_t id = cases->completeCrownDraft(dentist, patientRef);
        cases->submit(dentist, id);
        CPPUNIT_ASSERT_EQUAL(303, act(admin, id, "accept"));
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases->status(id));
        return id;
    }

    // The case's messages so far are out; then the lab starts production.
    struct Moved
    {
        std::string number;
        std::int64_t before = 0;        // the last molar_notifications id before the change
        std::size_t requestsBefore = 0; // what the fake had received by then
    };
    Moved moveToProduction(const std::string& patientRef)
    {
        auto dentist = cases->pearlDentist();
        auto admin = cases->labAdmin();
        const std::int64_t id = caseInDesign(*dentist, *admin, patientRef);
        settle();
        Moved moved;
        moved.number = cases->number(id);
        moved.before = lastNotificationId();
        moved.requestsBefore = graph.received().size();
        CPPUNIT_ASSERT_EQUAL(303, act(*admin, id, "to_production"));
        CPPUNIT_ASSERT_EQUAL(std::string("production"), cases->status(id));
        settle();
        return moved;
    }

    static int act(HttpBrowser& browser, std::int64_t id, const std::string& action)
    {
        return browser.post("/cases/" + std::to_string(id) + "/actions/" + action, {}).status;
    }

    // Waits until the outbox has no job it could run now (fan-outs, deliveries),
    // so every message the changes so far make is written and tried.
    void settle()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (;;) {
            const std::int64_t now = host::millisSinceEpoch(cases->clock.now());
            const std::int64_t busy =
                db().query("SELECT COUNT(*) AS n FROM molar_jobs WHERE state = 'running'"
                           " OR (state = 'pending' AND run_at <= ?)",
                           {now})
                    .get(0, "n")
                    .asInt();
            if (busy == 0)
                return;
            CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 30 s",
                                   std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    std::int64_t lastNotificationId()
    {
        return db().query("SELECT COALESCE(MAX(id), 0) AS n FROM molar_notifications").get(0, "n").asInt();
    }

    std::int64_t count(const std::string& where, const sdk::Params& params = {})
    {
        return db()
            .query("SELECT COUNT(*) AS n FROM molar_notifications WHERE " + where, params)
            .get(0, "n")
            .asInt();
    }

    std::int64_t userId(const std::string& email)
    {
        return db().query("SELECT id FROM molar_users WHERE email = ?", {email}).get(0, "id").asInt();
    }

    // Meta's POST to the webhook: the raw JSON body and, if not empty, its signature header.
    Answer postWebhook(const std::string& body, const std::string& signature)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(cases->portal().port()));
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request("POST", "/webhooks/whatsapp", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!signature.empty())
            request.set("X-Hub-Signature-256", signature);
        session.sendRequest(request) << body;
        Answer answer;
        std::istream& in = session.receiveResponse(answer.response);
        answer.status = static_cast<int>(answer.response.getStatus());
        Poco::StreamCopier::copyToString(in, answer.body);
        return answer;
    }

    static std::string sign(const std::string& body, const std::string& secret = appSecret)
    {
        return "sha256=" + hmacSha256Hex(secret, body);
    }

    // A status notification as Meta sends it (the webhook reference's shape).
    static std::string statusPayload(const std::string& wamid, const std::string& status,
                                     const std::string& timestamp)
    {
        return R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{)"
               R"("field":"messages","value":{"messaging_product":"whatsapp","metadata":{)"
               R"("display_phone_number":"15550783881","phone_number_id":")" +
               phoneNumberId + R"("},"statuses":[{"id":")" + wamid + R"(","status":")" + status +
               R"(","timestamp":")" + timestamp + R"(","recipient_id":")" + demoPhone +
               R"(","conversation":{"id":"4c2bd0a5b7f1e0e6","origin":{"type":"utility"}},)"
               R"("pricing":{"billable":true,"pricing_model":"CBP","category":"utility"}}]}}]}]})";
    }

    FakeGraphApi graph;                 // first: outlives the Portal that calls it
    std::unique_ptr<CasesPortal> cases; // last: stopped first
};

} // namespace molar::whatsapp::test

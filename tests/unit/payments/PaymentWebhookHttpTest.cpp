// POST /payments/webhooks/{provider} on a running portal, on both databases: public
// and without a CSRF token; a provider nobody offers answers 404, a refused
// signature 400 with its reason and nothing recorded, a body over 1 MiB 413, and
// the same delivery sent five times is recorded once and moves the attempt once.
// The portal's scheduler runs the re-sync.
#include "Assertions.h"
#include "DemoPortal.h"
#include "PaymentTestSupport.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using namespace molar;

namespace {

struct Reply
{
    int status = 0;
    std::string body;
};

Reply post(host::Portal& portal, const std::string& path, const std::string& body,
           const std::string& signature)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(portal.port()));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!signature.empty())
        request.set("X-Test-Signature", signature);
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

} // namespace

class PaymentWebhookHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PaymentWebhookHttpTest);
    CPPUNIT_TEST(testWebhooks);
    CPPUNIT_TEST(testResyncJobRunsOnTheRunningPortal);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWebhooks()
    {
        host::ManualClock clock;
        test::DemoPortal demo(clock);
        auto& portal = demo.portal();
        auto provider = std::make_shared<test::TestPaymentProvider>();
        portal.paymentProviders().add("tests-plugin", provider, nullptr);
        sdk::PaymentAttempt attempt;
        portal.database().transaction([&](sdk::Transaction& tx) {
            attempt = portal.payments().begin(tx, {"invoice", "7", 1, "INV-2026-000007", "Invoice"}, "tests",
                                              {5000, "QAR"});
        });
        const std::string body = R"({"events": [{"id": "evt_1", "kind": "succeeded", "key": ")" + attempt.id +
                                 R"(", "payment": "tp_1", "amount": 5000, "currency": "QAR"}]})";
        auto events = [&] {
            return portal.database().query("SELECT COUNT(*) FROM molar_payment_events").row(0).at(0).asInt();
        };

        const Reply unknown = post(portal, "/payments/webhooks/nobody", body, "good");
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);

        const Reply tooLarge =
            post(portal, "/payments/webhooks/tests", std::string(1024 * 1024 + 1, ' '), "good");
        CPPUNIT_ASSERT_EQUAL(413, tooLarge.status);

        const Reply refused = post(portal, "/payments/webhooks/tests", body, "forged");
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        MOLAR_ASSERT_CONTAINS("bad signature", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), events());
        CPPUNIT_ASSERT(portal.payments().attempt(attempt.id)->state == sdk::PaymentState::Pending);

        for (int i = 0; i < 5; ++i) {
            const Reply delivered = post(portal, "/payments/webhooks/tests", body, "good");
            CPPUNIT_ASSERT_EQUAL(200, delivered.status);
            MOLAR_ASSERT_CONTAINS(i == 0 ? "recorded 1 of 1" : "recorded 0 of 1", delivered.body);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), events());
        const auto stored = portal.payments().attempt(attempt.id);
        CPPUNIT_ASSERT(stored->state == sdk::PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), stored->capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.database()
                                 .query("SELECT COUNT(*) FROM molar_audit WHERE action = 'payment.recorded'")
                                 .row(0)
                                 .at(0)
                                 .asInt());
    }

    // The portal schedules payments.resync: an attempt left Unknown is settled by the
    // host's scheduler once the clock moves on, with no second checkout.
    void testResyncJobRunsOnTheRunningPortal()
    {
        host::ManualClock clock;
        test::DemoPortal demo(clock);
        auto& portal = demo.portal();
        auto provider = std::make_shared<test::TestPaymentProvider>();
        portal.paymentProviders().add("tests-plugin", provider, nullptr);
        sdk::PaymentAttempt attempt;
        portal.database().transaction([&](sdk::Transaction& tx) {
            attempt =
                portal.payments().begin(tx, {"topup", "3", 1, "TOP-3", "Top-up"}, "tests", {2500, "QAR"});
        });
        provider->failCheckout = true;
        portal.payments().checkout(attempt.id, "", "");
        CPPUNIT_ASSERT(portal.payments().attempt(attempt.id)->state == sdk::PaymentState::Unknown);
        {
            std::lock_guard<std::mutex> lock(provider->_mutex);
            provider->fetchAnswer.state = sdk::PaymentState::Succeeded;
            provider->fetchAnswer.providerPaymentId = "tp_3";
            provider->fetchAnswer.amount = {2500, "QAR"};
        }

        clock.advance(std::chrono::minutes(2));
        // The scheduler and the job workers wake on real time: up to a minute for them
        // under the sanitizers on a busy machine (10 s was once not enough); a pass
        // takes well under a second.
        for (int i = 0;
             i < 1200 && portal.payments().attempt(attempt.id)->state != sdk::PaymentState::Succeeded; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CPPUNIT_ASSERT(portal.payments().attempt(attempt.id)->state == sdk::PaymentState::Succeeded);
        std::lock_guard<std::mutex> lock(provider->_mutex);
        CPPUNIT_ASSERT_EQUAL(1, provider->checkouts);
        CPPUNIT_ASSERT_EQUAL(1, provider->fetches);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentWebhookHttpTest);

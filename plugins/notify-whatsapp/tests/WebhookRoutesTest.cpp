// The routes as the host registers them, and the glue between a request and
// StatusWebhook: raw body, signature header and query parameters.
#include "WebhookRoutes.h"
#include "WebhookVerifier.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <sstream>

using namespace molar;
using namespace molar::whatsapp;

namespace {

struct Route
{
    sdk::Access access;
    sdk::Handler handler;
    sdk::RouteOptions options;
};

class FakeRoutes : public sdk::Routes
{
public:
    void add(const std::string& method, const std::string& path, sdk::Access access, sdk::Handler handler,
             sdk::RouteOptions options) override
    {
        routes[method + " " + path] = Route{access, std::move(handler), options};
    }
    std::map<std::string, Route> routes;
};

class FakeRequest : public sdk::Request
{
public:
    std::map<std::string, std::string> queries;
    std::map<std::string, std::string> headers;
    std::istringstream bodyStream;

    const std::string& method() const override { return _empty; }
    const std::string& path() const override { return _empty; }
    const std::string& route() const override { return _empty; }
    const std::string& requestId() const override { return _empty; }
    std::string clientAddress() const override { return "203.0.113.7"; }
    std::string param(const std::string&) const override { return ""; }
    std::string query(const std::string& name) const override { return valueOf(queries, name); }
    std::string header(const std::string& name) const override { return valueOf(headers, name); }
    std::string cookie(const std::string&) const override { return ""; }
    std::string form(const std::string&) override { return ""; }
    std::istream& body() override { return bodyStream; }
    sdk::Value json() override { return {}; }
    const std::string& language() const override { return _empty; }
    const std::string& theme() const override { return _empty; }
    const std::optional<sdk::Principal>& principal() const override { return _principal; }
    const std::string& csrfToken() const override { return _empty; }
    void parts(const std::function<void(const sdk::Part&, std::istream&)>&) override {}

private:
    static std::string valueOf(const std::map<std::string, std::string>& map, const std::string& key)
    {
        auto it = map.find(key);
        return it == map.end() ? "" : it->second;
    }
    std::string _empty;
    std::optional<sdk::Principal> _principal;
};

class FakeResponse : public sdk::Response
{
public:
    int code = 200;
    std::string contentType;
    std::string body;

    void setStatus(int status) override { code = status; }
    int status() const override { return code; }
    void setHeader(const std::string&, const std::string&) override {}
    void setCookie(const std::string&, const std::string&, const sdk::CookieOptions&) override {}
    void send(const std::string& type, const std::string& text) override
    {
        contentType = type;
        body = text;
    }
    void json(const sdk::Value&) override {}
    void redirect(const std::string&, int) override {}
    std::ostream& stream(const std::string&) override { return _stream; }
    bool sent() const override { return !contentType.empty(); }

private:
    std::ostringstream _stream;
};

class FakeLogger : public sdk::Logger
{
public:
    void log(sdk::LogLevel, const std::string& message) override { lines.push_back(message); }
    bool enabled(sdk::LogLevel) const override { return true; }
    std::vector<std::string> lines;
};

const std::string body =
    R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",)"
    R"("value":{"statuses":[{"id":"wamid.A1","status":"delivered","timestamp":"1750263775"}]}}]}]})";

} // namespace

class WebhookRoutesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WebhookRoutesTest);
    CPPUNIT_TEST(testRegistration);
    CPPUNIT_TEST(testHandshake);
    CPPUNIT_TEST(testSignedPost);
    CPPUNIT_TEST(testUnsignedPost);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _reports.clear();
        auto webhook =
            std::make_shared<StatusWebhook>("app-secret", "verify-me", [this](const sdk::DeliveryReport& r) {
                _reports.push_back(r);
                return true;
            });
        _logger = std::make_unique<FakeLogger>();
        addWebhookRoutes(_routes, webhook, *_logger);
    }

    void tearDown() override { _routes.routes.clear(); }

    void testRegistration()
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _routes.routes.size());
        const Route& get = _routes.routes.at("GET /webhooks/whatsapp");
        CPPUNIT_ASSERT(get.access == sdk::Access::Public);
        const Route& post = _routes.routes.at("POST /webhooks/whatsapp");
        CPPUNIT_ASSERT(post.access == sdk::Access::Public);
        CPPUNIT_ASSERT(!post.options.checkCsrf);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024 * 1024), post.options.maxBodyBytes);
    }

    void testHandshake()
    {
        FakeRequest request;
        request.queries = {
            {"hub.mode", "subscribe"}, {"hub.verify_token", "verify-me"}, {"hub.challenge", "8791"}};
        FakeResponse response;
        _routes.routes.at("GET /webhooks/whatsapp").handler(request, response);
        CPPUNIT_ASSERT_EQUAL(200, response.code);
        CPPUNIT_ASSERT_EQUAL(std::string("8791"), response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), response.contentType);

        request.queries["hub.verify_token"] = "guess";
        FakeResponse refused;
        _routes.routes.at("GET /webhooks/whatsapp").handler(request, refused);
        CPPUNIT_ASSERT_EQUAL(403, refused.code);
        CPPUNIT_ASSERT(refused.body.find("8791") == std::string::npos);
    }

    void testSignedPost()
    {
        FakeRequest request;
        request.headers["X-Hub-Signature-256"] = "sha256=" + hmacSha256Hex("app-secret", body);
        request.bodyStream.str(body);
        FakeResponse response;
        _routes.routes.at("POST /webhooks/whatsapp").handler(request, response);
        CPPUNIT_ASSERT_EQUAL(200, response.code);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _reports.size());
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.A1"), _reports[0].providerMessageId);
        CPPUNIT_ASSERT(_reports[0].state == sdk::DeliveryState::Delivered);
    }

    void testUnsignedPost()
    {
        FakeRequest request;
        request.bodyStream.str(body);
        FakeResponse response;
        _routes.routes.at("POST /webhooks/whatsapp").handler(request, response);
        CPPUNIT_ASSERT_EQUAL(401, response.code);
        CPPUNIT_ASSERT(_reports.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _logger->lines.size());
        CPPUNIT_ASSERT(_logger->lines[0].find("203.0.113.7") != std::string::npos);
    }

private:
    FakeRoutes _routes;
    std::unique_ptr<FakeLogger> _logger;
    std::vector<sdk::DeliveryReport> _reports;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WebhookRoutesTest);

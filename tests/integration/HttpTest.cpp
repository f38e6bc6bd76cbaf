// The host serving real HTTP: the middleware chain as a browser or API client
// meets it, on a free loopback port, with the test plugin "good" loaded.
#include "TestDatabase.h"

#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"
#include "http/StaticFiles.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <future>
#include <memory>

using namespace molar;
using namespace molar::host;

namespace {

struct Answer
{
    int status = 0;
    std::string body;
    Poco::Net::HTTPResponse response;
    std::string header(const std::string& name) const { return response.get(name, ""); }
    std::string cookie(const std::string& name) const
    {
        std::vector<Poco::Net::HTTPCookie> cookies;
        response.getCookies(cookies);
        for (const auto& c : cookies)
            if (c.getName() == name)
                return c.getValue();
        return {};
    }
};

} // namespace

class HttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HttpTest);
    CPPUNIT_TEST(servesTheHomePageWithSecurityHeaders);
    CPPUNIT_TEST(answersUnknownPathsAndMethods);
    CPPUNIT_TEST(answersErrorsAsJsonToApiClients);
    CPPUNIT_TEST(refusesAFormWithoutItsCsrfToken);
    CPPUNIT_TEST(acceptsAFormWithItsCsrfTokenAndSetsTheLanguage);
    CPPUNIT_TEST(negotiatesTheLanguageFromAcceptLanguage);
    CPPUNIT_TEST(refusesABodyOverTheRouteLimit);
    CPPUNIT_TEST(parsesJsonBodies);
    CPPUNIT_TEST(servesStaticFilesWithETags);
    CPPUNIT_TEST(refusesPathsOutOfTheStaticFolder);
    CPPUNIT_TEST(servesAPluginsStaticFiles);
    CPPUNIT_TEST(reportsReadinessAndMetrics);
    CPPUNIT_TEST(isNotReadyUntilTheDemoDataIsIn);
    CPPUNIT_TEST(drainsARequestInFlightOnStop);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<test::TestDatabase>();
        _config = std::make_unique<ConfigStore>();
        _config->addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        _config->set("http.port", "0");
        _config->set("db.url", _db->url());
        _config->set("plugins.path", TEST_PLUGIN_DIR);
        _config->set("plugins.enabled", "good");
        _config->set("logging.accessLog", "false");
        _config->set("jobs.workers", "1");
        _portal = std::make_unique<Portal>(*_config, molar::host::defaultDataDir(), _clock);
        _portal->configure();
        _portal->start();
    }

    void tearDown() override
    {
        _portal.reset();
        _config.reset();
        _db.reset();
    }

    void servesTheHomePageWithSecurityHeaders()
    {
        Answer a = get("/", {{"Accept", "text/html"}});
        CPPUNIT_ASSERT_EQUAL(200, a.status);
        CPPUNIT_ASSERT(a.body.find("<html lang=\"en\" dir=\"ltr\"") != std::string::npos);
        // The home page speaks to clinics and patients: it lists no modules.
        CPPUNIT_ASSERT(a.body.find("<strong>good</strong>") == std::string::npos);
        CPPUNIT_ASSERT(a.body.find("href=\"/sign-in") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("nosniff"), a.header("X-Content-Type-Options"));
        CPPUNIT_ASSERT_EQUAL(std::string("DENY"), a.header("X-Frame-Options"));
        CPPUNIT_ASSERT(a.header("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), a.header("X-Request-Id").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), a.cookie("molar_csrf").size());
        // The token in the cookie is the one in the page's forms.
        CPPUNIT_ASSERT(a.body.find("value=\"" + a.cookie("molar_csrf") + "\"") != std::string::npos);
    }

    void answersUnknownPathsAndMethods()
    {
        Answer missing = get("/no/such/page", {{"Accept", "text/html"}});
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT(missing.body.find("There is no page at /no/such/page.") != std::string::npos);
        CPPUNIT_ASSERT(missing.body.find("role=\"alert\"") != std::string::npos);
        // A reader of Arabic gets the status explained in Arabic, not the handler's English.
        Answer arabic = get("/no/such/page", {{"Accept", "text/html"}, {"Cookie", "molar_lang=ar"}});
        CPPUNIT_ASSERT_EQUAL(404, arabic.status);
        CPPUNIT_ASSERT(arabic.body.find("There is no page") == std::string::npos);
        CPPUNIT_ASSERT(arabic.body.find("هذه الصفحة غير موجودة") != std::string::npos);
        Answer wrongMethod = request("DELETE", "/good", "", {});
        CPPUNIT_ASSERT_EQUAL(405, wrongMethod.status);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), wrongMethod.header("Allow"));
        Answer head = request("HEAD", "/good", "", {});
        CPPUNIT_ASSERT_EQUAL(200, head.status);
        CPPUNIT_ASSERT(head.body.empty());
    }

    void answersErrorsAsJsonToApiClients()
    {
        Answer a = get("/nothing-here", {{"Accept", "application/json"}});
        CPPUNIT_ASSERT_EQUAL(404, a.status);
        CPPUNIT_ASSERT(a.header("Content-Type").find("application/json") == 0);
        CPPUNIT_ASSERT(a.body.find("\"status\":404") != std::string::npos);
        CPPUNIT_ASSERT(a.body.find("\"requestId\":\"" + a.header("X-Request-Id") + "\"") !=
                       std::string::npos);
    }

    void refusesAFormWithoutItsCsrfToken()
    {
        Answer page = get("/", {{"Accept", "text/html"}});
        const std::string cookie = "molar_csrf=" + page.cookie("molar_csrf");
        Answer noToken = post("/prefs/language", "lang=ar", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(403, noToken.status);
        CPPUNIT_ASSERT(noToken.cookie("molar_lang").empty());
        Answer wrongToken =
            post("/prefs/language", "lang=ar&_csrf=" + std::string(64, 'a'), {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(403, wrongToken.status);
        Answer noCookie = post("/prefs/language", "lang=ar&_csrf=" + page.cookie("molar_csrf"), {});
        CPPUNIT_ASSERT_EQUAL(403, noCookie.status);
    }

    void acceptsAFormWithItsCsrfTokenAndSetsTheLanguage()
    {
        Answer page = get("/", {{"Accept", "text/html"}});
        const std::string token = page.cookie("molar_csrf");
        Answer changed = post("/prefs/language", "lang=ar&return=%2Fgood&_csrf=" + token,
                              {{"Cookie", "molar_csrf=" + token}});
        CPPUNIT_ASSERT_EQUAL(303, changed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/good"), changed.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), changed.cookie("molar_lang"));
        Answer arabic = get("/", {{"Accept", "text/html"}, {"Cookie", "molar_lang=ar"}});
        CPPUNIT_ASSERT(arabic.body.find("<html lang=\"ar\" dir=\"rtl\"") != std::string::npos);
        // A foreign return address is replaced by the home page.
        Answer offsite = post("/prefs/theme", "theme=dark&return=%2F%2Fevil.example&_csrf=" + token,
                              {{"Cookie", "molar_csrf=" + token}});
        CPPUNIT_ASSERT_EQUAL(std::string("/"), offsite.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::string("dark"), offsite.cookie("molar_theme"));
        Answer bad = post("/prefs/language", "lang=xx&_csrf=" + token, {{"Cookie", "molar_csrf=" + token}});
        CPPUNIT_ASSERT_EQUAL(400, bad.status);
    }

    void negotiatesTheLanguageFromAcceptLanguage()
    {
        Answer french =
            get("/", {{"Accept", "text/html"}, {"Accept-Language", "it-IT, fr-CA;q=0.9, en;q=0.5"}});
        CPPUNIT_ASSERT(french.body.find("<html lang=\"fr\"") != std::string::npos);
        CPPUNIT_ASSERT(french.body.find("Bienvenue sur le portail") != std::string::npos);
    }

    void refusesABodyOverTheRouteLimit()
    {
        Answer page = get("/", {{"Accept", "text/html"}});
        const std::string token = page.cookie("molar_csrf");
        Answer big = post("/prefs/language", "lang=en&pad=" + std::string(20 * 1024, 'x') + "&_csrf=" + token,
                          {{"Cookie", "molar_csrf=" + token}});
        CPPUNIT_ASSERT_EQUAL(413, big.status);
        CPPUNIT_ASSERT(big.body.find("16384 bytes") != std::string::npos);
    }

    void parsesJsonBodies()
    {
        const std::vector<std::pair<std::string, std::string>> json{{"Content-Type", "application/json"}};
        Answer echo = request("POST", "/good/echo", R"({"case":"TR-260512-1A4F","teeth":[11,21]})", json);
        CPPUNIT_ASSERT_EQUAL(200, echo.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"echo":{"case":"TR-260512-1A4F","teeth":[11,21]}})"), echo.body);
        Answer broken = request("POST", "/good/echo", R"({"case": )", json);
        CPPUNIT_ASSERT_EQUAL(400, broken.status);
        CPPUNIT_ASSERT(broken.body.find("not valid JSON") != std::string::npos);
        Answer large = request("POST", "/good/echo", "[" + std::string(2000, '1') + "]", json);
        CPPUNIT_ASSERT_EQUAL(413, large.status);
    }

    void servesStaticFilesWithETags()
    {
        Answer css = get("/static/css/molar.css", {});
        CPPUNIT_ASSERT_EQUAL(200, css.status);
        CPPUNIT_ASSERT(css.header("Content-Type").find("text/css") == 0);
        CPPUNIT_ASSERT(css.body.find("prefers-color-scheme: dark") != std::string::npos);
        const std::string etag = css.header("ETag");
        CPPUNIT_ASSERT(!etag.empty());
        CPPUNIT_ASSERT(css.header("Cache-Control").find("max-age=") != std::string::npos);
        Answer again = get("/static/css/molar.css", {{"If-None-Match", etag}});
        CPPUNIT_ASSERT_EQUAL(304, again.status);
        CPPUNIT_ASSERT(again.body.empty());
    }

    void refusesPathsOutOfTheStaticFolder()
    {
        CPPUNIT_ASSERT_EQUAL(404, get("/static/../config/molar.properties", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/static/%2e%2e/config/molar.properties", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/static/css/none.css", {}).status);
    }

    void servesAPluginsStaticFiles()
    {
        Answer js = get("/static/good/js/good.js", {});
        CPPUNIT_ASSERT_EQUAL(200, js.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), js.header("Content-Type"));
        CPPUNIT_ASSERT(js.body.find("export const good = true;") != std::string::npos);
        const std::string etag = js.header("ETag");
        CPPUNIT_ASSERT(!etag.empty());
        CPPUNIT_ASSERT_EQUAL(304, get("/static/good/js/good.js", {{"If-None-Match", etag}}).status);
        Answer head = request("HEAD", "/static/good/js/good.js", "", {});
        CPPUNIT_ASSERT_EQUAL(200, head.status);
        CPPUNIT_ASSERT(head.body.empty());
        // Only the plugin's static/ folder, and only for plugins that run.
        CPPUNIT_ASSERT_EQUAL(404, get("/static/good/../good.so", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/static/good/%2e%2e/good.so", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/static/good/js/none.js", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, get("/static/throws/anything.js", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("model/stl"), StaticFilesMiddleware::contentType("STL"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/wasm"), StaticFilesMiddleware::contentType("wasm"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"),
                             StaticFilesMiddleware::contentType("mjs"));
    }

    // A demo's cases are made after the server starts: whoever waits for /readyz (a test,
    // a load balancer) must not act on the portal while they are being made.
    void isNotReadyUntilTheDemoDataIsIn()
    {
        _portal.reset();
        _portal = std::make_unique<Portal>(*_config, molar::host::defaultDataDir(), _clock);
        _portal->configure();
        _portal->awaitDemoData();
        _portal->start();
        Answer waiting = get("/readyz", {});
        CPPUNIT_ASSERT_EQUAL(503, waiting.status);
        CPPUNIT_ASSERT(waiting.body.find("\"plugins\":false") != std::string::npos);
        _portal->seedPluginDemoData();
        CPPUNIT_ASSERT_EQUAL(200, get("/readyz", {}).status);
    }

    void reportsReadinessAndMetrics()
    {
        Answer ready = get("/readyz", {});
        CPPUNIT_ASSERT_EQUAL(200, ready.status);
        CPPUNIT_ASSERT(ready.body.find("\"status\":\"ready\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(200, get("/healthz", {}).status);
        get("/good", {});
        get("/good", {});
        Answer metrics = get("/metrics", {});
        CPPUNIT_ASSERT(
            metrics.body.find("molar_http_requests_total{method=\"GET\",route=\"/good\",status=\"200\"} 2") !=
            std::string::npos);
        CPPUNIT_ASSERT(
            metrics.body.find(
                "molar_http_request_duration_seconds_bucket{method=\"GET\",route=\"/good\",le=\"+Inf\"} 2") !=
            std::string::npos);
        CPPUNIT_ASSERT(metrics.body.find("molar_outbox_depth 0") != std::string::npos);
        CPPUNIT_ASSERT(metrics.body.find("molar_db_pool_size ") != std::string::npos);
    }

    void drainsARequestInFlightOnStop()
    {
        auto slow = std::async(std::launch::async, [this] { return get("/good/slow", {}); });
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // the request is in the handler
        _portal->stop();
        Answer a = slow.get();
        CPPUNIT_ASSERT_EQUAL(200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("slow and good"), a.body);
    }

private:
    Answer get(const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers)
    {
        return request("GET", path, "", headers);
    }
    Answer post(const std::string& path, const std::string& form,
                const std::vector<std::pair<std::string, std::string>>& headers)
    {
        auto all = headers;
        all.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        return request("POST", path, form, all);
    }
    Answer request(const std::string& method, const std::string& path, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_portal->port()));
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers)
            req.set(name, value);
        if (!body.empty() || method == "POST")
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(req) << body;
        Answer answer;
        std::istream& in = session.receiveResponse(answer.response);
        answer.status = static_cast<int>(answer.response.getStatus());
        if (method != "HEAD")
            Poco::StreamCopier::copyToString(in, answer.body);
        return answer;
    }

    ManualClock _clock;
    std::unique_ptr<test::TestDatabase> _db;
    std::unique_ptr<ConfigStore> _config;
    std::unique_ptr<Portal> _portal;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HttpTest);

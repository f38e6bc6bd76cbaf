// /metrics: what a request can put in a label is bounded and escaped, counters are
// typed and printed in full, and only configured addresses or a bearer token read it.
#include "Assertions.h"
#include "DemoPortal.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/HostSettings.h"
#include "core/MetricsRegistry.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

using namespace molar;
using namespace molar::host;

namespace {

struct Reply
{
    int status = 0;
    std::string body;
    std::string authenticate;
};

Reply call(int port, const std::string& method, const std::string& path,
           const std::string& authorization = "", const std::string& forwardedFor = "")
{
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!authorization.empty())
        request.set("Authorization", authorization);
    if (!forwardedFor.empty())
        request.set("X-Forwarded-For", forwardedFor);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    reply.authenticate = response.get("WWW-Authenticate", "");
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

// Every sample line is `name{labels} value` or `name value`, labels quoted and escaped.
bool wellFormed(const std::string& exposition)
{
    std::istringstream lines(exposition);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        auto brace = line.find('{');
        auto space = line.rfind(' ');
        if (space == std::string::npos || space == 0)
            return false;
        if (brace != std::string::npos) {
            auto close = line.rfind('}');
            if (close == std::string::npos || close + 1 != space)
                return false;
            // Inside the braces, quotes pair up once escapes are skipped.
            bool quoted = false;
            for (std::size_t i = brace + 1; i < close; ++i) {
                if (quoted && line[i] == '\\')
                    ++i;
                else if (line[i] == '"')
                    quoted = !quoted;
            }
            if (quoted)
                return false;
        }
    }
    return true;
}

} // namespace

class MetricsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MetricsTest);
    CPPUNIT_TEST(testUnknownMethodsCountAsOther);
    CPPUNIT_TEST(testLabelValuesAreEscaped);
    CPPUNIT_TEST(testLargeCountersPrintInFull);
    CPPUNIT_TEST(testPoolWaitsAreACounter);
    CPPUNIT_TEST(testLoopbackReadsMetricsByDefault);
    CPPUNIT_TEST(testOtherAddressesAreRefused);
    CPPUNIT_TEST(testBearerTokenOpensMetrics);
    CPPUNIT_TEST(testBehindTheProxyTheClientsAddressCounts);
    CPPUNIT_TEST(testAStrangeMethodCannotBreakTheScrape);
    CPPUNIT_TEST(testBadMetricsSettingsStopStartUp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testUnknownMethodsCountAsOther()
    {
        MetricsRegistry metrics;
        metrics.observeRequest("GET", "/a", 200, 0.01);
        metrics.observeRequest("BREW", "/a", 404, 0.01);
        metrics.observeRequest("X\"}\nmolar_fake 1", "/a", 400, 0.01);
        const std::string out = metrics.render();
        MOLAR_ASSERT_CONTAINS("molar_http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 1", out);
        MOLAR_ASSERT_CONTAINS("molar_http_requests_total{method=\"other\",route=\"/a\",status=\"404\"} 1",
                              out);
        MOLAR_ASSERT_CONTAINS("molar_http_requests_total{method=\"other\",route=\"/a\",status=\"400\"} 1",
                              out);
        CPPUNIT_ASSERT(out.find("BREW") == std::string::npos);
        CPPUNIT_ASSERT(out.find("molar_fake") == std::string::npos);
        CPPUNIT_ASSERT(wellFormed(out));
    }

    void testLabelValuesAreEscaped()
    {
        MetricsRegistry metrics;
        metrics.observeRequest("GET", "/a\"b\\c\nd", 200, 0.01);
        metrics.counter("molar_demo_total", "A plugin's counter.", "kind=\"a\nb\"").increment();
        const std::string out = metrics.render();
        MOLAR_ASSERT_CONTAINS("route=\"/a\\\"b\\\\c\\nd\"", out);
        CPPUNIT_ASSERT(wellFormed(out));
        CPPUNIT_ASSERT(out.find("kind=\"a\nb\"") == std::string::npos);
    }

    void testLargeCountersPrintInFull()
    {
        MetricsRegistry metrics;
        metrics.counter("molar_demo_total", "A plugin's counter.", "").increment(1234567);
        metrics.addGauge("molar_big", "A big gauge.", [] { return 98765432101.0; });
        metrics.addGauge("molar_fraction", "A fraction.", [] { return 0.25; });
        const std::string out = metrics.render();
        MOLAR_ASSERT_CONTAINS("molar_demo_total 1234567\n", out);
        MOLAR_ASSERT_CONTAINS("molar_big 98765432101\n", out);
        MOLAR_ASSERT_CONTAINS("molar_fraction 0.25\n", out);
        CPPUNIT_ASSERT(out.find("e+") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("0.001"), MetricsRegistry::formatValue(0.001));
        CPPUNIT_ASSERT_EQUAL(std::string("0.1"), MetricsRegistry::formatValue(0.1));
    }

    void testPoolWaitsAreACounter()
    {
        test::DemoPortal demo(_clock);
        const Reply reply = call(demo.portal().port(), "GET", "/metrics");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        MOLAR_ASSERT_CONTAINS("# TYPE molar_db_pool_waits_total counter\n", reply.body);
        MOLAR_ASSERT_CONTAINS("# TYPE molar_db_pool_size gauge\n", reply.body);
    }

    void testLoopbackReadsMetricsByDefault()
    {
        test::DemoPortal demo(_clock);
        CPPUNIT_ASSERT_EQUAL(200, call(demo.portal().port(), "GET", "/metrics").status);
    }

    void testOtherAddressesAreRefused()
    {
        test::DemoPortal demo(_clock, {{"metrics.allowFrom", "10.0.0.0/8, 192.0.2.7"}});
        const Reply reply = call(demo.portal().port(), "GET", "/metrics");
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        MOLAR_ASSERT_CONTAINS("metrics.allowFrom", reply.body);
        CPPUNIT_ASSERT(reply.body.find("molar_http_requests_total") == std::string::npos);
        // Nor does a token open it when none is configured.
        CPPUNIT_ASSERT_EQUAL(403, call(demo.portal().port(), "GET", "/metrics", "Bearer ").status);
    }

    void testBearerTokenOpensMetrics()
    {
        const std::string token = "0123456789abcdef0123456789abcdef";
        test::DemoPortal demo(_clock, {{"metrics.allowFrom", ""}, {"metrics.token", token}});
        const int port = demo.portal().port();
        const Reply none = call(port, "GET", "/metrics");
        CPPUNIT_ASSERT_EQUAL(401, none.status);
        MOLAR_ASSERT_CONTAINS("Bearer", none.authenticate);
        CPPUNIT_ASSERT_EQUAL(401, call(port, "GET", "/metrics", "Bearer " + token.substr(1) + "0").status);
        CPPUNIT_ASSERT_EQUAL(401, call(port, "GET", "/metrics", "Bearer " + token + "0").status);
        CPPUNIT_ASSERT_EQUAL(401, call(port, "GET", "/metrics", "Basic " + token).status);
        const Reply right = call(port, "GET", "/metrics", "Bearer " + token);
        CPPUNIT_ASSERT_EQUAL(200, right.status);
        MOLAR_ASSERT_CONTAINS("molar_http_requests_total", right.body);
    }

    void testBehindTheProxyTheClientsAddressCounts()
    {
        // nginx on this machine forwards everyone: loopback is then the proxy, not the client.
        test::DemoPortal demo(_clock, {{"http.trustedProxies", "127.0.0.1, ::1"}});
        const int port = demo.portal().port();
        CPPUNIT_ASSERT_EQUAL(403, call(port, "GET", "/metrics", "", "203.0.113.9").status);
        CPPUNIT_ASSERT_EQUAL(403, call(port, "GET", "/metrics", "", "127.0.0.1, 203.0.113.9").status);
        CPPUNIT_ASSERT_EQUAL(200, call(port, "GET", "/metrics").status); // a scraper on this machine
    }

    void testAStrangeMethodCannotBreakTheScrape()
    {
        test::DemoPortal demo(_clock);
        const int port = demo.portal().port();
        for (const char* method : {"BREW", "PROPFIND", "M-SEARCH"})
            call(port, method, "/healthz");
        const Reply reply = call(port, "GET", "/metrics");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.body.find("BREW") == std::string::npos);
        CPPUNIT_ASSERT(reply.body.find("PROPFIND") == std::string::npos);
        MOLAR_ASSERT_CONTAINS("method=\"other\"", reply.body);
        CPPUNIT_ASSERT(wellFormed(reply.body));
    }

    void testBadMetricsSettingsStopStartUp()
    {
        CPPUNIT_ASSERT(
            refusal({{"metrics.allowFrom", "127.0.0.1, not-an-address"}}).find("metrics.allowFrom") !=
            std::string::npos);
        const std::string shortToken = refusal({{"metrics.token", "short-secret"}});
        MOLAR_ASSERT_CONTAINS("metrics.token", shortToken);
        CPPUNIT_ASSERT(shortToken.find("short-secret") == std::string::npos); // a secret is never printed
        test::TempDir dir;
        const std::string file = dir.path() + "/metrics-token";
        std::ofstream(file) << "0123456789abcdef0123456789abcdef\n";
        ::chmod(file.c_str(), 0644);
        MOLAR_ASSERT_CONTAINS("chmod 600", refusal({{"metrics.tokenFile", file}}));
        ::chmod(file.c_str(), 0600);
        CPPUNIT_ASSERT_EQUAL(std::string(), refusal({{"metrics.tokenFile", file}}));
    }

private:
    // The start-up error for these settings, or "" when they are accepted.
    std::string refusal(const std::vector<std::pair<std::string, std::string>>& settings)
    {
        ConfigStore config;
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        config.set("db.url", "sqlite::memory:");
        for (const auto& [key, value] : settings)
            config.set(key, value);
        Portal portal(config, molar::host::defaultDataDir(), _clock);
        try {
            portal.configure();
        } catch (const StartupError& e) {
            return e.what();
        }
        return "";
    }

    ManualClock _clock;
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetricsTest);

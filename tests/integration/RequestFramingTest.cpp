// The body of one request is never read as the next request, whatever answered it and
// however the body was framed; ambiguous framing is refused. Raw sockets, so the test
// sees exactly what goes over the connection.
#include "TestDatabase.h"

#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <thread>

using namespace molar;
using namespace molar::host;

namespace {

// A request the tests hide inside a body: if the server ever parses it, its answer
// ({"status":"alive"}) shows up on the connection.
const std::string SMUGGLED = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

std::string withLength(const std::string& head, const std::string& body)
{
    return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string chunked(const std::string& head, const std::string& body)
{
    char size[16];
    std::snprintf(size, sizeof(size), "%zx", body.size());
    return head + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + body + "\r\n0\r\n\r\n";
}

int countAnswers(const std::string& bytes)
{
    int count = 0;
    // A status line: "HTTP/1.1 " and three digits; bodies run straight into the next answer.
    for (auto at = bytes.find("HTTP/1.1 "); at != std::string::npos; at = bytes.find("HTTP/1.1 ", at + 1))
        if (at + 12 < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[at + 9])) &&
            std::isdigit(static_cast<unsigned char>(bytes[at + 10])) &&
            std::isdigit(static_cast<unsigned char>(bytes[at + 11])) && bytes[at + 12] == ' ')
            ++count;
    return count;
}

bool saysClose(const std::string& answer)
{
    return Poco::toLower(answer.substr(0, answer.find("\r\n\r\n"))).find("\r\nconnection: close\r\n") !=
           std::string::npos;
}

} // namespace

class RequestFramingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestFramingTest);
    CPPUNIT_TEST(neverReadsAnUnreadBodyAsTheNextRequest);
    CPPUNIT_TEST(keepsTheConnectionAfterDrainingASmallBody);
    CPPUNIT_TEST(closesAfterALargeUnreadBody);
    CPPUNIT_TEST(aClientStillSendingReadsTheAnswerNotAReset);
    CPPUNIT_TEST(refusesAmbiguousFraming);
    CPPUNIT_TEST(refusesHeadsPocoWouldEndElsewhere);
    CPPUNIT_TEST(readsChunkedBodiesToTheEndOfTheirTrailers);
    CPPUNIT_TEST(closesAfterAMalformedChunkedBody);
    CPPUNIT_TEST(servesARequestAfterAnEmptyLine);
    CPPUNIT_TEST(answersAPathThatIsNotPercentEncoding404);
    CPPUNIT_TEST(answersABodyOverTheRouteLimit413WithNothingLeftBehind);
    CPPUNIT_TEST(answersPipelinedRequestsInOrder);
    CPPUNIT_TEST(treatsABodyWithoutLengthAsNone);
    CPPUNIT_TEST(answersAHeadThatNeverEnds408);
    CPPUNIT_TEST(answersAnOversizedHead431);
    CPPUNIT_TEST(takesTheClientAddressFromTrustedProxiesOnly);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { startPortal({}); }

    void tearDown() override
    {
        _portal.reset();
        _config.reset();
        _db.reset();
    }

    // Every path that answers before (or without) reading the body, with the body sent
    // by Content-Length and chunked: one answer, and the hidden request never runs.
    void neverReadsAnUnreadBodyAsTheNextRequest()
    {
        const std::vector<std::pair<std::string, std::string>> earlyAnswers = {
            {"POST /no-such-route HTTP/1.1\r\nHost: x\r\n", "404"},
            {"PUT /good HTTP/1.1\r\nHost: x\r\n", "405"},
            {"POST /admin/organizations HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n", "401"},
            {"POST /prefs/language HTTP/1.1\r\nHost: x\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\n",
             "403"},
            {"POST /good/ignore HTTP/1.1\r\nHost: x\r\n", "200"},
            {"GET /healthz HTTP/1.1\r\nHost: x\r\n", "200"},
            {"POST /good/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n", "400"},
        };
        for (const auto& [head, status] : earlyAnswers) {
            for (bool useChunks : {false, true}) {
                const std::string request = useChunks ? chunked(head, SMUGGLED) : withLength(head, SMUGGLED);
                const std::string answer = exchange(request, std::chrono::milliseconds(700));
                const std::string what =
                    head.substr(0, head.find('\r')) + (useChunks ? " (chunked)" : "") + ":\n" + answer;
                CPPUNIT_ASSERT_MESSAGE(what, answer.rfind("HTTP/1.1 " + status, 0) == 0);
                CPPUNIT_ASSERT_MESSAGE(what, countAnswers(answer) == 1 || status == "200");
                CPPUNIT_ASSERT_MESSAGE(what, answer.find("\"alive\"") == std::string::npos ||
                                                 head.rfind("GET /healthz", 0) == 0);
                if (head.rfind("GET /healthz", 0) == 0)
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 1, countAnswers(answer));
            }
        }
    }

    // A refused form's small body is read and dropped: the browser's next request on the
    // same connection gets its own answer, not a stray 400.
    void keepsTheConnectionAfterDrainingASmallBody()
    {
        const std::string refused = withLength("POST /prefs/language HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Type: application/x-www-form-urlencoded\r\n",
                                               "lang=ar&x=" + std::string(4000, 'a'));
        const std::string next = "GET /good HTTP/1.1\r\nHost: x\r\n\r\n";
        const std::string answer = exchange(refused + next, std::chrono::milliseconds(700));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 403", 0) == 0);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 2, countAnswers(answer));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("HTTP/1.1 200") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\r\n\r\ngood") != std::string::npos);
        CPPUNIT_ASSERT(answer.find("400 Bad Request") == std::string::npos);
    }

    // A body too large to drain: the answer says Connection: close and the server closes,
    // so the rest of the body (a request hidden at its end) is never parsed.
    void closesAfterALargeUnreadBody()
    {
        const std::string body = std::string(200 * 1024, 'x') + SMUGGLED;
        Poco::Net::StreamSocket socket(address());
        const std::string head =
            "POST /no-such-route HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n";
        socket.sendBytes(head.data(), static_cast<int>(head.size()));
        std::string answer = readUntilClosed(socket, std::chrono::milliseconds(3000));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 404", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(answer, saysClose(answer));
        try {
            socket.sendBytes(body.data(), static_cast<int>(body.size()));
        } catch (const Poco::Exception&) {
            // Closed already: what this test wants.
        }
        answer += readUntilClosed(socket, std::chrono::milliseconds(700));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 1, countAnswers(answer));
    }

    // A client that sends its whole large body before it reads (as most do) still gets
    // the refusal: the closing connection drops the rest instead of resetting.
    void aClientStillSendingReadsTheAnswerNotAReset()
    {
        for (int round = 0; round < 5; ++round) {
            const std::string body(16 * 1024 * 1024, 'x');
            const std::string request =
                withLength("POST /no-such-route HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n", body);
            Poco::Net::StreamSocket socket(address());
            socket.setSendTimeout(Poco::Timespan(10, 0));
            std::size_t sent = 0;
            while (sent < request.size())
                sent += static_cast<std::size_t>(
                    socket.sendBytes(request.data() + sent, static_cast<int>(request.size() - sent)));
            const std::string answer = readUntilClosed(socket, std::chrono::milliseconds(700));
            CPPUNIT_ASSERT_MESSAGE(answer.substr(0, 200), answer.rfind("HTTP/1.1 404", 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(answer,
                                   answer.find("There is no page at /no-such-route.") != std::string::npos);
        }
    }

    void refusesAmbiguousFraming()
    {
        const std::vector<std::string> ambiguous = {
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            "0\r\n\r\n" +
                SMUGGLED,
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 35\r\n\r\n" +
                SMUGGLED,
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" +
                SMUGGLED,
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
            "x\r\n\r\n"
            "0\r\n\r\n" +
                SMUGGLED,
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: +35\r\n\r\n" + SMUGGLED,
            // Poco's parser throws for these before framingProblem runs: the connection closed
            // unanswered, and a refused head was answered through a response that still pointed
            // at the request whose constructor threw (ASan: stack-use-after-scope).
            std::string(40, 'A') + " /good HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 3x5\r\n\r\n" + SMUGGLED,
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n" +
                SMUGGLED,
        };
        for (const auto& request : ambiguous) {
            const std::string answer = exchange(request, std::chrono::milliseconds(700));
            CPPUNIT_ASSERT_MESSAGE(request + "\n->\n" + answer, answer.rfind("HTTP/1.1 400", 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(answer, saysClose(answer));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 1, countAnswers(answer));
        }
    }

    // Heads the reactor would see end at one place and Poco's parser at another: the request
    // line on two lines (Poco read on into what followed), obs-fold (a folded
    // "Transfer-Encoding: chunked" was not chunked to Poco, so its body became the next
    // request), a line of one character (Poco ended the head there), a line starting with CR,
    // and a byte 0xFF (Poco's session reads it as the end of the stream, so the head ended there).
    void refusesHeadsPocoWouldEndElsewhere()
    {
        const std::vector<std::string> heads = {
            "GET\r\n\r\n/healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n" +
                chunked("", SMUGGLED).substr(std::string("Transfer-Encoding: chunked\r\n\r\n").size()),
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nX\nContent-Length: 35\r\n\r\n" + SMUGGLED,
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\n\rContent-Length: 35\r\n\r\n" + SMUGGLED,
            " GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /good/ignore HTTP/1.1\r\nHost: x\r\nX-Note: a\xff\xff\r\nContent-Length: 35\r\n\r\n" +
                SMUGGLED,
        };
        for (const auto& request : heads) {
            const std::string answer = exchange(request, std::chrono::milliseconds(700));
            CPPUNIT_ASSERT_MESSAGE(request + "\n->\n" + answer, answer.rfind("HTTP/1.1 400", 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(answer, saysClose(answer));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 1, countAnswers(answer));
            CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\"alive\"") == std::string::npos);
        }
    }

    // Trailer fields after the last chunk are part of the body: the next request is the
    // one after them (Poco's reader took one line, and the second field became a request).
    void readsChunkedBodiesToTheEndOfTheirTrailers()
    {
        const std::string head = "POST /good/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n";
        const std::string next = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        for (const std::string& trailers : {std::string(), std::string("Expires: 0\r\n"),
                                            std::string("Expires: 0\r\nX-Checksum: 1f\r\n")}) {
            const std::string answer =
                exchange(head + "4;part=1\r\n{\"n\"\r\n3\r\n:1}\r\n0\r\n" + trailers + "\r\n" + next,
                         std::chrono::milliseconds(2000));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(trailers + "->\n" + answer, 2, countAnswers(answer));
            CPPUNIT_ASSERT_MESSAGE(answer, answer.find("{\"echo\":{\"n\":1}}") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\"alive\"") != std::string::npos);
        }
    }

    // A chunk size Poco's reader stopped at (nine hex digits, a letter) ended the body as if
    // it were whole, and what followed ran as the next request.
    void closesAfterAMalformedChunkedBody()
    {
        for (const std::string& route : {std::string("/good/ignore"), std::string("/good/echo")}) {
            for (const std::string& size :
                 {std::string("123456789"), std::string("zz\r\n"), std::string("5\n")}) {
                const std::string request = "POST " + route +
                                            " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                            "Transfer-Encoding: chunked\r\n\r\n" +
                                            size + SMUGGLED;
                const std::string answer = exchange(request, std::chrono::milliseconds(700));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(request + "\n->\n" + answer, 1, countAnswers(answer));
                CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\"alive\"") == std::string::npos);
                CPPUNIT_ASSERT_MESSAGE(answer, saysClose(answer));
                if (route == "/good/echo")
                    CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 400", 0) == 0);
            }
        }
    }

    // A client may send an empty line before a request (RFC 9112, 2.2); Poco refused a head
    // that starts with CRLF.
    void servesARequestAfterAnEmptyLine()
    {
        const std::string answer =
            exchange(withLength("POST /good/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n",
                                "{\"n\":1}") +
                         "\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                     std::chrono::milliseconds(2000));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 2, countAnswers(answer));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\"alive\"") != std::string::npos);
    }

    // A path Poco cannot percent-decode named no route, and the connection closed unanswered.
    void answersAPathThatIsNotPercentEncoding404()
    {
        for (const std::string& path :
             {std::string("/good/%zz"), std::string("/%"), std::string("/good%4")}) {
            const std::string answer =
                exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                         std::chrono::milliseconds(1000));
            CPPUNIT_ASSERT_MESSAGE(path + "\n->\n" + answer, answer.rfind("HTTP/1.1 404", 0) == 0);
        }
    }

    // /good/echo takes 1 KiB: a longer body, told or streamed, is a 413 whose hidden request
    // never runs, and the connection closes after it.
    void answersABodyOverTheRouteLimit413WithNothingLeftBehind()
    {
        const std::string body = std::string(2000, ' ') + SMUGGLED;
        const std::string head = "POST /good/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        for (bool useChunks : {false, true}) {
            const std::string answer = exchange(useChunks ? chunked(head, body) : withLength(head, body),
                                                std::chrono::milliseconds(700));
            CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 413", 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(answer, saysClose(answer));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 1, countAnswers(answer));
        }
    }

    void answersPipelinedRequestsInOrder()
    {
        const std::string requests = "GET /good HTTP/1.1\r\nHost: x\r\n\r\n" +
                                     withLength("POST /good/echo HTTP/1.1\r\nHost: x\r\n"
                                                "Content-Type: application/json\r\n",
                                                "{\"n\":1}") +
                                     "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const std::string answer = exchange(requests, std::chrono::milliseconds(2000));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 3, countAnswers(answer));
        const auto good = answer.find("\r\n\r\ngood");
        const auto echo = answer.find("{\"echo\":{\"n\":1}}");
        const auto alive = answer.find("\"alive\"");
        CPPUNIT_ASSERT_MESSAGE(answer, good != std::string::npos && echo != std::string::npos &&
                                           alive != std::string::npos && good < echo && echo < alive);
    }

    // HTTP/1.1 without Content-Length or chunked coding means no body (RFC 9112, 6.3): the
    // bytes that follow are the next request, and a handler reading the body is not left
    // waiting for the connection to close.
    void treatsABodyWithoutLengthAsNone()
    {
        const std::string requests =
            "POST /good/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n"
            "GET /good HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const auto started = std::chrono::steady_clock::now();
        const std::string answer = exchange(requests, std::chrono::milliseconds(3000));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 400", 0) == 0); // "" is not JSON
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer, 2, countAnswers(answer));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    }

    void answersAHeadThatNeverEnds408()
    {
        Poco::Net::StreamSocket socket(address());
        const auto started = std::chrono::steady_clock::now();
        std::string answer;
        // One header line every 300 ms keeps each read short; the whole head still has a deadline.
        for (int i = 0; i < 20 && answer.empty(); ++i) {
            const std::string line =
                i == 0 ? "GET /good HTTP/1.1\r\n" : "X-Slow-" + std::to_string(i) + ": y\r\n";
            try {
                socket.sendBytes(line.data(), static_cast<int>(line.size()));
            } catch (const Poco::Exception&) {
                break;
            }
            answer = readUntilClosed(socket, std::chrono::milliseconds(300), std::chrono::milliseconds(300));
        }
        CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 408", 0) == 0);
        const auto waited = std::chrono::steady_clock::now() - started;
        CPPUNIT_ASSERT(waited >= std::chrono::milliseconds(900) && waited < std::chrono::seconds(5));
    }

    void answersAnOversizedHead431()
    {
        const std::string request =
            "GET /good HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40 * 1024, 'b') + "\r\n\r\n";
        const std::string answer = exchange(request, std::chrono::milliseconds(1000));
        CPPUNIT_ASSERT_MESSAGE(answer.substr(0, 200), answer.rfind("HTTP/1.1 431", 0) == 0);
    }

    void takesTheClientAddressFromTrustedProxiesOnly()
    {
        // Not a trusted proxy: the forwarded address is the client's own claim.
        std::string answer =
            exchange("GET /good/whoami HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\n"
                     "Connection: close\r\n\r\n",
                     std::chrono::milliseconds(1000));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\r\n\r\n127.0.0.1\n") != std::string::npos);

        tearDown();
        startPortal({{"http.trustedProxies", "127.0.0.0/8, 10.1.0.0/16"}});
        // Right to left: 10.1.2.3 is a trusted proxy, 198.51.100.4 the client; what the
        // client wrote itself (203.0.113.9) is ignored.
        answer = exchange("GET /good/whoami HTTP/1.1\r\nHost: x\r\n"
                          "X-Forwarded-For: 203.0.113.9, 198.51.100.4\r\nX-Forwarded-For: 10.1.2.3\r\n"
                          "Connection: close\r\n\r\n",
                          std::chrono::milliseconds(1000));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\r\n\r\n198.51.100.4\n") != std::string::npos);
        // Garbage in the list stops the walk at the last proxy's peer.
        answer = exchange("GET /good/whoami HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: nonsense\r\n"
                          "Connection: close\r\n\r\n",
                          std::chrono::milliseconds(1000));
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("\r\n\r\n127.0.0.1\n") != std::string::npos);
    }

private:
    void startPortal(const std::vector<std::pair<std::string, std::string>>& settings)
    {
        _db = std::make_unique<test::TestDatabase>();
        _config = std::make_unique<ConfigStore>();
        _config->addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        _config->set("http.port", "0");
        _config->set("http.headTimeoutSeconds", "1");
        _config->set("db.url", _db->url());
        _config->set("plugins.path", TEST_PLUGIN_DIR);
        _config->set("plugins.enabled", "good");
        _config->set("logging.accessLog", "false");
        _config->set("jobs.workers", "1");
        for (const auto& [key, value] : settings)
            _config->set(key, value);
        _portal = std::make_unique<Portal>(*_config, molar::host::defaultDataDir(), _clock);
        _portal->configure();
        _portal->start();
    }

    Poco::Net::SocketAddress address() const
    {
        return Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(_portal->port()));
    }

    // Sends the bytes on a new connection, then reads until the server closes it or
    // stays silent for `quiet`.
    std::string exchange(const std::string& bytes, std::chrono::milliseconds quiet)
    {
        Poco::Net::StreamSocket socket(address());
        socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
        return readUntilClosed(socket, quiet);
    }

    // Reads until the server closes, or says nothing more for `quiet` once it has begun
    // to answer (the first byte may take longer on a loaded machine).
    static std::string readUntilClosed(Poco::Net::StreamSocket& socket, std::chrono::milliseconds quiet,
                                       std::chrono::milliseconds firstByte = std::chrono::milliseconds(5000))
    {
        std::string received;
        char buffer[8192];
        for (;;) {
            const auto wait = received.empty() ? std::max(quiet, firstByte) : quiet;
            socket.setReceiveTimeout(Poco::Timespan(std::chrono::microseconds(wait).count()));
            int n = 0;
            try {
                n = socket.receiveBytes(buffer, sizeof(buffer));
            } catch (const Poco::Exception&) {
                break; // quiet for long enough, or reset
            }
            if (n <= 0)
                break;
            received.append(buffer, static_cast<std::size_t>(n));
        }
        return received;
    }

    std::unique_ptr<test::TestDatabase> _db;
    std::unique_ptr<ConfigStore> _config;
    std::unique_ptr<Portal> _portal;
    ManualClock _clock;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestFramingTest);

// A full queue of requests answers 503 at once instead of leaving them unanswered.
#include "TestDatabase.h"

#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace molar;
using namespace molar::host;

class OverloadTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OverloadTest);
    CPPUNIT_TEST(answers503WhenEveryThreadAndQueueSlotIsTaken);
    CPPUNIT_TEST_SUITE_END();

public:
    void answers503WhenEveryThreadAndQueueSlotIsTaken()
    {
        test::TestDatabase db;
        ConfigStore config;
        config.addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        config.set("http.port", "0");
        config.set("http.threads", "2");
        config.set("http.queue", "1");
        config.set("http.keepAliveSeconds", "30");
        // The held bodies must outlast a slow machine's polling below, or their reads time
        // out and free the workers before the check.
        config.set("http.timeoutSeconds", "300");
        config.set("db.url", db.url());
        config.set("plugins.enabled", "");
        config.set("logging.accessLog", "false");
        ManualClock clock;
        Portal portal(config, molar::host::defaultDataDir(), clock);
        portal.configure();
        portal.start();
        const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(portal.port()));

        // Idle keep-alive connections hold no worker: many of them, and requests still answer.
        std::vector<std::unique_ptr<Poco::Net::StreamSocket>> idle;
        for (int i = 0; i < 8; ++i) {
            idle.push_back(std::make_unique<Poco::Net::StreamSocket>(address));
            send(*idle.back(), "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
            CPPUNIT_ASSERT(readSome(*idle.back()).find("HTTP/1.1 200") == 0);
        }

        // A worker counts as busy until just after its answer went out: wait for the last
        // idle request's worker to be free, or the first held form could be counted as taken
        // while it still sits in the one queue slot and the second is turned away.
        waitUntil([&] { return portal.threadsBusy() == 0 && portal.queuedConnections() == 0; });

        // Two forms whose bodies never come hold both workers (each reads its body);
        // a third complete request waits in the queue. Each waits for the one before to
        // reach its place (a loaded machine can be slow to get there).
        std::vector<std::unique_ptr<Poco::Net::StreamSocket>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<Poco::Net::StreamSocket>(address));
            if (i < 2)
                send(*held.back(),
                     "POST /prefs/language HTTP/1.1\r\nHost: test\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n");
            else
                send(*held.back(), "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
            const int busy = std::min(i + 1, 2);
            const int queued = i < 2 ? 0 : 1;
            waitUntil([&] { return portal.threadsBusy() == busy && portal.queuedConnections() == queued; });
        }
        const std::string state = "busy " + std::to_string(portal.threadsBusy()) + ", queued " +
                                  std::to_string(portal.queuedConnections());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(state, 2, portal.threadsBusy());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(state, 1, portal.queuedConnections());

        Poco::Net::StreamSocket late(address);
        send(late, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
        const auto started = std::chrono::steady_clock::now();
        const std::string answer = readSome(late);
        const auto waited = std::chrono::steady_clock::now() - started;
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("HTTP/1.1 503 Service Unavailable") == 0);
        CPPUNIT_ASSERT(answer.find("Retry-After: 5") != std::string::npos);
        CPPUNIT_ASSERT(waited < std::chrono::seconds(5)); // at once, not after the 30 s read timeout

        // Once the held connections go, the server answers again, the queued request first.
        held[0].reset();
        held[1].reset();
        CPPUNIT_ASSERT(readSome(*held[2]).find("HTTP/1.1 200") == 0);
        send(*idle.front(), "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
        CPPUNIT_ASSERT(readSome(*idle.front()).find("HTTP/1.1 200") == 0);
    }

private:
    // Polls for up to a minute: sanitizer builds on a loaded machine are slow to get there.
    template <typename Condition> static void waitUntil(Condition condition)
    {
        for (int i = 0; i < 6000 && !condition(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    static void send(Poco::Net::StreamSocket& socket, const std::string& bytes)
    {
        socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    }

    static std::string readSome(Poco::Net::StreamSocket& socket)
    {
        socket.setReceiveTimeout(Poco::Timespan(5, 0));
        char buffer[1024];
        int n = socket.receiveBytes(buffer, sizeof(buffer));
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OverloadTest);

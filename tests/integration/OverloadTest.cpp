// A full connection queue answers 503 at once instead of dropping the connection.
#include "TestDatabase.h"

#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "core/Clocks.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cppunit/extensions/HelperMacros.h>

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
        config.addDirectory(std::string(MOLAR_DATA_DIR) + "/config");
        config.set("http.port", "0");
        config.set("http.threads", "2");
        config.set("http.queue", "1");
        config.set("http.keepAliveSeconds", "30");
        config.set("db.url", db.url());
        config.set("plugins.enabled", "");
        config.set("logging.accessLog", "false");
        ManualClock clock;
        Portal portal(config, MOLAR_DATA_DIR, clock);
        portal.configure();
        portal.start();
        const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(portal.port()));

        // Two keep-alive connections hold both threads; a third waits in the queue.
        std::vector<std::unique_ptr<Poco::Net::StreamSocket>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<Poco::Net::StreamSocket>(address));
            if (i < 2) {
                const std::string request = "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n";
                held.back()->sendBytes(request.data(), static_cast<int>(request.size()));
                CPPUNIT_ASSERT(readSome(*held.back()).find("HTTP/1.1 200") == 0);
            }
        }
        for (int i = 0; i < 100 && portal.queuedConnections() < 1; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CPPUNIT_ASSERT_EQUAL(1, portal.queuedConnections());

        Poco::Net::StreamSocket late(address);
        const auto started = std::chrono::steady_clock::now();
        const std::string answer = readSome(late);
        const auto waited = std::chrono::steady_clock::now() - started;
        CPPUNIT_ASSERT_MESSAGE(answer, answer.find("HTTP/1.1 503 Service Unavailable") == 0);
        CPPUNIT_ASSERT(answer.find("Retry-After: 5") != std::string::npos);
        CPPUNIT_ASSERT(waited < std::chrono::seconds(2));

        // Once the held connections go, the server answers again.
        held.clear();
        std::string ok;
        for (int i = 0; i < 50 && ok.find("HTTP/1.1 200") != 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            Poco::Net::StreamSocket again(address);
            const std::string request = "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
            again.sendBytes(request.data(), static_cast<int>(request.size()));
            ok = readSome(again);
        }
        CPPUNIT_ASSERT(ok.find("HTTP/1.1 200") == 0);
    }

private:
    static std::string readSome(Poco::Net::StreamSocket& socket)
    {
        socket.setReceiveTimeout(Poco::Timespan(5, 0));
        char buffer[1024];
        int n = socket.receiveBytes(buffer, sizeof(buffer));
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OverloadTest);

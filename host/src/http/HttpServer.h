#pragma once

#include "config/HostSettings.h"
#include "http/Middleware.h"
#include "http/TrustedProxies.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/PollSet.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace molar::host {

// The HTTP/1.1 server. One reactor thread holds every connection that is idle or
// still sending its request head (a PollSet of them, each with a deadline); only a
// connection whose whole head has arrived goes to a worker (http.threads of them),
// which serves that one request and gives the connection back. So idle keep-alive
// connections and slow heads hold no worker, and when more heads are ready than
// http.queue, the next is answered 503 at once.
//
// Every request's body is read to its end before the connection serves another
// (bounded: a short drain, else the answer says Connection: close and the
// connection closes), and a request whose framing is ambiguous is refused with 400
// and a close: the body of one request can never be parsed as the next.
class HttpServer
{
public:
    HttpServer(const HttpSettings& settings, Pipeline& pipeline);
    ~HttpServer();

    void start();
    // Stops accepting, waits up to `drain` for requests in flight, then closes
    // every connection.
    void stop(std::chrono::seconds drain);
    // The bound port (useful with http.port=0).
    int port() const;
    int inFlight() const { return _inFlight.load(); }
    int threadsBusy() const { return _busy.load(); }
    // Requests whose head has arrived, waiting for a worker.
    int queued() const;
    // Connections held by the reactor: idle or sending their head.
    int idleConnections() const;

private:
    struct Connection;
    using ConnectionPtr = std::shared_ptr<Connection>;

    void runReactor();
    void acceptAll();
    void readHead(const ConnectionPtr& connection);
    void closeExpired();
    void watch(const ConnectionPtr& connection);
    void unwatch(const ConnectionPtr& connection);
    void dispatch(const ConnectionPtr& connection);
    void giveBack(const ConnectionPtr& connection);
    void refuse(const ConnectionPtr& connection, int status, const std::string& message);
    void linger(const ConnectionPtr& connection);

    void runWorker();
    // Serves the request whose head the connection holds; true to keep the connection.
    bool serve(Connection& connection);

    HttpSettings _settings;
    Pipeline& _pipeline;
    TrustedProxies _proxies;
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::ServerSocket _listener;
    Poco::Net::PollSet _poll;

    mutable std::mutex _watchedMutex;
    std::map<const void*, ConnectionPtr> _watched; // by socket implementation

    mutable std::mutex _readyMutex;
    std::condition_variable _readyChanged;
    std::deque<ConnectionPtr> _ready;
    std::set<Connection*> _serving;

    std::atomic<bool> _running{false};
    std::atomic<bool> _accepting{false};
    std::atomic<int> _inFlight{0};
    std::atomic<int> _busy{0};
    std::thread _reactor;
    std::vector<std::thread> _workers;
    int _port = 0;
};

} // namespace molar::host

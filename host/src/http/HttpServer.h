#pragma once

#include "config/HostSettings.h"
#include "http/Middleware.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>

namespace molar::host {

// Poco's HTTPServer running the middleware pipeline. Poco holds one thread per
// open connection, so the pool is sized by http.threads and idle keep-alive
// connections are closed after http.keepAliveSeconds; when every thread is busy,
// up to http.queue connections wait and the next is answered 503 at once.
class HttpServer
{
public:
    HttpServer(const HttpSettings& settings, Pipeline& pipeline);
    ~HttpServer();

    void start();
    // Stops accepting, waits up to `drain` for requests in flight, then closes
    // what is left (idle keep-alive connections).
    void stop(std::chrono::seconds drain);
    // The bound port (useful with http.port=0).
    int port() const;
    int inFlight() const { return _inFlight.load(); }
    int threadsBusy() const;
    // Connections accepted and waiting for a thread.
    int queued() const;

private:
    class Factory;

    HttpSettings _settings;
    Pipeline& _pipeline;
    std::atomic<int> _inFlight{0};
    std::unique_ptr<Poco::ThreadPool> _threads;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    bool _running = false;
};

} // namespace molar::host

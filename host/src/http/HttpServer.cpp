#include "http/HttpServer.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>

#include <thread>

namespace molar::host {

namespace {

class PipelineHandler : public Poco::Net::HTTPRequestHandler
{
public:
    PipelineHandler(Pipeline& pipeline, std::atomic<int>& inFlight, bool secure)
        : _pipeline(pipeline), _inFlight(inFlight), _secure(secure)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        ++_inFlight;
        RequestContext context;
        context.secure = _secure || request.get("X-Forwarded-Proto", "") == "https";
        HttpRequest req(request, context);
        HttpResponse resp(response, context);
        Exchange exchange{req, resp, context, {}};
        try {
            _pipeline.run(exchange);
        } catch (...) {
            // The error boundary answers everything it can; this is the last guard.
            if (!response.sent()) {
                response.setStatus(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
                response.setContentLength(0);
                response.send();
            }
        }
        --_inFlight;
    }

private:
    Pipeline& _pipeline;
    std::atomic<int>& _inFlight;
    bool _secure;
};

// Poco closes a connection that finds the queue full without a word; this answers
// it with 503 and Retry-After instead, so clients and load balancers can tell
// "busy" from "down".
class OverloadFilter : public Poco::Net::TCPServerConnectionFilter
{
public:
    explicit OverloadFilter(int maxQueued) : _maxQueued(maxQueued) {}
    void watch(const Poco::Net::TCPServer* server) { _server = server; }

    bool accept(const Poco::Net::StreamSocket& socket) override
    {
        if (_server == nullptr || _server->queuedConnections() < _maxQueued)
            return true;
        static const std::string body = "The portal is busy. Try again in a few seconds.\n";
        static const std::string answer = "HTTP/1.1 503 Service Unavailable\r\n"
                                          "Content-Type: text/plain; charset=utf-8\r\n"
                                          "Retry-After: 5\r\n"
                                          "Connection: close\r\n"
                                          "Content-Length: " +
                                          std::to_string(body.size()) + "\r\n\r\n" + body;
        try {
            Poco::Net::StreamSocket copy(socket);
            copy.setSendTimeout(Poco::Timespan(0, 200000));
            copy.sendBytes(answer.data(), static_cast<int>(answer.size()));
            copy.shutdownSend();
        } catch (const Poco::Exception&) {
            // The client is gone or not reading; closing is all that is left.
        }
        return false;
    }

private:
    int _maxQueued;
    const Poco::Net::TCPServer* _server = nullptr;
};

} // namespace

class HttpServer::Factory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    Factory(Pipeline& pipeline, std::atomic<int>& inFlight, bool secure)
        : _pipeline(pipeline), _inFlight(inFlight), _secure(secure)
    {
    }
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new PipelineHandler(_pipeline, _inFlight, _secure);
    }

private:
    Pipeline& _pipeline;
    std::atomic<int>& _inFlight;
    bool _secure;
};

HttpServer::HttpServer(const HttpSettings& settings, Pipeline& pipeline)
    : _settings(settings), _pipeline(pipeline)
{
}

HttpServer::~HttpServer()
{
    stop(std::chrono::seconds(0));
}

void HttpServer::start()
{
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress(_settings.address, static_cast<Poco::UInt16>(_settings.port)), 256);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(_settings.threads);
    params->setMaxQueued(_settings.queue);
    params->setKeepAlive(_settings.keepAliveSeconds > 0);
    params->setKeepAliveTimeout(Poco::Timespan(_settings.keepAliveSeconds, 0));
    params->setTimeout(Poco::Timespan(_settings.timeoutSeconds, 0));
    params->setServerName("molard");
    _threads = std::make_unique<Poco::ThreadPool>(2, _settings.threads + 2, 60);
    _server = std::make_unique<Poco::Net::HTTPServer>(
        new Factory(_pipeline, _inFlight, _settings.secureCookies), *_threads, socket, params);
    Poco::AutoPtr<OverloadFilter> overload(new OverloadFilter(_settings.queue));
    overload->watch(_server.get());
    _server->setConnectionFilter(overload);
    _server->start();
    _running = true;
}

void HttpServer::stop(std::chrono::seconds drain)
{
    if (!_running)
        return;
    _running = false;
    _server->stop(); // no new connections
    const auto deadline = std::chrono::steady_clock::now() + drain;
    while (_inFlight.load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    _server->stopAll(true); // close idle keep-alive connections
    _threads->joinAll();
    _server.reset();
}

int HttpServer::port() const
{
    return _server ? _server->port() : _settings.port;
}

int HttpServer::threadsBusy() const
{
    return _server ? _server->currentThreads() : 0;
}

} // namespace molar::host

namespace molar::host {

int HttpServer::queued() const
{
    return _server ? _server->queuedConnections() : 0;
}

} // namespace molar::host

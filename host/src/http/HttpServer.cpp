#include "http/HttpServer.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

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

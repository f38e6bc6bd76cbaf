#include "http/HttpServer.h"

#include "http/ChunkedBody.h"
#include "http/ConnectionSocket.h"
#include "http/Exchange.h"
#include "http/RequestFraming.h"
#include "http/RequestHead.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <sys/socket.h>

#include <cerrno>

namespace molar::host {

namespace {

using Clock = std::chrono::steady_clock;

// What is left of a body no handler read is drained when it is this small and
// arrives this fast; otherwise the connection closes after the answer.
const std::size_t DRAIN_BYTES = 16 * 1024;
const std::chrono::milliseconds DRAIN_WAIT(1000);
// How often the reactor looks for connections past their deadline.
const Poco::Timespan SWEEP_INTERVAL(0, 200000);
// How long a closing connection still reads (and drops) what its client sends, so the
// client reads the answer instead of a reset (nginx's lingering close).
const std::chrono::seconds LINGER(2);
const char* const MALFORMED_HEAD =
    "The request's head is malformed: a request line of method, path and version, "
    "then header fields, one to a line.";

std::string plainAnswer(int status, const std::string& reason, const std::string& message, bool retryLater)
{
    const std::string body = message + "\n";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n" +
           (retryLater ? "Retry-After: 5\r\n" : "") +
           "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::vector<std::string> fieldValues(const Poco::Net::HTTPRequest& request, const std::string& name)
{
    std::vector<std::string> values;
    for (const auto& field : request)
        if (Poco::icompare(field.first, name) == 0)
            values.push_back(field.second);
    return values;
}

// A 400 for a request Poco could not parse; the connection closes after it. Written to
// the socket, not through Poco's response: that still points at the request whose
// constructor threw, and sendBuffer reads its method.
void answerMalformed(PrefixedSocketImpl& socket, const Poco::Net::HTTPServerResponseImpl& response,
                     const std::string& message)
{
    if (!response.sent())
        socket.sendNow(plainAnswer(400, "Bad Request", message, false));
}

// Counts a request in flight while it is in the pipeline, whatever leaves it.
class InFlight
{
public:
    explicit InFlight(std::atomic<int>& count) : _count(count) { ++_count; }
    ~InFlight() { --_count; }

private:
    std::atomic<int>& _count;
};

} // namespace

struct HttpServer::Connection
{
    explicit Connection(PrefixedSocketImpl* impl, Poco::Net::HTTPServerParams::Ptr params)
        : socketImpl(impl), socket(impl), session(socket, params)
    {
    }
    PrefixedSocketImpl* socketImpl; // owned by `socket`
    Poco::Net::StreamSocket socket;
    ConnectionSession session; // closes the socket when the connection goes
    std::string head;          // read by the reactor, not parsed yet
    Clock::time_point deadline;
    bool kept = false;      // has served a request: an idle wait is the keep-alive timeout
    bool lingering = false; // answered and closing: what the client still sends is dropped
};

HttpServer::HttpServer(const HttpSettings& settings, Pipeline& pipeline)
    : _settings(settings), _pipeline(pipeline), _proxies(settings.trustedProxies)
{
}

HttpServer::~HttpServer()
{
    stop(std::chrono::seconds(0));
}

void HttpServer::start()
{
    _params = new Poco::Net::HTTPServerParams;
    _params->setTimeout(Poco::Timespan(_settings.timeoutSeconds, 0));
    _params->setKeepAlive(_settings.keepAliveSeconds > 0);
    _params->setServerName("molard");
    _listener = Poco::Net::ServerSocket(
        Poco::Net::SocketAddress(_settings.address, static_cast<Poco::UInt16>(_settings.port)), 256);
    _listener.setBlocking(false);
    _port = _listener.address().port();
    _poll.add(_listener, Poco::Net::PollSet::POLL_READ);
    _running = true;
    _accepting = true;
    for (int i = 0; i < _settings.threads; ++i)
        _workers.emplace_back([this] { runWorker(); });
    _reactor = std::thread([this] { runReactor(); });
}

void HttpServer::stop(std::chrono::seconds drain)
{
    if (!_running)
        return;
    _accepting = false;
    try {
        _poll.remove(_listener);
        _listener.close();
    } catch (const Poco::Exception&) {
    }
    const auto deadline = Clock::now() + drain;
    while (Clock::now() < deadline) {
        {
            std::lock_guard<std::mutex> lock(_readyMutex);
            if (_ready.empty() && _serving.empty())
                break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    _running = false;
    {
        // Unblock workers still waiting on a client.
        std::lock_guard<std::mutex> lock(_readyMutex);
        for (auto* connection : _serving) {
            try {
                connection->socket.shutdown();
            } catch (const Poco::Exception&) {
            }
        }
        _ready.clear();
    }
    _readyChanged.notify_all();
    if (_reactor.joinable())
        _reactor.join();
    for (auto& worker : _workers)
        worker.join();
    _workers.clear();
    std::lock_guard<std::mutex> lock(_watchedMutex);
    for (auto& entry : _watched) {
        try {
            _poll.remove(entry.second->socket);
        } catch (const Poco::Exception&) {
        }
    }
    _watched.clear();
}

int HttpServer::port() const
{
    return _running ? _port : _settings.port;
}

int HttpServer::queued() const
{
    std::lock_guard<std::mutex> lock(_readyMutex);
    return static_cast<int>(_ready.size());
}

int HttpServer::idleConnections() const
{
    std::lock_guard<std::mutex> lock(_watchedMutex);
    return static_cast<int>(_watched.size());
}

// --- the reactor ---------------------------------------------------------------------------

void HttpServer::runReactor()
{
    auto nextSweep = Clock::now();
    while (_running) {
        Poco::Net::PollSet::SocketModeMap ready;
        try {
            ready = _poll.poll(SWEEP_INTERVAL);
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        // Poco's PollSet answers at once when it holds no socket (while stopping, with the
        // listener gone): wait instead of spinning.
        if (ready.empty() && _poll.empty())
            std::this_thread::sleep_for(std::chrono::microseconds(SWEEP_INTERVAL.totalMicroseconds()));
        for (const auto& entry : ready) {
            if (entry.first == _listener) {
                if (_accepting)
                    acceptAll();
                continue;
            }
            ConnectionPtr connection;
            {
                std::lock_guard<std::mutex> lock(_watchedMutex);
                auto found = _watched.find(entry.first.impl());
                if (found != _watched.end())
                    connection = found->second;
            }
            if (connection)
                readHead(connection);
        }
        if (Clock::now() >= nextSweep) {
            closeExpired();
            nextSweep = Clock::now() + std::chrono::microseconds(SWEEP_INTERVAL.totalMicroseconds());
        }
    }
}

void HttpServer::acceptAll()
{
    for (;;) {
        const int fd = ::accept4(_listener.impl()->sockfd(), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                std::this_thread::sleep_for(std::chrono::milliseconds(10)); // let connections close first
            return;                                                         // EAGAIN: all taken
        }
        ConnectionPtr connection;
        try {
            connection = std::make_shared<Connection>(new PrefixedSocketImpl(fd), _params);
            connection->socket.setNoDelay(true);
            connection->socket.setSendTimeout(Poco::Timespan(_settings.timeoutSeconds, 0));
        } catch (const Poco::Exception&) {
            continue;
        }
        // A new connection has the head deadline for its first request, idle or not.
        connection->deadline = Clock::now() + std::chrono::seconds(_settings.headTimeoutSeconds);
        watch(connection);
    }
}

void HttpServer::readHead(const ConnectionPtr& connection)
{
    char buffer[16384];
    if (connection->lingering) {
        int n;
        while ((n = connection->socketImpl->receiveNow(buffer, sizeof(buffer))) > 0) {
        }
        if (n == 0)
            unwatch(connection); // the client closed too
        return;
    }
    for (;;) {
        const int n = connection->socketImpl->receiveNow(buffer, sizeof(buffer));
        if (n < 0)
            break; // nothing more for now
        if (n == 0) {
            unwatch(connection); // the client closed
            return;
        }
        if (connection->head.empty() && connection->kept)
            connection->deadline = Clock::now() + std::chrono::seconds(_settings.headTimeoutSeconds);
        connection->head.append(buffer, static_cast<std::size_t>(n));
        const HeadScan scan = scanRequestHead(connection->head, _settings.maxHeadBytes);
        if (scan == HeadScan::Complete) {
            unwatch(connection);
            dispatch(connection);
            return;
        }
        if (scan == HeadScan::TooLarge) {
            refuse(connection, 431, "The request's header fields are too large.");
            return;
        }
        if (scan == HeadScan::Malformed) {
            refuse(connection, 400, MALFORMED_HEAD);
            return;
        }
    }
}

void HttpServer::closeExpired()
{
    const auto now = Clock::now();
    std::vector<ConnectionPtr> expired;
    {
        std::lock_guard<std::mutex> lock(_watchedMutex);
        for (const auto& entry : _watched)
            if (entry.second->deadline <= now)
                expired.push_back(entry.second);
    }
    for (const auto& connection : expired) {
        if (!connection->lingering && connection->head.find_first_not_of("\r\n") != std::string::npos)
            refuse(connection, 408, "The request took too long to arrive.");
        else
            unwatch(connection); // idle: close without a word
    }
}

void HttpServer::watch(const ConnectionPtr& connection)
{
    std::lock_guard<std::mutex> lock(_watchedMutex);
    if (!_running)
        return;
    _watched[connection->socket.impl()] = connection;
    try {
        _poll.add(connection->socket, Poco::Net::PollSet::POLL_READ);
    } catch (const Poco::Exception&) {
        _watched.erase(connection->socket.impl());
    }
}

void HttpServer::unwatch(const ConnectionPtr& connection)
{
    std::lock_guard<std::mutex> lock(_watchedMutex);
    if (_watched.erase(connection->socket.impl()) > 0) {
        try {
            _poll.remove(connection->socket);
        } catch (const Poco::Exception&) {
        }
    }
}

void HttpServer::refuse(const ConnectionPtr& connection, int status, const std::string& message)
{
    unwatch(connection);
    const char* reason = status == 400   ? "Bad Request"
                         : status == 408 ? "Request Timeout"
                         : status == 431 ? "Request Header Fields Too Large"
                                         : "Service Unavailable";
    connection->socketImpl->sendNow(plainAnswer(status, reason, message, status == 503));
    linger(connection);
}

// Closing a socket that still has unread bytes makes the kernel send a reset, and a client
// still sending its body may then lose the answer it was sent. So a closing connection
// says it is done (FIN) and the reactor drops what still arrives until the client closes
// too, or for LINGER at most.
void HttpServer::linger(const ConnectionPtr& connection)
{
    try {
        connection->socket.shutdownSend();
    } catch (const Poco::Exception&) {
        return; // already gone
    }
    connection->lingering = true;
    connection->head.clear();
    connection->deadline = Clock::now() + LINGER;
    watch(connection);
}

void HttpServer::dispatch(const ConnectionPtr& connection)
{
    {
        std::lock_guard<std::mutex> lock(_readyMutex);
        if (static_cast<int>(_ready.size()) < _settings.queue && _running) {
            _ready.push_back(connection);
            _readyChanged.notify_one();
            return;
        }
    }
    refuse(connection, 503, "The portal is busy. Try again in a few seconds.");
}

// A connection that served its request waits for the next one: at once, when its
// client already sent it (pipelining), else in the reactor.
void HttpServer::giveBack(const ConnectionPtr& connection)
{
    connection->head = connection->session.takeBuffered() + connection->socketImpl->prefix();
    connection->socketImpl->prefix().clear();
    connection->kept = true;
    const HeadScan scan = scanRequestHead(connection->head, _settings.maxHeadBytes);
    if (scan == HeadScan::Complete) {
        dispatch(connection);
    } else if (scan == HeadScan::TooLarge) {
        refuse(connection, 431, "The request's header fields are too large.");
    } else if (scan == HeadScan::Malformed) {
        refuse(connection, 400, MALFORMED_HEAD);
    } else {
        connection->deadline =
            Clock::now() + std::chrono::seconds(connection->head.empty() ? _settings.keepAliveSeconds
                                                                         : _settings.headTimeoutSeconds);
        watch(connection);
    }
}

// --- the workers ---------------------------------------------------------------------------

void HttpServer::runWorker()
{
    for (;;) {
        ConnectionPtr connection;
        {
            std::unique_lock<std::mutex> lock(_readyMutex);
            _readyChanged.wait(lock, [this] { return !_ready.empty() || !_running; });
            if (!_running)
                return;
            connection = std::move(_ready.front());
            _ready.pop_front();
            _serving.insert(connection.get());
        }
        ++_busy;
        bool keep = false;
        try {
            keep = serve(*connection);
        } catch (...) {
            keep = false;
        }
        --_busy;
        {
            std::lock_guard<std::mutex> lock(_readyMutex);
            _serving.erase(connection.get());
        }
        if (keep && _accepting)
            giveBack(connection);
        else if (!keep)
            linger(connection);
    }
}

bool HttpServer::serve(Connection& connection)
{
    auto& session = connection.session;
    // Poco refuses a head that starts with an empty line (one a client may send after a body).
    connection.head.erase(0, requestStart(connection.head));
    connection.socketImpl->prefix() = std::move(connection.head);
    connection.head.clear();
    Poco::Net::HTTPServerResponseImpl response(session);
    try {
        Poco::Net::HTTPServerRequestImpl request(response, session, _params);
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(_settings.keepAliveSeconds > 0 && request.getKeepAlive() && _accepting);
        response.set("Server", "molard");
        const std::string problem = framingProblem(request);
        if (!problem.empty()) {
            response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            response.setKeepAlive(false);
            response.setContentType("text/plain; charset=utf-8");
            response.sendBuffer((problem + "\n").data(), problem.size() + 1);
            return false;
        }
        if (request.getExpectContinue() && hasBody(request))
            response.sendContinue();

        RequestContext context;
        ChunkedBodyStream chunked(session);
        context.chunkedBody = &chunked;
        std::istream& body = bodyStream(request, context.chunkedBody);
        const auto peer = plainAddress(request.clientAddress().host());
        context.fromTrustedProxy = _proxies.trusts(peer);
        context.clientAddress = _proxies.clientAddress(peer, fieldValues(request, "X-Forwarded-For"));
        context.secure = _settings.secureCookies ||
                         (context.fromTrustedProxy && request.get("X-Forwarded-Proto", "") == "https");
        // Before the answer's head goes out: the unread rest of the body is drained, or
        // the answer says the connection closes.
        bool bodyDone = true;
        context.beforeAnswer = [&] {
            bodyDone = finishBody(request, body, DRAIN_BYTES, DRAIN_WAIT);
            if (!bodyDone)
                response.setKeepAlive(false);
        };
        HttpRequest req(request, context);
        HttpResponse resp(response, context);
        Exchange exchange{req, resp, context, {}};
        InFlight counted(_inFlight);
        try {
            _pipeline.run(exchange);
        } catch (...) {
            // The error boundary answers everything it can; this is the last guard.
            if (!response.sent()) {
                if (context.beforeAnswer)
                    context.beforeAnswer();
                response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
                response.setContentLength(0);
                response.send();
            }
        }
        if (!response.sent()) {
            if (context.beforeAnswer)
                context.beforeAnswer();
            response.setContentLength(0);
            response.send();
        }
        // A handler that streamed its answer may have stopped reading the body after
        // the head went out; the connection is reused only if the body is over.
        return bodyDone && response.getKeepAlive() && finishBody(request, body, DRAIN_BYTES, DRAIN_WAIT);
    } catch (const Poco::Net::NoMessageException&) {
        return false;
    } catch (const Poco::Net::MessageException& e) {
        answerMalformed(*connection.socketImpl, response, "The request is malformed: " + e.message());
        return false;
    } catch (const Poco::SyntaxException&) {
        // Poco reads Content-Length as it parses the head, before framingProblem can.
        answerMalformed(*connection.socketImpl, response, "The request's Content-Length is not a number.");
        return false;
    } catch (const Poco::Exception&) {
        return false;
    }
}

} // namespace molar::host

#include "http/RequestFraming.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <cctype>

namespace molar::host {

namespace {

std::size_t countFields(const Poco::Net::HTTPRequest& request, const std::string& name)
{
    std::size_t count = 0;
    for (const auto& field : request)
        if (Poco::icompare(field.first, name) == 0)
            ++count;
    return count;
}

bool allDigits(const std::string& text)
{
    return !text.empty() && text.size() <= 18 && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
}

// Restores a socket's receive timeout when the drain is over.
class ReceiveTimeoutGuard
{
public:
    ReceiveTimeoutGuard(Poco::Net::StreamSocket& socket) : _socket(socket), _saved(socket.getReceiveTimeout())
    {
    }
    ~ReceiveTimeoutGuard()
    {
        try {
            _socket.setReceiveTimeout(_saved);
        } catch (const Poco::Exception&) {
        }
    }

private:
    Poco::Net::StreamSocket& _socket;
    Poco::Timespan _saved;
};

} // namespace

std::string framingProblem(const Poco::Net::HTTPRequest& request)
{
    const std::size_t lengths = countFields(request, "Content-Length");
    const std::size_t codings = countFields(request, "Transfer-Encoding");
    if (lengths > 1)
        return "The request has more than one Content-Length.";
    if (lengths == 1 && codings > 0)
        return "The request has both Content-Length and Transfer-Encoding.";
    if (lengths == 1 && !allDigits(Poco::trim(request.get("Content-Length"))))
        return "The request's Content-Length is not a number.";
    if (codings > 1)
        return "The request has more than one Transfer-Encoding.";
    // As Poco decides whether to read the body chunked.
    if (codings == 1 && !request.getChunkedTransferEncoding())
        return "The request's Transfer-Encoding is not supported; send it chunked or with a Content-Length.";
    return {};
}

bool hasBody(const Poco::Net::HTTPRequest& request)
{
    return request.getChunkedTransferEncoding() ||
           (request.hasContentLength() && request.getContentLength64() > 0);
}

std::istream& bodyStream(Poco::Net::HTTPServerRequest& request, std::istream* chunked)
{
    return chunked != nullptr && request.getChunkedTransferEncoding() ? *chunked : request.stream();
}

bool finishBody(Poco::Net::HTTPServerRequest& request, std::istream& body, std::size_t maxBytes,
                std::chrono::milliseconds maxWait)
{
    if (!hasBody(request))
        return true;
    if (body.bad() || (body.fail() && !body.eof()))
        return false; // a read already failed part-way (a timeout, a broken chunk)
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (impl == nullptr)
        return false;
    ReceiveTimeoutGuard guard(impl->socket());
    const auto deadline = std::chrono::steady_clock::now() + maxWait;
    char buffer[4096];
    std::size_t dropped = 0;
    try {
        while (dropped <= maxBytes) {
            const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return false;
            impl->socket().setReceiveTimeout(Poco::Timespan(left.count()));
            body.read(buffer, sizeof(buffer));
            const auto got = body.gcount();
            if (got <= 0)
                return body.eof() && !body.bad();
            dropped += static_cast<std::size_t>(got);
        }
    } catch (const Poco::Exception&) {
        return false;
    } catch (const std::exception&) {
        return false; // the stream's own errors, and a malformed chunked body's 400
    }
    return false;
}

} // namespace molar::host

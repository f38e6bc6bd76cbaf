// Request heads as HttpServer takes them, several back to back on one connection
// (pipelining): scanRequestHead says when a whole head has arrived (or refuses one
// Poco would read differently), Poco's parser
// (HTTPServerRequestImpl) reads it, framingProblem and hasBody decide the body,
// finishBody drains it, and what is left is the next request.
#include "ChunkedReference.h"
#include "FuzzCheck.h"
#include "MemoryConnection.h"

#include "http/ChunkedBody.h"
#include "http/RequestFraming.h"
#include "http/RequestHead.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

#include <chrono>
#include <cstdint>
#include <string>

using molar::fuzz::MemoryConnection;
using namespace molar::host;

namespace {

// Small, so that the seeds reach the 431 too; above Poco's 4092-byte line pieces.
const std::size_t MAX_HEAD_BYTES = 6144;
const std::size_t DRAIN_BYTES = 16 * 1024;
const int MAX_REQUESTS = 16;

Poco::Net::HTTPServerParams::Ptr serverParams;

bool complete(const std::string& bytes, std::size_t length)
{
    return scanRequestHead(bytes.substr(0, length), MAX_HEAD_BYTES) == HeadScan::Complete;
}

// Where the head scanRequestHead found ends: the shortest prefix it calls complete
// (a longer prefix holds the same empty line, so the search may halve).
std::size_t headLength(const std::string& bytes)
{
    std::size_t low = 1, high = bytes.size();
    while (low < high) {
        const std::size_t middle = low + (high - low) / 2;
        if (complete(bytes, middle))
            high = middle;
        else
            low = middle + 1;
    }
    MOLAR_FUZZ_CHECK(complete(bytes, low) && (low == 1 || !complete(bytes, low - 1)),
                     "a prefix of a complete head is complete, a shorter one is not");
    return low;
}

std::uint64_t digitsValue(const std::string& text)
{
    std::uint64_t value = 0;
    for (char c : text)
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    return value;
}

// Serves one request of the connection as HttpServer::serve does, without a handler;
// false when the connection would close.
bool serveOne(MemoryConnection& connection, std::string pending)
{
    pending.erase(0, requestStart(pending));
    const std::size_t headEnd = headLength(pending);
    connection.impl->prefix() = pending;
    Poco::Net::HTTPServerResponseImpl response(connection.session);
    try {
        Poco::Net::HTTPServerRequestImpl request(response, connection.session, serverParams);
        const std::size_t afterHead = pending.size() - connection.unread();
        MOLAR_FUZZ_CHECK(afterHead == headEnd, "Poco's parser ends the head where scanRequestHead does");

        const std::string problem = framingProblem(request);
        if (!problem.empty())
            return false; // 400 and close
        if (request.has("Transfer-Encoding"))
            MOLAR_FUZZ_CHECK(request.getChunkedTransferEncoding(),
                             "a Transfer-Encoding framingProblem accepts is read as chunked");
        std::int64_t declared = -1;
        if (request.has("Content-Length")) {
            declared = request.getContentLength64();
            MOLAR_FUZZ_CHECK(static_cast<std::uint64_t>(declared) ==
                                 digitsValue(Poco::trim(request.get("Content-Length"))),
                             "the Content-Length framingProblem accepts is the one Poco reads");
        }
        MOLAR_FUZZ_CHECK(hasBody(request) == (request.getChunkedTransferEncoding() || declared > 0),
                         "hasBody: chunked or a Content-Length above 0");
        ChunkedBodyStream chunked(connection.session);
        std::istream& body = bodyStream(request, &chunked);
        if (!finishBody(request, body, DRAIN_BYTES, std::chrono::milliseconds(1000)))
            return false;
        const std::size_t afterBody = pending.size() - connection.unread();
        if (request.getChunkedTransferEncoding()) {
            const auto expected = molar::fuzz::readChunked(pending.substr(headEnd));
            MOLAR_FUZZ_CHECK(expected.verdict == molar::fuzz::ChunkedReading::Verdict::Whole &&
                                 afterBody == headEnd + expected.end,
                             "a drained chunked body is a whole one, up to its trailer section's end");
        } else {
            const std::size_t available = pending.size() - headEnd;
            const std::size_t length = declared > 0 ? static_cast<std::size_t>(declared) : 0;
            MOLAR_FUZZ_CHECK(length > available || afterBody == headEnd + length,
                             "a drained body ends at its Content-Length, or at once without one");
        }
        return request.getKeepAlive();
    } catch (const Poco::Net::MessageException&) {
        return false; // 400 and close
    } catch (const Poco::Net::NoMessageException&) {
        return false;
    } catch (const Poco::SyntaxException&) {
        return false; // Content-Length not a number, as Poco parses the head: 400 and close
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    serverParams = new Poco::Net::HTTPServerParams;
    serverParams->setKeepAlive(true);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    MemoryConnection connection("", serverParams);
    std::string pending = input;
    for (int served = 0; served < MAX_REQUESTS; ++served) {
        const HeadScan scan = scanRequestHead(pending, MAX_HEAD_BYTES);
        if (scan == HeadScan::TooLarge)
            MOLAR_FUZZ_CHECK(pending.size() > MAX_HEAD_BYTES, "431 only past the limit");
        if (scan != HeadScan::Complete)
            break; // waits for more, or 431 or 400 and close
        if (!serveOne(connection, pending))
            break;
        // HttpServer::giveBack: the next request starts with what is still unread.
        pending = connection.takeUnread();
        MOLAR_FUZZ_CHECK(pending.size() < input.size() &&
                             input.compare(input.size() - pending.size(), pending.size(), pending) == 0,
                         "the next request is the rest of what the client sent");
    }
    return 0;
}
